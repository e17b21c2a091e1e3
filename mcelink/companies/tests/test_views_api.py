import pytest

from mcelink.accounts.models import Role
from mcelink.accounts.services import api_token_create
from mcelink.companies.models import Organization, Product
from mcelink.companies.tests.factories import ContactFactory, ProductFactory, SupplierFactory
from mcelink.core.models import AuditLog
from mcelink.programs.tests.factories import ParticipationFactory
from mcelink.taxonomy.tests.factories import HSCodeFactory, StrategicTechnologyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def magtron():
    """A supplier with one product (a collet under HS 8505.19 and the test's own strategic technology)."""
    org = SupplierFactory(name_ko="마그트론", name_en="Magtron", region="incheon")
    ProductFactory(
        organization=org, name_ko="희토류 저감 마그네틱 콜렛", name_en="rare-earth-reduced magnetic collet",
        hs_codes=[HSCodeFactory(code="850519")], strategic_technologies=[StrategicTechnologyFactory(code="T-MAG")],
    )  # fmt: skip
    return org


@pytest.fixture
def pavonine():
    org = SupplierFactory(name_ko="파버나인", name_en="Pavonine", region="incheon")
    ProductFactory(organization=org, name_ko="경량 웨이퍼 링 프레임", name_en="lightweight wafer ring frame")
    return org


@pytest.fixture
def elsewhere():
    org = SupplierFactory(name_ko="경기링", name_en="Gyeonggi Ring", region="gyeonggi", city="", district="")
    ProductFactory(organization=org, name_ko="링 프레임", name_en="ring frame")
    return org


def test_search_finds_suppliers_in_korean_and_english(client, make_user, magtron, pavonine, elsewhere):
    client.force_login(make_user(Role.DEMAND_FIRM))
    ko = client.get("/organizations/", {"q": "콜렛"}).content.decode()
    en = client.get("/organizations/", {"q": "collet"}).content.decode()
    assert "마그트론" in ko and "마그트론" in en
    ring = client.get("/organizations/", {"q": "링 프레임", "region": "incheon"}).content.decode()
    assert "파버나인" in ring and "마그트론" not in ring and "경기링" not in ring
    assert "일치하는 기관이 없습니다" in client.get("/organizations/", {"q": "존재하지않는말"}).content.decode()


