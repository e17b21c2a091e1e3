from django.urls import path

from mcelink.taxonomy import views

app_name = "taxonomy"
urlpatterns = [
    path("", views.home, name="home"),
    path("technologies/", views.technology_list, name="technology_list"),
    path("technologies/import/", views.technology_import, name="technology_import"),
    path("technologies/<str:code>/", views.technology_detail, name="technology_detail"),
    path("hs/", views.hs_browse, name="hs_browse"),
    path("hs/<str:code>/", views.hs_detail, name="hs_detail"),
]
