import threading

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection

from mcelink.accounts.models import Role
from mcelink.accounts.services import api_token_create
from mcelink.companies.models import Organization
from mcelink.companies.tests.factories import OrganizationFactory, SupplierFactory
from mcelink.core.errors import ServiceError
from mcelink.core.models import AuditLog
from mcelink.programs.models import Participation, Program, Track
from mcelink.programs.permissions import can_manage_program, can_view_program
from mcelink.programs.services import (
    ERR_ALREADY_PARTICIPATES,
    ERR_TRACK_FULL,
    ERR_VALUE_NEEDS_UNIT,
    outcome_record,
    participation_add,
)
from mcelink.programs.tests.factories import (
    EventFactory,
    OutcomeFactory,
    ParticipationFactory,
    ProgramFactory,
    TrackFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def program():
    """A running programme with one funder and three tracks: 1 (3 of 3 places taken, Magtron with two outcomes
    presented at a briefing), 2 (1 of 2), 3 (2 of 2, full)."""
    program = ProgramFactory(code="test-semi", name_ko="시험 인천 반도체 지원사업", name_en="Test Incheon programme")
    program.funders.add(OrganizationFactory(kind="public_agency"))
    track1, track2, track3 = (TrackFactory(program=program, number=n, quota=q) for n, q in ((1, 3), (2, 2), (3, 2)))
    magtron = SupplierFactory(name_ko="마그트론", name_en="Magtron")
    kept = ParticipationFactory(track=track1, organization=magtron)
    ParticipationFactory(track=track1, organization=SupplierFactory(name_ko="파버나인", name_en="Pavonine"))
    ParticipationFactory(track=track1)
    ParticipationFactory(track=track2)
    ParticipationFactory.create_batch(2, track=track3)
    briefing = EventFactory(program=program)
    OutcomeFactory(
        participation=kept, event=briefing, category="material_saving",
        title_ko="희토류 사용량 약 70% 저감 마그네틱 콜렛", value=70, unit="%",
    )  # fmt: skip
    OutcomeFactory(participation=kept, event=briefing, category="new_sales", title_ko="신규 매출", value=50_000_000,
                   unit="KRW")  # fmt: skip
    return program


@pytest.fixture
def kitech_pm(make_user, program):
    return make_user(Role.PROGRAM_MANAGER, organization=program.operator)


@pytest.mark.parametrize(
    ("role", "own_operator", "may_manage"),
    [
        (Role.PROGRAM_MANAGER, True, True),
        (Role.PROGRAM_MANAGER, False, False),
        (Role.STAFF, False, True),
        (Role.DEMAND_FIRM, False, False),
        (Role.SUPPLY_FIRM, False, False),
        (Role.REVIEWER, False, False),
        (Role.ANALYST, False, False),
    ],
)
def test_permission_matrix(make_user, program, role, own_operator, may_manage):
    org = program.operator if own_operator else Organization.objects.create(kind="public_agency", name_ko="타기관")
    user = make_user(role, organization=org)
    assert can_view_program(user, program) is True
    assert bool(can_manage_program(user, program)) is may_manage


def test_funder_program_managers_may_manage_too(make_user, program):
    assert can_manage_program(make_user(Role.PROGRAM_MANAGER, organization=program.funders.get()), program)


def test_a_full_track_refuses_one_more_company(kitech_pm, program):
    track3 = program.tracks.get(number=3)
    newcomer = Organization.objects.create(kind="sme", name_ko="신규기업")
    with pytest.raises(ServiceError) as err:
        participation_add(track=track3, organization=newcomer, actor=kitech_pm)
    assert err.value.message == ERR_TRACK_FULL
    track3.quota = 3
    track3.save()
    participation_add(track=track3, organization=newcomer, actor=kitech_pm)
    with pytest.raises(ServiceError) as again:
        participation_add(track=track3, organization=newcomer, actor=kitech_pm)
    assert again.value.message == ERR_ALREADY_PARTICIPATES
    assert AuditLog.objects.filter(action="participation.create").count() == 1


def test_only_managers_add_companies(make_user, program):
    with pytest.raises(PermissionDenied):
        participation_add(
            track=program.tracks.first(), organization=Organization.objects.create(kind="sme", name_ko="x"),
            actor=make_user(Role.SUPPLY_FIRM),
        )  # fmt: skip


def test_an_outcome_value_needs_a_unit(kitech_pm, program):
    participation = Participation.objects.filter(track__program=program).first()
    with pytest.raises(ServiceError) as err:
        outcome_record(participation=participation, actor=kitech_pm, category="new_sales", title_ko="매출", value=10)
    assert err.value.message == ERR_VALUE_NEEDS_UNIT


def test_track_page_answers_who_is_in_track_1_and_what_magtron_achieved(client, make_user, program):
    client.force_login(make_user(Role.ANALYST))
    detail = client.get(f"/programs/{program.pk}/").content.decode()
    assert "3 / 3" in detail and "1 / 2" in detail and "2 / 2" in detail and "2026-01-19" in detail
    track1 = program.tracks.get(number=1)
    page = client.get(f"/programs/tracks/{track1.pk}/").content.decode()
    assert page.count('href="/organizations/') >= 3
    assert "마그트론" in page and "파버나인" in page
    assert "희토류 사용량 약 70% 저감 마그네틱 콜렛" in page and "50,000,000 KRW" in page
    assert client.get("/programs/tracks/999999/").status_code == 404


def test_track_page_queries_are_constant(client, make_user, program, django_assert_max_num_queries):
    client.force_login(make_user(Role.ANALYST))
    with django_assert_max_num_queries(12):
        client.get(f"/programs/tracks/{program.tracks.get(number=1).pk}/")


def test_api_gives_the_same_answer(client, make_user, program):
    _, token = api_token_create(user=make_user(Role.REVIEWER), actor=None)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    programs = client.get("/api/v1/programs", {"q": "Test Incheon"}, **auth).json()
    assert programs["count"] == 1 and programs["items"][0]["participant_count"] == 6
    detail = client.get(f"/api/v1/programs/{program.pk}", **auth).json()
    assert [(t["number"], t["quota"], t["participant_count"]) for t in detail["tracks"]] == [
        (1, 3, 3),
        (2, 2, 1),
        (3, 2, 2),
    ]
    track1 = client.get(f"/api/v1/tracks/{detail['tracks'][0]['id']}", **auth).json()
    assert len(track1["participations"]) == 3
    magtron = next(p for p in track1["participations"] if p["organization"]["name_en"] == "Magtron")
    assert {(o["category"], o["value"], o["unit"]) for o in magtron["outcomes"]} == {
        ("material_saving", "70.00", "%"),
        ("new_sales", "50000000.00", "KRW"),
    }
    by_org = client.get("/api/v1/outcomes", {"organization": magtron["organization"]["id"]}, **auth).json()
    assert by_org["count"] == 2 and by_org["items"][0]["presented_on"] == "2026-01-19"
    assert client.get("/api/v1/tracks/999999", **auth).status_code == 404


@pytest.mark.serial
@pytest.mark.django_db(transaction=True)
def test_two_managers_adding_the_last_place_at_once_cannot_both_succeed(make_user):
    operator = Organization.objects.create(kind="research_institute", name_ko="운영기관")
    program = Program.objects.create(code="race", name_ko="경합", year=2026, operator=operator)
    track = Track.objects.create(program=program, number=1, name_ko="트랙", quota=1)
    pm = make_user(Role.PROGRAM_MANAGER, organization=operator)
    companies = [Organization.objects.create(kind="sme", name_ko=f"기업{i}") for i in range(2)]
    results: list[str] = []
    barrier = threading.Barrier(2)

    def add(org):
        barrier.wait()
        try:
            participation_add(track=track, organization=org, actor=pm)
            results.append("ok")
        except ServiceError as exc:
            results.append(exc.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=add, args=(c,)) for c in companies]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["ok", "track_full"]
    assert track.participations.count() == 1


