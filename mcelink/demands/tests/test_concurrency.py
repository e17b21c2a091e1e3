import threading

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection

from mcelink.core.errors import ServiceError
from mcelink.demands import collaboration
from mcelink.demands.models import Invitation
from mcelink.demands.nda import nda_terms_ensure


@pytest.mark.serial
@pytest.mark.django_db(transaction=True)
def test_two_buyers_acting_on_one_invitation_at_once_are_applied_one_after_the_other(make_user):
    """One buyer starts the sample test of a proposal while a colleague rejects the same supplier: exactly one
    wins, and the demand and invitation agree with the winner."""
    from mcelink.demands.tests.conftest import World

    nda_terms_ensure()
    world = World(make_user)
    demand = world.demand()
    nda, _pending = world.open_and_invite(demand)
    collaboration.proposal_submit(invitation=nda, actor=world.sup_nda, unit_price_krw=1000, lead_time_days=30)
    results: dict[str, str] = {}
    barrier = threading.Barrier(2)

    def act(name, call):
        barrier.wait()
        try:
            call()
            results[name] = "ok"
        except (ServiceError, PermissionDenied) as exc:
            results[name] = type(exc).__name__
        finally:
            connection.close()

    start = lambda: collaboration.validation_start(  # noqa: E731
        invitation=Invitation.objects.get(pk=nda.pk), actor=world.buyer, stage="sample", test_plan="샘플"
    )
    reject = lambda: collaboration.invitation_reject(  # noqa: E731
        invitation=Invitation.objects.get(pk=nda.pk), actor=world.buyer2, reason_code="cost"
    )
    threads = [
        threading.Thread(target=act, args=("start", start)),
        threading.Thread(target=act, args=("reject", reject)),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results.values()) == ["PermissionDenied", "ok"], results
    nda.refresh_from_db()
    demand.refresh_from_db()
    if results["start"] == "ok":
        assert (demand.status, nda.state) == ("sample_test", Invitation.State.ACCEPTED)
    else:
        assert (demand.status, nda.state) == ("proposal", Invitation.State.REJECTED)
