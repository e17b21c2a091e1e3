from django.urls import path

from mcelink.programs import views

app_name = "programs"
urlpatterns = [
    path("", views.program_list, name="list"),
    path("<int:program_id>/", views.program_detail, name="detail"),
    path("tracks/<int:track_id>/", views.track_detail, name="track"),
]
