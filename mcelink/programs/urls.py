from django.urls import path

from mcelink.programs import views

app_name = "programs"
urlpatterns = [
    path("", views.program_list, name="list"),
    path("<int:program_id>/", views.program_detail, name="detail"),
    path("tracks/<int:track_id>/", views.track_detail, name="track"),
    path("tracks/<int:track_id>/add/", views.participation_add, name="participation_add"),
    path("participations/<int:participation_id>/remove/", views.participation_remove, name="participation_remove"),
    path("participations/<int:participation_id>/outcomes/new/", views.outcome_add, name="outcome_add"),
]
