from django.urls import path

from mcelink.programs import views

app_name = "programs"
urlpatterns = [path("", views.index, name="list")]