def test_filters_by_technology_hs_code_and_role(client, make_user, magtron, pavonine):
    client.force_login(make_user(Role.DEMAND_FIRM))
    by_tech = client.get("/organizations/", {"strategic_technology": "T-MAG", "role": "supply"}).content.decode()
    assert "마그트론" in by_tech and "파버나인" not in by_tech
    by_hs = client.get("/organizations/", {"hs_code": "8505.19"}).content.decode()
    assert "마그트론" in by_hs
    partial = client.get("/organizations/", {"q": "콜렛"}, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in partial and "마그트론" in partial


def test_list_page_queries_do_not_grow_with_results(client, make_user, django_assert_max_num_queries):
    ProductFactory.create_batch(30)
    client.force_login(make_user(Role.DEMAND_FIRM))
    with django_assert_max_num_queries(8):
        response = client.get("/organizations/", {"role": "supply"})
    assert response.content.decode().count('href="/organizations/') >= 25


def test_detail_shows_contacts_only_to_whom_may_see_them(client, make_user, magtron):
    ContactFactory(organization=magtron, email="hong@magtron.test")
    ParticipationFactory(organization=magtron, track__program__name_ko="시험 반도체 지원사업")
    client.force_login(make_user(Role.DEMAND_FIRM))
    page = client.get(f"/organizations/{magtron.pk}/").content.decode()
    assert "희토류 저감 마그네틱 콜렛" in page and "hong@magtron.test" not in page
    assert "시험 반도체 지원사업" in page
    client.force_login(make_user(Role.SUPPLY_FIRM, organization=magtron))
    assert "hong@magtron.test" in client.get(f"/organizations/{magtron.pk}/").content.decode()
    assert client.get("/organizations/999999/").status_code == 404


def test_members_edit_their_own_profile_and_the_change_is_audited(client, make_user, magtron, pavonine):
    client.force_login(make_user(Role.SUPPLY_FIRM, organization=magtron))
    form = client.get(f"/organizations/{magtron.pk}/edit/")
    assert form.status_code == 200
    data = {
        "kind": "sme", "name_ko": "마그트론", "name_en": "Magtron Co.", "business_number": "", "region": "incheon",
        "city": "인천광역시", "district": "남동구", "size_class": "small", "website": "", "description_ko": "",
        "description_en": "", "is_supply_firm": "on",
    }  # fmt: skip
    response = client.post(f"/organizations/{magtron.pk}/edit/", data)
    assert response.status_code == 302
    magtron.refresh_from_db()
    assert magtron.name_en == "Magtron Co."
    entry = AuditLog.objects.filter(action="organization.update", object_id=str(magtron.pk)).get()
    assert entry.changes["name_en"] == ["Magtron", "Magtron Co."]
    bad = client.post(f"/organizations/{magtron.pk}/edit/", {**data, "business_number": "123-45-67890"})
    assert bad.status_code == 200 and "검증번호" in bad.content.decode() or "check digit" in bad.content.decode()
    assert client.get(f"/organizations/{pavonine.pk}/edit/").status_code == 403


def test_product_delete_asks_for_confirmation_first(client, make_user, magtron):
    client.force_login(make_user(Role.SUPPLY_FIRM, organization=magtron))
    product = magtron.products.first()
    assert client.get(f"/organizations/{magtron.pk}/products/{product.pk}/delete/").status_code == 200
    assert Product.objects.filter(pk=product.pk).exists()
    client.post(f"/organizations/{magtron.pk}/products/{product.pk}/delete/")
    assert not Product.objects.filter(pk=product.pk).exists()
    assert AuditLog.objects.filter(action="product.delete").exists()


def test_api_lists_filters_and_hides_contacts(client, make_user, magtron, pavonine):
    ContactFactory(organization=magtron, email="hong@magtron.test")
    _, token = api_token_create(user=make_user(Role.DEMAND_FIRM), actor=None)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    page = client.get("/api/v1/organizations", {"q": "Magtron collet", "page_size": 5}, **auth).json()
    assert page["count"] >= 1 and any(o["name_en"] == "Magtron" for o in page["items"])
    detail = client.get(f"/api/v1/organizations/{magtron.pk}", **auth).json()
    # Every field the schema requires is there, null included (contacts, hidden from this caller; employees).
    assert detail["contacts"] is None and detail["employees"] is None
    assert detail["products"][0]["strategic_technologies"] == ["T-MAG"]
    _, own = api_token_create(user=make_user(Role.SUPPLY_FIRM, organization=magtron), actor=None)
    mine = client.get(f"/api/v1/organizations/{magtron.pk}", HTTP_AUTHORIZATION=f"Bearer {own}").json()
    assert mine["contacts"][0]["email"] == "hong@magtron.test"
    products = client.get("/api/v1/products", {"hs_code": "8505", "strategic_technology": "T-MAG"}, **auth).json()
    assert [p["name_ko"] for p in products["items"]] == ["희토류 저감 마그네틱 콜렛"]
    assert client.get("/api/v1/organizations/999999", **auth).json()["error"]["code"] == "not_found"
    bad = client.get("/api/v1/organizations", {"page_size": 10000}, **auth)
    assert bad.status_code == 422 and "page_size" in bad.json()["error"]["fields"]


def test_a_product_edit_is_audited_with_what_changed(client, make_user, magtron):
    client.force_login(make_user(Role.SUPPLY_FIRM, organization=magtron))
    product = magtron.products.first()
    response = client.post(
        f"/organizations/{magtron.pk}/products/{product.pk}/edit/",
        {"category": "component", "name_ko": "새 콜렛", "name_en": product.name_en, "hs_code_list": "8505.19"},
    )
    assert response.status_code == 302
    entry = AuditLog.objects.filter(action="product.update", object_id=str(product.pk)).get()
    assert entry.changes["name_ko"] == [product.name_ko, "새 콜렛"]
    assert [h.code for h in Product.objects.get(pk=product.pk).hs_codes.all()] == ["850519"]


def test_a_dashed_business_number_is_accepted_and_stored_as_digits(client, make_user):
    client.force_login(make_user(Role.PROGRAM_MANAGER))
    response = client.post(
        "/organizations/new/", {"kind": "sme", "name_ko": "대시정밀", "business_number": "124-81-00998", "website": ""}
    )
    assert response.status_code == 302
    assert Organization.objects.get(name_ko="대시정밀").business_number == "1248100998"


def test_organizations_without_a_value_sort_last(client, make_user):
    for employees in range(1, 31):
        SupplierFactory(employees=employees)
    SupplierFactory(name_ko="종업원미상", employees=None)
    client.force_login(make_user(Role.DEMAND_FIRM))
    page = client.get("/organizations/", {"sort": "-employees", "role": "supply"}).content.decode()
    assert "종업원미상" not in page  # the first page holds the largest employers, not the unknown one
