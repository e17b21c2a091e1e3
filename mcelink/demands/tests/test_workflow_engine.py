"""The demand board on the core workflow engine: the buttons it offers, and what a move writes."""

import pytest
from django.core.exceptions import PermissionDenied

from mcelink.core.errors import ServiceError
from mcelink.core.models import AuditLog
from mcelink.core.workflow import moves_for, transition
from mcelink.demands.models import Demand, Status, StatusChange

pytestmark = pytest.mark.django_db


def test_moves_for_offers_buttons_by_role_and_explains_a_failing_guard(world):
    demand = world.demand()
    assert [m.target for m in moves_for(world.buyer, demand)] == [Status.OPEN, Status.WITHDRAWN]
    assert moves_for(world.pm, demand) == []  # a draft is the buyer's alone
    assert moves_for(world.sup_nda, demand) == []
    Demand.objects.filter(pk=demand.pk).update(summary=" ")
    demand.refresh_from_db()
    opening = moves_for(world.buyer, demand)[0]
    assert "summary" in opening.blocked or "요약" in opening.blocked
    Demand.objects.filter(pk=demand.pk).update(summary="요약")
    world.open_and_invite(demand)
    demand.refresh_from_db()
    # Moves other services make (a proposal, validation) are legal but not offered as bare buttons.
    assert Status.PROPOSAL not in [m.target for m in moves_for(world.buyer, demand)]
    assert [m.target for m in moves_for(world.pm, demand)] == [Status.CLOSED]


def test_transition_writes_state_history_and_audit_together_or_not_at_all(world):
    demand = world.demand()
    transition(obj=demand, to=Status.OPEN, actor=world.buyer, reason="준비 완료")
    assert demand.status == Status.OPEN
    change = StatusChange.objects.filter(demand=demand).last()
    assert (change.from_status, change.to_status, change.actor, change.reason) == (
        Status.DRAFT, Status.OPEN, world.buyer, "준비 완료",
    )  # fmt: skip
    audited = AuditLog.objects.filter(action="demand.transition", object_id=str(demand.pk)).count()
    with pytest.raises(PermissionDenied):
        transition(obj=demand, to=Status.SHORTLISTING, actor=world.other_buyer)
    with pytest.raises(ServiceError) as refused:
        transition(obj=demand, to=Status.REJECTED, actor=world.buyer)
    assert refused.value.code == "illegal_transition"
    demand.refresh_from_db()
    assert demand.status == Status.OPEN
    assert StatusChange.objects.filter(demand=demand).count() == 2
    assert AuditLog.objects.filter(action="demand.transition", object_id=str(demand.pk)).count() == audited


def test_the_api_answers_a_refused_move_in_the_token_users_language(client, world):
    from mcelink.accounts.services import api_token_create

    demand = world.demand()
    for language, words in (("en", "cannot move"), ("ko", "이동할 수 없")):
        world.buyer.preferred_language = language
        world.buyer.save(update_fields=["preferred_language"])
        token = api_token_create(user=world.buyer, actor=world.buyer)[1]
        response = client.post(f"/api/v1/demands/{demand.pk}/transitions/", {"to": "adopted"},
                               content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}")  # fmt: skip
        assert response.status_code in (400, 409, 422), response.content
        assert words in response.json()["error"]["message"], response.json()
