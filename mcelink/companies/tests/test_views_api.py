import pytest

from mcelink.accounts.models import Role
from mcelink.accounts.services import api_token_create
from mcelink.companies.models import Organization, Product
from mcelink.core.models import AuditLog

pytestmark = pytest.mark.django_db


@pytest.fixture
def magtron():
    return Organization.objects.get(name_en="Magtron")


def test_search_finds_suppliers_in_korean_and_english(client, make_user):
    client.force_login(make_user(Role.DEMAND_FIRM))
    ko = client.get("/organizations/", {"q": "콜렛"}).content.decode()
    en = client.get("/organizations/", {"q": "collet"}).content.decode()
    assert "마그트론" in ko and "마그트론" in en
    ring = client.get("/organizations/", {"q": "링 프레임", "region": "incheon"}).content.decode()
    assert "파버나인" in ring and "마그트론" not in ring
    assert "일치하는 기관이 없습니다" in client.get("/organizations/", {"q": "존재하지않는말"}).content.decode()


def test_filters_by_technology_hs_code_and_role(client, make_user):
    client.force_login(make_user(Role.DEMAND_FIRM))
    by_tech = client.get("/organizations/", {"strategic_technology": "SEMI-15", "role": "supply"}).content.decode()
    assert "마그트론" in by_tech and "파버나인" not in by_tech
    by_hs = client.get("/organizations/", {"hs_code": "8505.19"}).content.decode()
    assert "마그트론" in by_hs
    partial = client.get("/organizations/", {"q": "콜렛"}, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in partial and "마그트론" in partial


def test_list_page_queries_do_not_grow_with_results(client, make_user, django_assert_max_num_queries):
    client.force_login(make_user(Role.DEMAND_FIRM))
    with django_assert_max_num_queries(8):
        response = client.get("/organizations/", {"role": "supply"})
    assert response.content.decode().count('href="/organizations/') >= 25


def test_detail_shows_contacts_only_to_whom_may_see_them(client, make_user, magtron):
    magtron.contacts.create(name="홍길동", email="hong@magtron.test")
    client.force_login(make_user(Role.DEMAND_FIRM))
    page = client.get(f"/organizations/{magtron.pk}/").content.decode()
    assert "희토류 저감 마그네틱 콜렛" in page and "hong@magtron.test" not in page
    assert "2025 인천-KITECH 반도체 R&amp;D 지원사업" in page or "2025 인천-KITECH 반도체 R&D 지원사업" in page
    client.force_login(make_user(Role.SUPPLY_FIRM, organization=magtron))
    assert "hong@magtron.test" in client.get(f"/organizations/{magtron.pk}/").content.decode()
    assert client.get("/organizations/999999/").status_code == 404


def test_members_edit_their_own_profile_and_the_change_is_audited(client, make_user, magtron):
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
    other = Organization.objects.get(name_en="Pavonine")
    assert client.get(f"/organizations/{other.pk}/edit/").status_code == 403


def test_product_delete_asks_for_confirmation_first(client, make_user, magtron):
    client.force_login(make_user(Role.SUPPLY_FIRM, organization=magtron))
    product = magtron.products.first()
    assert client.get(f"/organizations/{magtron.pk}/products/{product.pk}/delete/").status_code == 200
    assert Product.objects.filter(pk=product.pk).exists()
    client.post(f"/organizations/{magtron.pk}/products/{product.pk}/delete/")
    assert not Product.objects.filter(pk=product.pk).exists()
    assert AuditLog.objects.filter(action="product.delete").exists()


def test_api_lists_filters_and_hides_contacts(client, make_user, magtron):
    magtron.contacts.create(name="홍길동", email="hong@magtron.test")
    _, token = api_token_create(user=make_user(Role.DEMAND_FIRM), actor=None)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    page = client.get("/api/v1/organizations", {"q": "Magtron collet", "page_size": 5}, **auth).json()
    assert page["count"] >= 1 and any(o["name_en"] == "Magtron" for o in page["items"])
    detail = client.get(f"/api/v1/organizations/{magtron.pk}", **auth).json()
    assert "contacts" not in detail and detail["products"][0]["strategic_technologies"] == ["SEMI-15"]
    _, own = api_token_create(user=make_user(Role.SUPPLY_FIRM, organization=magtron), actor=None)
    mine = client.get(f"/api/v1/organizations/{magtron.pk}", HTTP_AUTHORIZATION=f"Bearer {own}").json()
    assert mine["contacts"][0]["email"] == "hong@magtron.test"
    products = client.get("/api/v1/products", {"hs_code": "8505", "strategic_technology": "SEMI-15"}, **auth).json()
    assert products["count"] >= 1 and all("SEMI-15" in p["strategic_technologies"] for p in products["items"])
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
    Organization.objects.create(kind="sme", name_ko="종업원미상", is_supply_firm=True)
    client.force_login(make_user(Role.DEMAND_FIRM))
    page = client.get("/organizations/", {"sort": "-employees", "role": "supply"}).content.decode()
    assert "종업원미상" not in page  # the first page holds the largest employers, not the unknown one
