"""Confidential files: private storage under random names, served only through the permission check, never cached,
under the uploader's whole name; and the admin shows staff no more than the disclosure table."""

import importlib
import re

import pytest
from django.test import override_settings
from django.urls import clear_url_caches

from mcelink.accounts.models import Role
from mcelink.core.models import AuditLog
from mcelink.core.tests.multipart import post_multipart
from mcelink.demands import services
from mcelink.demands.models import Demand, DemandFile

pytestmark = pytest.mark.django_db

MARKUP_NAME = "사양서 <b>bold</b>.pdf"
RANDOM_NAME = re.compile(r"demands/\d{4}/\d{2}/[0-9a-f]{32}\.pdf")


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    settings.PRIVATE_FILES_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.PRIVATE_FILES_ROOT


@pytest.fixture
def debug_urls():
    """The URLconf as DEBUG builds it (the demo runs with DEBUG on): what it serves is what a visitor reaches."""
    import config.urls

    with override_settings(DEBUG=True):
        importlib.reload(config.urls)
        clear_url_caches()
        yield
    importlib.reload(config.urls)
    clear_url_caches()


def _create_with_file(client, buyer, name: str = MARKUP_NAME, content: bytes = b"%PDF-1.4 secret drawing"):
    client.force_login(buyer)
    fields = {"title": "파일 요청", "summary": "요약", "visibility": "invited_only"}
    response = post_multipart(client, "/demands/new/", fields, [("files", name, content)])
    assert response.status_code == 302, response.content.decode()[:2000]
    return Demand.objects.get(title="파일 요청")


def test_an_upload_is_stored_privately_under_a_random_name_and_keeps_its_whole_name(client, world, private_root):
    demand = _create_with_file(client, world.buyer)
    stored = demand.files.get()
    assert stored.name == MARKUP_NAME  # Django's parser alone leaves "b>.pdf"
    assert RANDOM_NAME.fullmatch(stored.file.name) and "bold" not in stored.file.name
    assert (private_root / stored.file.name).read_bytes() == b"%PDF-1.4 secret drawing"
    with pytest.raises(ValueError, match="no URL"):
        _ = stored.file.url
    page = client.get(f"/demands/{demand.pk}/").content.decode()
    assert "사양서 &lt;b&gt;bold&lt;/b&gt;.pdf" in page and "<b>bold</b>" not in page
    download = client.get(f"/demands/files/{stored.pk}/")
    assert b"".join(download.streaming_content) == b"%PDF-1.4 secret drawing"
    assert "filename*=utf-8''%EC%82%AC%EC%96%91%EC%84%9C%20%3Cb%3Ebold%3C/b%3E.pdf" in download["Content-Disposition"]


def test_upload_urls_and_path_guesses_answer_404_to_anyone_but_the_view_answers_its_owner(
    client, world, private_root, debug_urls
):
    demand = _create_with_file(client, world.buyer, name="drawing.pdf")
    stored = demand.files.get()
    (private_root.parent / "media" / "jobs").mkdir(parents=True)
    (private_root.parent / "media" / "jobs" / "orgs.csv").write_text("secret registry")  # an old-style upload
    guesses = [
        f"/media/{stored.file.name}",
        "/media/demands/drawing.pdf",
        "/media/jobs/orgs.csv",
        f"/private/{stored.file.name}",
        f"/media/../private/{stored.file.name}",
    ]
    for who in (None, world.other_buyer, world.sup_none):
        client.logout()
        if who is not None:
            client.force_login(who)
        for url in guesses:
            assert client.get(url).status_code == 404, (who, url)
        view = client.get(f"/demands/files/{stored.pk}/")
        if who is None:
            assert view.status_code == 302 and view["Location"].startswith("/accounts/login/")
        else:
            assert view.status_code == 404
        assert client.get(f"/api/v1/demand-files/{stored.pk}/").status_code in (401, 404)
    client.force_login(world.buyer)
    assert b"".join(client.get(f"/demands/files/{stored.pk}/").streaming_content) == b"%PDF-1.4 secret drawing"


def test_confidential_downloads_are_never_cached(client, world, make_user):
    demand = world.demand()
    stored = demand.files.get()
    client.force_login(world.buyer)
    token = _token(world.buyer)
    responses = {
        "page": client.get(f"/demands/files/{stored.pk}/"),
        "api": client.get(f"/api/v1/demand-files/{stored.pk}/", headers={"Authorization": f"Bearer {token}"}),
        "export": client.get("/demands/export.csv"),
    }
    for channel, response in responses.items():
        assert response.status_code == 200, channel
        assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"], channel


def _token(user) -> str:
    from mcelink.accounts.services import api_token_create

    return api_token_create(user=user, actor=user, label="files test")[1]


def test_the_admin_shows_staff_no_draft_and_no_confidential_value(client, world, make_user):
    draft = world.demand(title="초안 비밀 제목")
    services.demand_update(demand=draft, actor=world.buyer, specification="비밀 사양 값 42")
    live = world.demand(title="공개된 요청")
    services.demand_transition(demand=live, to="open", actor=world.buyer, enqueue_ranking=False)
    services.demand_update(demand=Demand.objects.get(pk=live.pk), actor=world.buyer, specification="열린 비밀 사양")
    client.force_login(make_user(Role.STAFF, is_superuser=True))

    listing = client.get("/admin/demands/demand/").content.decode()
    assert "공개된 요청" in listing and "초안 비밀 제목" not in listing
    assert client.get(f"/admin/demands/demand/{draft.pk}/change/").status_code == 302  # "does not exist"
    detail = client.get(f"/admin/demands/demand/{live.pk}/change/").content.decode()
    assert "열린 비밀 사양" not in detail and "요약" in detail

    audit = client.get("/admin/core/auditlog/?q=").content.decode()
    assert "초안 비밀 제목" not in audit and "공개된 요청" in audit
    row = AuditLog.objects.filter(object_type="demands.demand", object_id=str(live.pk), action="demand.update").first()
    assert row is not None and "열린 비밀 사양" in str(row.changes)  # the log keeps it; the admin does not show it
    shown = client.get(f"/admin/core/auditlog/{row.pk}/change/").content.decode()
    assert "specification" in shown and "열린 비밀 사양" not in shown
    draft_row = AuditLog.objects.filter(object_type="demands.demand", object_id=str(draft.pk)).first()
    assert client.get(f"/admin/core/auditlog/{draft_row.pk}/change/").status_code == 302


def test_a_refused_upload_in_a_proposal_leaves_no_file(world, private_root):
    """All or nothing also where files come with another write: the proposal's files go when it fails."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from mcelink.core.errors import ServiceError
    from mcelink.demands import collaboration

    demand = world.demand()
    nda, _pending = world.open_and_invite(demand)
    before = set(DemandFile.objects.values_list("pk", flat=True))
    files_before = sorted(p.name for p in private_root.rglob("*") if p.is_file())
    with pytest.raises(ServiceError):
        collaboration.proposal_submit(
            invitation=nda, actor=world.sup_nda, unit_price_krw=1000, lead_time_days=10,
            files=[SimpleUploadedFile("quote.pdf", b"%PDF-1.4 quote"), SimpleUploadedFile("x.exe", b"MZ")],
        )  # fmt: skip
    assert set(DemandFile.objects.values_list("pk", flat=True)) == before
    assert sorted(p.name for p in private_root.rglob("*") if p.is_file()) == files_before
