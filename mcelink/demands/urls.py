from django.urls import path

from mcelink.demands import views

app_name = "demands"
urlpatterns = [
    path("", views.demand_list, name="list"),
    path("new/", views.demand_create, name="create"),
    path("export.csv", views.demand_export, name="export"),
    path("funnel/", views.funnel, name="funnel"),
    path("files/<int:file_id>/", views.file_download, name="file"),
    path("<int:demand_id>/", views.demand_detail, name="detail"),
    path("<int:demand_id>/edit/", views.demand_edit, name="edit"),
    path("<int:demand_id>/move/", views.demand_move, name="move"),
    path("<int:demand_id>/candidates/refresh/", views.candidates_refresh, name="candidates_refresh"),
    path("<int:demand_id>/candidates/add/", views.candidate_add, name="candidate_add"),
    path("<int:demand_id>/candidates/<int:candidate_id>/decide/", views.candidate_decide, name="candidate_decide"),
    path("<int:demand_id>/invite/", views.invite, name="invite"),
    path("<int:demand_id>/interest/", views.interest, name="interest"),
    path("<int:demand_id>/validation/", views.validation_record, name="validation_record"),
    path("<int:demand_id>/adopt/", views.adopt, name="adopt"),
    path("invitations/<int:invitation_id>/", views.invitation_detail, name="invitation"),
    path("invitations/<int:invitation_id>/nda/", views.nda_accept, name="nda_accept"),
    path("invitations/<int:invitation_id>/messages/", views.message_post, name="message"),
    path("invitations/<int:invitation_id>/proposals/", views.proposal_submit, name="proposal"),
    path("invitations/<int:invitation_id>/reject/", views.invitation_reject, name="reject"),
    path("invitations/<int:invitation_id>/decline/", views.invitation_decline, name="decline"),
    path("invitations/<int:invitation_id>/validation/", views.validation_start, name="validation_start"),
]
