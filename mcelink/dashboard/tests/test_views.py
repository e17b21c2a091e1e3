import datetime

import pytest

from mcelink.companies.models import Organization, Product
from mcelink.programs.models import Participation, Program, Track
from mcelink.programs.tests.factories import EventFactory, OutcomeFactory
from mcelink.taxonomy.tests.factories import IndustryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def program_world():
    kitech = Organization.objects.create(kind="research_institute", name_ko="한국생산기술연구원", name_en="KITECH")
    buyer = Organization.objects.create(kind="large", name_ko="수요전자", name_en="Demand Co.", is_demand_firm=True)
    maker = Organization.objects.create(
        kind="sme", name_ko="공급정밀", name_en="Supply Precision", is_supply_firm=True, region="incheon"
    )
    Product.objects.create(organization=maker, category="component", name_ko="테스트 소켓", name_en="")
    program = Program.objects.create(
        code="p", name_ko="반도체 지원사업", name_en="Semiconductor support", year=2025, operator=kitech
    )
    track = Track.objects.create(program=program, number=1, name_ko="후공정", name_en="Back-end", quota=2)
    Participation.objects.create(track=track, organization=maker, partner=buyer)
    return {"kitech": kitech, "buyer": buyer, "maker": maker, "program": program}


def test_program_manager_sees_programs_and_coverage(client, make_user, program_world):
    client.force_login(make_user("program_manager", organization=program_world["kitech"]))
    html = client.get("/").content.decode()
    assert "반도체 지원사업" in html
    assert "핵심전략기술 확보 현황" in html
    assert "국내 공급기업 찾기" not in html


def test_supply_firm_sees_what_its_profile_lacks_and_its_programs(client, make_user, program_world):
    client.force_login(make_user("supply_firm", organization=program_world["maker"]))
    html = client.get("/").content.decode()
    assert "일부 제품의 영문명과 영문 설명" in html
    assert "일부 제품의 HS 코드" in html
    assert "참여 중인 지원사업" in html and "반도체 지원사업" in html
    assert "최근 변경" not in html  # the audit log is for staff


def test_demand_firm_gets_supplier_search_and_its_linked_suppliers(client, make_user, program_world):
    client.force_login(make_user("demand_firm", organization=program_world["buyer"]))
    html = client.get("/").content.decode()
    assert "국내 공급기업 찾기" in html
    assert "공급정밀" in html
    assert "일부 제품의 HS 코드" not in html


def test_staff_sees_recent_jobs_and_changes(client, make_user, program_world):
    client.force_login(make_user("staff"))
    html = client.get("/").content.decode()
    assert "최근 작업" in html and "최근 변경" in html


def test_dashboard_query_count_does_not_grow_with_programs(
    client, make_user, program_world, django_assert_max_num_queries
):
    client.force_login(make_user("program_manager", organization=program_world["kitech"]))
    for n in range(5):
        program = Program.objects.create(
            code=f"more{n}", name_ko=f"사업{n}", year=2026, operator=program_world["kitech"]
        )
        track = Track.objects.create(program=program, number=1, name_ko="트랙", quota=3)
        Participation.objects.create(track=track, organization=program_world["maker"])
    with django_assert_max_num_queries(15):
        response = client.get("/")
    assert response.content.decode().count("/programs/") >= 6


def test_recent_outcomes_put_the_measured_results_before_the_samples(client, make_user):
    future = EventFactory(date=datetime.date(2030, 1, 1))
    OutcomeFactory(participation__organization__name_ko="예시기업", event=future, is_sample=True)
    OutcomeFactory(participation__organization__name_ko="실측기업", event=EventFactory(date=datetime.date(2029, 1, 1)))
    for order, name in ((9001, "가나산업"), (9002, "다라산업"), (9003, "마바산업")):
        IndustryFactory(name_ko=name, sort_order=order)
    client.force_login(make_user("analyst"))
    html = client.get("/").content.decode()
    section = html[html.index("최근 성과") :]
    assert section.index("실측기업") < section.index("예시")
    coverage = html[html.index("핵심전략기술 확보 현황") :]
    assert coverage.index("가나산업") < coverage.index("다라산업") < coverage.index("마바산업")


def test_registry_figures_are_read_once_per_interval(
    client, make_user, program_world, settings, django_assert_max_num_queries
):
    """The registry-wide figures (counts, coverage, regions) are the same for everyone: the second dashboard in the
    interval reads none of them again."""
    from django.core.cache import cache

    settings.DASHBOARD_FIGURES_SECONDS = 300
    cache.clear()
    client.force_login(make_user("analyst"))
    first = client.get("/").content.decode()
    with django_assert_max_num_queries(7):
        second = client.get("/").content.decode()
    assert "핵심전략기술 확보 현황" in second and first.count("<tr>") == second.count("<tr>")
    cache.clear()


def test_strategic_coverage_counts_each_technology_and_supplier_once():
    from mcelink.companies.tests.factories import ProductFactory, SupplierFactory
    from mcelink.dashboard.selectors import strategic_coverage
    from mcelink.taxonomy.tests.factories import StrategicTechnologyFactory

    industry = IndustryFactory(name_ko="커버리지시험산업", sort_order=9100)
    by_supplier, in_product, nobody, by_buyer_only = (
        StrategicTechnologyFactory(industry=industry, code=f"T-COV{n}") for n in range(4)
    )
    both = SupplierFactory()
    both.strategic_technologies.set([by_supplier, in_product])
    ProductFactory(organization=both, strategic_technologies=[in_product])
    ProductFactory(organization=both, strategic_technologies=[in_product])
    SupplierFactory().strategic_technologies.set([by_supplier])
    buyer = Organization.objects.create(kind="large", name_ko="수요만", is_demand_firm=True)
    buyer.strategic_technologies.set([by_buyer_only])
    row = next(i for i in strategic_coverage() if i.pk == industry.pk)
    assert (row.listed, row.covered, row.suppliers) == (4, 2, 2)
    assert nobody.organizations.count() == 0
