from django.urls import path

from mcelink.taxonomy import views

app_name = "taxonomy"
urlpatterns = [path("", views.index, name="home")]
