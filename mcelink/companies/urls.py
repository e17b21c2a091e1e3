from django.urls import path

from mcelink.companies import views

app_name = "companies"
urlpatterns = [path("", views.index, name="list")]
