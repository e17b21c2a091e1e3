import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from mcelink.core.errors import ServiceError
from mcelink.core.models import AuditLog
from mcelink.core.models import Notification as Note
from mcelink.demands import collaboration, services, workflows
from mcelink.demands.models import Invitation, Proposal, Status, StatusChange

pytestmark = pytest.mark.django_db


def _to_proposal(world):
    demand = world.demand()
    nda, pending = world.open_and_invite(demand)
    collaboration.proposal_submit(invitation=nda, actor=world.sup_nda, unit_price_krw=1000, lead_time_days=30)
    demand.refresh_from_db()
    return demand, nda, pending


def test_the_whole_way_from_draft_to_adoption_is_recorded_and_audited(world):
    demand, nda, pending = _to_proposal(world)
    assert demand.status == Status.PROPOSAL
    collaboration.validation_start(invitation=nda, actor=world.buyer, stage="sample", test_plan="샘플 10개")
    collaboration.validation_record(demand=demand, actor=world.buyer, passed=True, result="합격")
    collaboration.validation_start(invitation=nda, actor=world.buyer, stage="line", test_plan="라인 1개월")
    collaboration.validation_record(demand=demand, actor=world.buyer, passed=True, result="합격")
    collaboration.demand_adopt(
        demand=demand, actor=world.buyer, contract_value_krw=70_000_000, contract_start=datetime.date(2026, 12, 1)
    )
    demand.refresh_from_db()
    assert (demand.status, demand.contract_value_krw, demand.selected_invitation_id) == ("adopted", 70_000_000, nda.pk)
    assert [c.to_status for c in StatusChange.objects.filter(demand=demand)] == [
        "draft", "open", "invited", "proposal", "sample_test", "line_test", "adopted",
    ]  # fmt: skip
    pending.refresh_from_db()
    nda.refresh_from_db()
    assert (nda.state, pending.state) == (Invitation.State.ADOPTED, Invitation.State.REJECTED)
    moves = AuditLog.objects.filter(action="demand.transition", object_id=str(demand.pk)).count()
    assert moves == 6


def test_every_move_not_in_the_table_is_refused_with_a_clear_message(world):
    demand = world.demand()
    for target in Status.values:
        if workflows.DEMAND.move(Status.DRAFT, target) is not None:
            continue
        with pytest.raises(ServiceError) as refused:
            services.demand_transition(demand=demand, to=target, actor=world.buyer)
        assert refused.value.code == "illegal_transition"
        assert "cannot move" in refused.value.message or "이동할 수 없" in refused.value.message
    demand.refresh_from_db()
    assert demand.status == Status.DRAFT and demand.status_changes.count() == 1


def test_roles_guards_and_reasons(world):
    demand, nda, pending = _to_proposal(world)
    with pytest.raises(PermissionDenied):
        services.demand_transition(demand=demand, to="closed", actor=world.sup_nda)
    with pytest.raises(PermissionDenied):
        services.demand_transition(demand=demand, to="withdrawn", actor=world.pm)  # a manager may close, not withdraw
    with pytest.raises(ServiceError) as no_reason:
        services.demand_transition(demand=demand, to="rejected", actor=world.buyer)
    assert no_reason.value.code == "reason_required"
    collaboration.validation_start(invitation=nda, actor=world.buyer, stage="sample", test_plan="샘플")
    with pytest.raises(ServiceError) as early:
        services.demand_transition(demand=demand, to="line_test", actor=world.buyer)
    assert early.value.code == "guard_line_test"
    services.demand_transition(demand=demand, to="rejected", actor=world.buyer, reason="단가", reason_code="cost")
    nda.refresh_from_db()
    assert (nda.state, nda.rejection_reason, nda.rejection_note) == ("rejected", "cost", "단가")