def test_a_manager_adds_a_company_records_its_outcome_and_removes_it(client, kitech_pm, program):
    client.force_login(kitech_pm)
    track3 = program.tracks.get(number=3)
    newcomer = SupplierFactory()
    full = client.post(f"/programs/tracks/{track3.pk}/add/", {"organization": newcomer.pk})
    assert full.status_code == 200 and "선정 기업 수가 다 찼습니다" in full.content.decode()
    track3.quota = 3
    track3.save()
    added = client.post(f"/programs/tracks/{track3.pk}/add/", {"organization": newcomer.pk})
    assert added.status_code == 302
    participation = Participation.objects.get(track=track3, organization=newcomer)
    no_unit = client.post(
        f"/programs/participations/{participation.pk}/outcomes/new/",
        {"category": "new_sales", "title_ko": "신규 매출", "value": "1000"},
    )
    assert "값에는 단위가 필요합니다" in no_unit.content.decode()
    client.post(
        f"/programs/participations/{participation.pk}/outcomes/new/",
        {"category": "new_sales", "title_ko": "신규 매출", "value": "1000", "unit": "KRW"},
    )
    assert participation.outcomes.get().unit == "KRW"
    assert client.get(f"/programs/participations/{participation.pk}/remove/").status_code == 200
    client.post(f"/programs/participations/{participation.pk}/remove/")
    assert not Participation.objects.filter(pk=participation.pk).exists()
    assert (
        AuditLog.objects.filter(action__in=["participation.create", "outcome.create", "participation.delete"]).count()
        == 3
    )


def test_other_roles_cannot_open_the_management_pages(client, make_user, program):
    track = program.tracks.get(number=1)
    participation = track.participations.first()
    client.force_login(make_user(Role.SUPPLY_FIRM))
    assert client.get(f"/programs/tracks/{track.pk}/add/").status_code == 403
    assert client.get(f"/programs/participations/{participation.pk}/remove/").status_code == 403
    assert client.get("/programs/participations/999999/remove/").status_code == 404
    assert "기업 추가" not in client.get(f"/programs/tracks/{track.pk}/").content.decode()
