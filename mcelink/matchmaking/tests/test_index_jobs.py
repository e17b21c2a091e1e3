"""The index stays out of the request: pages start its build job (once) instead of building it, and imports
refresh the profiles they changed when they are few, or rebuild when they are many."""

import io

import pytest

from mcelink.accounts.models import Role
from mcelink.companies.imports import registry_import
from mcelink.companies.models import Organization
from mcelink.companies.tests.factories import SupplierFactory
from mcelink.core.models import Job
from mcelink.matching import Index

pytestmark = pytest.mark.django_db

PRODUCTS = "business_number,category,name_ko\n"


@pytest.fixture
def no_build_here(monkeypatch):
    """Fails the test if anything builds the index in this process (the page must not)."""

    def refuse(*args, **kwargs):
        raise AssertionError("the index was built inside the request")

    monkeypatch.setattr(Index, "build", refuse)


def test_a_page_without_an_index_says_so_and_starts_one_build_job(client, make_user, no_build_here):
    client.force_login(make_user(Role.DEMAND_FIRM))
    first = client.get("/matching/", {"q": "콜렛"}).content.decode()
    assert "공급기업 색인을 아직 만들지 않았습니다" in first and "다시 검색해 주세요" in first
    again = client.get("/matching/", {"q": "콜렛"}, HTTP_ACCEPT_LANGUAGE="en")
    assert again.status_code == 200
    # Still queued (its worker has not run): the second page joins it instead of starting another.
    assert list(Job.objects.filter(kind="matchmaking.build").values_list("status", flat=True)) == ["queued"]


def test_the_message_is_in_english_on_english_screens(client, make_user, no_build_here):
    user = make_user(Role.DEMAND_FIRM, preferred_language="en")
    client.force_login(user)
    page = client.get("/matching/", {"q": "collet"}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "The supplier index has not been built yet. Building it has started" in page


def test_a_running_build_is_not_started_again(client, make_user, no_build_here):
    running = Job.objects.create(kind="matchmaking.build", status=Job.Status.RUNNING)
    client.force_login(make_user(Role.DEMAND_FIRM))
    client.get("/matching/", {"q": "콜렛"})
    assert list(Job.objects.filter(kind="matchmaking.build")) == [running]


def _import_products(count: int, django_capture_on_commit_callbacks) -> list[Job]:
    """Import one product for each of ``count`` new suppliers; return the jobs the import asked for."""
    numbers = ["1234567891", "2208162517", "1248100998"][:count]
    for number in numbers:
        SupplierFactory(business_number=number)
    rows = "".join(f"{n},component,수입 부품 {i}\n" for i, n in enumerate(numbers))
    before = set(Job.objects.values_list("pk", flat=True))
    with django_capture_on_commit_callbacks() as callbacks:
        report = registry_import(kind="products", source=_file(PRODUCTS + rows), actor=None)
    assert report["created"] == count
    for callback in callbacks:  # enqueue the jobs; the test's transaction keeps their workers from running
        callback()
    return list(Job.objects.exclude(pk__in=before))


def _file(text: str) -> io.BytesIO:
    f = io.BytesIO(text.encode())
    f.name = "products.csv"
    return f


def test_an_import_of_two_products_refreshes_their_suppliers_without_a_rebuild(
    settings, django_capture_on_commit_callbacks
):
    settings.MATCHING_REFRESH_MAX = 2
    jobs = _import_products(2, django_capture_on_commit_callbacks)
    assert [j.kind for j in jobs] == ["matchmaking.refresh"]
    changed = set(
        Organization.objects.filter(products__name_ko__startswith="수입 부품").values_list("pk", flat=True)
    )
    assert set(jobs[0].params["organization_ids"]) == changed and len(changed) == 2


def test_an_import_above_the_threshold_rebuilds(settings, django_capture_on_commit_callbacks):
    settings.MATCHING_REFRESH_MAX = 2
    jobs = _import_products(3, django_capture_on_commit_callbacks)
    assert [j.kind for j in jobs] == ["matchmaking.build"]