def test_a_pending_supplier_cannot_propose_and_a_rejection_reaches_the_supplier(
    world, django_capture_on_commit_callbacks
):
    demand, nda, pending = _to_proposal(world)
    with pytest.raises(PermissionDenied):
        collaboration.proposal_submit(invitation=pending, actor=world.sup_pending, unit_price_krw=1, lead_time_days=1)
    assert not Proposal.objects.filter(invitation=pending).exists()
    with pytest.raises(ServiceError):
        collaboration.invitation_reject(invitation=pending, actor=world.buyer, reason_code="")
    with django_capture_on_commit_callbacks(execute=True):
        collaboration.invitation_reject(invitation=pending, actor=world.buyer, reason_code="capacity", note="월 1만 개")
    note = Note.objects.filter(user=world.sup_pending, kind="invitation.reject").get()
    assert "생산능력" in note.text_ko or "capacity" in note.text_en
    [email] = [m for m in mail.outbox if world.sup_pending.email in m.to]
    assert "월 1만 개" not in email.body and f"/demands/invitations/{pending.pk}/" in email.body


def test_the_nda_version_must_be_the_current_one(world):
    demand = world.demand()
    world.open_and_invite(demand)
    pending = Invitation.objects.get(demand=demand, supplier=world.s_pending)
    with pytest.raises(ServiceError) as old:
        collaboration.invitation_accept_nda(invitation=pending, actor=world.sup_pending, terms_version="1999-1")
    assert old.value.code == "terms_changed"
    pending.refresh_from_db()
    assert pending.nda_accepted_at is None


def test_a_file_of_a_refused_type_leaves_nothing_behind(world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    demand = world.demand()
    with pytest.raises(ServiceError) as refused:
        services.demand_file_add(demand=demand, actor=world.buyer, upload=SimpleUploadedFile("x.exe", b"MZ"))
    assert refused.value.field == "files" and demand.files.count() == 1


def test_a_supplier_that_sees_the_anonymous_summary_can_ask_to_be_considered(world, client):
    from mcelink.demands import candidates, selectors

    demand = world.demand(public=True)
    world.open_and_invite(demand)
    client.force_login(world.sup_none)
    page = client.get(f"/demands/{demand.pk}/").content.decode()
    assert "바이어A" not in page and "관심 표명" in page
    client.post(f"/demands/{demand.pk}/interest/", {"note": "유사 제품 양산 중"})
    candidate = demand.candidates.get(supplier=world.s_none)
    assert candidate.interested_at is not None and candidate.interest_note == "유사 제품 양산 중"
    assert Note.objects.filter(user=world.buyer, kind="candidate.interest").exists()
    assert list(selectors.candidates_of(user=world.buyer, demand=demand))[0] == candidate  # the buyer sees it first
    with pytest.raises(ServiceError):
        candidates.interest_express(demand=demand, actor=world.sup_none)  # once is enough
    with pytest.raises(PermissionDenied):
        candidates.interest_express(demand=demand, actor=world.sup_pending)  # already invited
    private = world.demand(public=False, title="비공개")
    client.force_login(world.sup_none)
    assert client.post(f"/demands/{private.pk}/interest/").status_code == 404


@pytest.mark.parametrize("who", ["buyer", "sup_none", "pm"])
def test_the_list_page_and_its_export_make_no_query_per_demand(world, client, who):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count(path):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path).status_code == 200
        return len(queries)

    client.force_login(getattr(world, who))
    for _ in range(3):
        services.demand_transition(
            demand=world.demand(public=True), to="open", actor=world.buyer, enqueue_ranking=False
        )
    few = count("/demands/"), count("/demands/export.csv")
    for _ in range(12):
        services.demand_transition(
            demand=world.demand(public=True), to="open", actor=world.buyer, enqueue_ranking=False
        )
    assert (count("/demands/"), count("/demands/export.csv")) == few


def test_an_analyst_never_sees_a_funnel_count_small_enough_to_point_at_one_demand(world):
    from mcelink.demands import selectors
    from mcelink.demands.models import Demand

    Demand.objects.exclude(buyer=world.buyer_org).delete()  # only this test's demands count
    services.demand_transition(demand=world.demand(), to="open", actor=world.buyer, enqueue_ranking=False)
    assert selectors.funnel(user=world.analyst)["rows"] == []
    assert selectors.funnel(user=world.pm)["total"]["open"] == 1  # the manager may see that one demand
    for _ in range(2):
        services.demand_transition(demand=world.demand(), to="open", actor=world.buyer, enqueue_ranking=False)
    [row] = selectors.funnel(user=world.analyst)["rows"]
    assert row["reached"]["open"] == 3
