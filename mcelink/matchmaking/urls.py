from django.urls import path

from mcelink.matchmaking import views

app_name = "matchmaking"
urlpatterns = [
    path("", views.search, name="search"),
    path("rebuild/", views.rebuild, name="rebuild"),
    path("hs-suggest/", views.hs_suggestions, name="hs_suggest"),
    path("tech-suggest/", views.technology_suggestions, name="tech_suggest"),
]
