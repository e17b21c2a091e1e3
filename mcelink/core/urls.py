from django.urls import path

from mcelink.core import views

app_name = "core"
urlpatterns = [
    path("jobs/", views.job_list, name="job_list"),
    path("jobs/<int:job_id>/", views.job_detail, name="job_detail"),
    path("jobs/<int:job_id>/retry/", views.job_retry, name="job_retry"),
    path("jobs/<int:job_id>/progress/", views.job_progress, name="job_progress"),
    path("notifications/", views.notifications, name="notifications"),
]
