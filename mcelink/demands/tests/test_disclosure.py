"""The leak matrix: every role × every workflow stage × both visibilities, through every channel a demand can
show through — pages, list, search, CSV export, API detail and list, counts, candidates, invitations, file
downloads, notifications and error messages. The expected level is written here independently of the code."""

import pytest

from mcelink.accounts.services import api_token_create
from mcelink.core.models import Notification
from mcelink.demands import permissions, selectors
from mcelink.demands.models import Demand, Status
from mcelink.demands.tests.conftest import SECRET

pytestmark = pytest.mark.django_db

NONE, LISTED, SUMMARY, FULL = 0, 1, 2, 3


def expected(who: str, status: str, public: bool) -> int:
    if who == "buyer":
        return FULL
    if status == Status.DRAFT or who in ("other_buyer", "analyst", "reviewer"):
        return NONE
    if who == "sup_nda":
        return FULL
    if who in ("sup_pending", "pm", "staff"):
        return SUMMARY
    return LISTED if public and status in ("open", "shortlisting", "invited") else NONE


@pytest.mark.parametrize("public", [False, True], ids=["invited-only", "public-summary"])
@pytest.mark.parametrize("status", Status.values)
def test_no_channel_discloses_more_than_the_level(world, client, status, public):
    demand = world.demand(public=public, hide_buyer=True, title="비밀요청제목 XQ")
    invitation = None
    if status != Status.DRAFT:
        invitation, _pending = world.open_and_invite(demand)
    selected = invitation if status in ("sample_test", "line_test", "adopted") else None
    Demand.objects.filter(pk=demand.pk).update(status=status, selected_invitation=selected)
    demand.refresh_from_db()
    spec_file = demand.files.get()
    missing_api = None
    for who, user in world.users().items():
        level = expected(who, status, public)
        assert permissions.level(user, demand) == level, who
        assert selectors.visible_demands(user=user).filter(pk=demand.pk).exists() == (level > NONE), who
        client.force_login(user)
        auth = {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(user=user, actor=user)[1]}"}

        page = client.get(f"/demands/{demand.pk}/")
        assert page.status_code == (200 if level else 404), who
        assert (SECRET in page.content.decode()) == (level == FULL), who
        assert ("바이어A" in page.content.decode()) == (level >= SUMMARY), who  # the buyer stays hidden
        listing = client.get("/demands/", {"q": "비밀요청제목"}).content.decode()
        assert ("비밀요청제목 XQ" in listing) == (level > NONE), who
        export = client.get("/demands/export.csv").content.decode()
        assert ("비밀요청제목 XQ" in export) == (level > NONE) and (SECRET in export) == (level == FULL), who

        api = client.get(f"/api/v1/demands/{demand.pk}/", **auth)
        assert api.status_code == (200 if level else 404), who
        if level:
            body = api.json()
            assert (body["specification"] == SECRET) == (level == FULL), who
            assert (body["buyer"] is not None) == (level >= SUMMARY), who
        else:
            missing_api = missing_api or client.get("/api/v1/demands/999999999/", **auth).content
            assert api.content == missing_api, who  # hidden and missing answer the same
        count = client.get("/api/v1/demands/", {"q": "비밀요청제목"}, **auth).json()["count"]
        assert count == (1 if level else 0), who

        candidates = client.get(f"/api/v1/demands/{demand.pk}/candidates/", **auth).status_code
        may_work = who == "buyer" and status not in ("draft", "adopted", "rejected", "withdrawn", "closed")
        assert candidates == (200 if may_work else 403 if level else 404), who

        for url in (f"/demands/files/{spec_file.pk}/", f"/api/v1/demand-files/{spec_file.pk}/"):
            response = client.get(url, **auth)
            assert response.status_code == (200 if level == FULL else 404), (who, url)
        if invitation is not None:
            party = who in ("buyer", "sup_nda")
            assert client.get(f"/demands/invitations/{invitation.pk}/").status_code == (200 if party else 404), who
            assert client.get(f"/api/v1/invitations/{invitation.pk}/", **auth).status_code == (200 if party else 404)
        client.logout()
    for who in ("sup_none", "other_buyer", "pm", "analyst", "reviewer"):
        assert not Notification.objects.filter(user=getattr(world, who)).exists(), who
