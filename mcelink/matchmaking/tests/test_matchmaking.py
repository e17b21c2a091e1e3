import pytest

from mcelink.accounts.models import Role
from mcelink.companies.models import Organization
from mcelink.companies.services import product_save
from mcelink.companies.tests.factories import ProductFactory, SupplierFactory
from mcelink.core.models import Job
from mcelink.matchmaking.selectors import supplier_search
from mcelink.matchmaking.services import hs_classifier_build, matching_index_build

# Each build analyzes every supply firm of the default data (about 25 s): left out of `make test-quick`.
pytestmark = [pytest.mark.django_db, pytest.mark.slow]


@pytest.fixture
def magtron():
    """A supplier with one product, built here rather than looked up in the default data."""
    org = SupplierFactory(name_ko="마그트론", name_en="Magtron")
    ProductFactory(organization=org, name_ko="희토류 저감 마그네틱 콜렛", name_en="")
    return org


@pytest.fixture
def pavonine():
    """A supplier whose product has a Korean name only: an English need reaches it through the bridge."""
    org = SupplierFactory(name_ko="파버나인", name_en="Pavonine")
    ProductFactory(organization=org, name_ko="경량 웨이퍼 링 프레임", name_en="")
    return org


@pytest.fixture
def built(magtron, pavonine):
    return matching_index_build()


def test_the_index_holds_every_supply_firm(built):
    assert built["suppliers"] == Organization.objects.filter(is_supply_firm=True).count()


def test_a_korean_need_finds_magtron_with_a_korean_explanation(client, make_user, built):
    client.force_login(make_user(Role.DEMAND_FIRM))
    page = client.get("/matching/", {"q": "희토류 저감 마그네틱 콜렛"}).content.decode()
    assert "일치한 제품: 희토류 저감 마그네틱 콜렛" in page
    first = page.index("<ol")
    assert page.index("마그트론", first) < page.index("</li>", first)  # ranked first


def test_an_english_need_finds_korean_suppliers_through_the_bridge(make_user, built):
    results = supplier_search(user=make_user(Role.DEMAND_FIRM), text="lightweight wafer ring frame", top=5)
    assert any(org.name_en == "Pavonine" for _m, org in results)
    assert results[0][0].explanation.summary().startswith("Matching products")


def test_a_region_is_a_preference_or_with_only_region_a_filter(make_user, built):
    buyer = make_user(Role.DEMAND_FIRM)
    only = supplier_search(user=buyer, text="test socket", region="gyeonggi", only_region=True, top=20)
    assert only and all(org.region == "gyeonggi" for _m, org in only)
    preferred = supplier_search(user=buyer, text="test socket", region="gyeonggi", top=40)
    plain = supplier_search(user=buyer, text="test socket", top=40)
    assert {org.region for _m, org in preferred} - {"gyeonggi"}  # others are still there
    share = lambda results: sum(org.region == "gyeonggi" for _m, org in results[:10])  # noqa: E731
    assert share(preferred) > share(plain)
    assert "gyeonggi" in preferred[0][0].explanation.preferences


def test_without_an_index_the_page_says_so(client, make_user):
    client.force_login(make_user(Role.DEMAND_FIRM))
    assert "아직 만들지 않았습니다" in client.get("/matching/", {"q": "콜렛"}).content.decode()


def test_a_product_change_reaches_the_index_through_a_background_job(
    make_user, magtron, built, django_capture_on_commit_callbacks
):
    user = make_user(Role.SUPPLY_FIRM, organization=magtron)
    assert magtron not in [org for _m, org in supplier_search(user=user, text="초전도 케이블", top=5)]
    with django_capture_on_commit_callbacks(execute=True):
        product_save(organization=magtron, actor=user, category="component", name_ko="초전도 케이블", name_en="")
    assert Job.objects.filter(kind="matchmaking.refresh", status="succeeded").exists()
    assert supplier_search(user=user, text="초전도 케이블", top=5)[0][1] == magtron


def test_only_managers_rebuild(client, make_user, django_capture_on_commit_callbacks):
    client.force_login(make_user(Role.SUPPLY_FIRM))
    assert client.post("/matching/rebuild/").status_code == 403
    client.force_login(make_user(Role.PROGRAM_MANAGER))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/matching/rebuild/")
    job = Job.objects.get(kind="matchmaking.build")
    assert response["Location"] == f"/jobs/{job.pk}/"
    job.refresh_from_db()
    assert job.status == "succeeded"
    assert job.report["suppliers"] == Organization.objects.filter(is_supply_firm=True).count()


def test_the_product_form_suggests_hs_codes(client, make_user, magtron):
    client.force_login(make_user(Role.SUPPLY_FIRM, organization=magtron))
    params = {"name_ko": "희토류 영구자석", "name_en": "permanent magnet"}
    assert "HS 코드 색인을 아직 만들지 않았습니다" in client.get("/matching/hs-suggest/", params).content.decode()
    hs_classifier_build()
    page = client.get("/matching/hs-suggest/", params).content.decode()
    assert 'data-suggest-value="8505.' in page
    assert "먼저 제품명이나 설명을 적어 주세요" in client.get("/matching/hs-suggest/").content.decode()
    form = client.get(f"/organizations/{magtron.pk}/products/new/").content.decode()
    assert 'hx-get="/matching/hs-suggest/"' in form
