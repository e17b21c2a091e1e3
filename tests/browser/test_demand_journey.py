import pytest

from mcelink.accounts.models import Role
from mcelink.accounts.tests.factories import UserFactory
from mcelink.companies.models import Organization, Product
from mcelink.demands.nda import nda_terms_ensure

pytestmark = [pytest.mark.browser, pytest.mark.serial, pytest.mark.django_db(transaction=True)]
SPEC = "Suction force 0.8 N, 2 million pick-ups"


def login(page, live_server, username):
    page.goto("/accounts/login/")
    page.get_by_label("사용자 이름").fill(username)
    page.get_by_label("비밀번호").fill("pw-for-tests-1")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/")


def test_a_buyer_posts_invites_the_top_candidate_and_the_supplier_sees_the_spec_only_after_the_nda(page, live_server):
    nda_terms_ensure()
    buyer_org = Organization.objects.create(kind="large", name_ko="한빛반도체패키징", is_demand_firm=True)
    magtron = Organization.objects.create(kind="sme", name_ko="마그트론", name_en="Magtron", is_supply_firm=True)
    Product.objects.create(organization=magtron, category="component", name_ko="마그네틱 콜렛", name_en="Magnet collet")
    other = Organization.objects.create(kind="sme", name_ko="다른정밀", is_supply_firm=True)
    Product.objects.create(organization=other, category="component", name_ko="리드프레임", name_en="Lead frame")
    UserFactory(username="b", role=Role.DEMAND_FIRM, organization=buyer_org, preferred_language="en")
    UserFactory(username="s", role=Role.SUPPLY_FIRM, organization=magtron, preferred_language="en")
    # The supplier index exists before the journey, as in the product (a worker builds it; tests run jobs inline,
    # so building it on the first ranking would make one click wait for a whole build).
    from mcelink.matchmaking.services import matching_index_build

    matching_index_build()

    login(page, live_server, "b")
    page.goto("/demands/new/")
    page.get_by_label("title").fill("Magnet collet for die pick-up")
    page.get_by_label("public summary").fill("A magnet collet for our die bonders")
    page.get_by_label("full specification").fill(SPEC)
    page.get_by_role("button", name="Save").click()
    page.get_by_role("button", name="Open to suppliers").click()
    page.get_by_role("button", name="Confirm").click()
    first = page.locator("table.candidates tbody tr").first
    assert "Magtron" in first.inner_text() and "collet" in first.inner_text().lower()
    first.get_by_role("button", name="Invite").click()
    assert page.get_by_text("Magtron was invited.").is_visible()
    page.get_by_role("button", name="Log out").click()

    login(page, live_server, "s")
    page.get_by_role("link", name="Magnet collet for die pick-up").first.click()
    assert page.get_by_text("A magnet collet for our die bonders").is_visible()
    assert page.get_by_text(SPEC).count() == 0
    page.get_by_label("I have read the terms and accept them for my company.").check()
    page.get_by_role("button", name="Accept the NDA").click()
    assert page.get_by_text("You accepted the NDA.").is_visible()
    assert page.locator("#specification").inner_text() == SPEC


def test_in_korean_the_supplier_proposes_and_the_buyer_validates_and_adopts(page, live_server):
    from mcelink.demands import collaboration, services

    nda_terms_ensure()
    buyer_org = Organization.objects.create(kind="large", name_ko="누리칩스", is_demand_firm=True)
    supplier_org = Organization.objects.create(kind="sme", name_ko="한울몰드", is_supply_firm=True)
    buyer = UserFactory(username="b", role=Role.DEMAND_FIRM, organization=buyer_org)
    supplier = UserFactory(username="s", role=Role.SUPPLY_FIRM, organization=supplier_org)
    demand = services.demand_create(actor=buyer, title="양면냉각 패키지 몰드", summary="DSC 몰드", source_country="DE")
    services.demand_transition(demand=demand, to="open", actor=buyer, enqueue_ranking=False)
    invitation = collaboration.invitation_create(demand=demand, supplier=supplier_org, actor=buyer)
    collaboration.invitation_accept_nda(invitation=invitation, actor=supplier, terms_version="2025-1")

    login(page, live_server, "s")
    page.goto(f"/demands/invitations/{invitation.pk}/")
    page.get_by_label("단가(원)").fill("150000000")
    page.get_by_label("납기(일)").fill("60")
    page.get_by_role("button", name="제안 보내기").click()
    assert page.get_by_text("제안을 보냈습니다.").is_visible()
    page.get_by_role("button", name="로그아웃").click()

    login(page, live_server, "b")
    page.goto(f"/demands/invitations/{invitation.pk}/")
    page.get_by_label("샘플 시험 계획").fill("샘플 5벌 성형 시험")
    page.get_by_role("button", name="샘플 시험 시작").click()
    assert page.get_by_text("실증을 시작했습니다.").is_visible()
    page.get_by_label("합격", exact=True).check()
    page.locator("#id_result").fill("치수 공차 만족")
    page.get_by_role("button", name="결과 기록").click()
    page.get_by_label("라인 시험 계획").fill("양산 라인 1개월")
    page.get_by_role("button", name="라인 시험 시작").click()
    page.get_by_label("합격", exact=True).check()
    page.locator("#id_result").fill("양산성 확인")
    page.get_by_role("button", name="결과 기록").click()
    page.get_by_label("계약 금액(원)").fill("300000000")
    page.get_by_label("계약 시작일").fill("2026-12-01")
    page.get_by_role("button", name="채택").click()
    assert page.get_by_text("채택: 이 품목이 국산화 성과로 집계됩니다.").is_visible()
    assert page.get_by_text("독일 수입품 대체").is_visible()


def test_the_demand_form_suggests_a_strategic_technology_and_an_hs_code(page, live_server):
    from mcelink.matchmaking.services import hs_classifier_build, matching_index_build
    from mcelink.taxonomy.models import StrategicTechnology
    from mcelink.taxonomy.services import hs_nomenclature_load, strategic_technologies_load_sample

    hs_nomenclature_load()
    strategic_technologies_load_sample()
    matching_index_build()
    hs_classifier_build()
    buyer_org = Organization.objects.create(kind="large", name_ko="한빛반도체패키징", is_demand_firm=True)
    UserFactory(username="b", role=Role.DEMAND_FIRM, organization=buyer_org, preferred_language="en")
    login(page, live_server, "b")
    page.goto("/demands/new/")
    page.get_by_label("title").fill("Magnetic collet for die pick-up")
    page.get_by_label("public summary").fill("마그네틱 콜렛, 다이 본더용")
    page.get_by_role("button", name="Suggest strategic technologies").click()
    semi09 = StrategicTechnology.objects.get(code="SEMI-09")
    page.locator(f'#tech-suggestions button[data-suggest-value="{semi09.pk}"]').click()
    assert page.locator("#id_strategic_technology").input_value() == str(semi09.pk)
    page.get_by_role("button", name="Suggest HS codes").click()
    page.locator("#hs-suggestions button").first.click()
    assert page.locator("#id_hs_code").input_value().replace(".", "").replace("-", "").isdigit()
