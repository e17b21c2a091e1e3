"""A demand's workflow as data: from each state, the states it may move to and who may move it there.

draft → open → shortlisting → invited → proposal → sample test → line test → adopted,
and from any live state: rejected (with a structured reason), withdrawn (by the buyer) or closed.
``services.demand_transition`` is the only code that changes ``Demand.status``; it asks this table.
"""

from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext_lazy as _

from mcelink.demands.models import Demand, Invitation, Status, ValidationStage

BUYER = "buyer"  # a demand-firm user of the demand's buyer organization
MANAGER = "manager"  # a program manager or staff
INVITED_SUPPLIER = "invited_supplier"  # a user of a supplier with an active invitation

_ENDINGS: dict[str, set[str]] = {
    Status.REJECTED: {BUYER},
    Status.WITHDRAWN: {BUYER},
    Status.CLOSED: {BUYER, MANAGER},
}

TRANSITIONS: dict[str, dict[str, set[str]]] = {
    Status.DRAFT: {Status.OPEN: {BUYER}, Status.WITHDRAWN: {BUYER}},
    Status.OPEN: {Status.SHORTLISTING: {BUYER}, Status.INVITED: {BUYER}, Status.WITHDRAWN: {BUYER},
                  Status.CLOSED: {BUYER, MANAGER}},
    Status.SHORTLISTING: {Status.INVITED: {BUYER}, Status.OPEN: {BUYER}, Status.WITHDRAWN: {BUYER},
                          Status.CLOSED: {BUYER, MANAGER}},
    Status.INVITED: {Status.PROPOSAL: {BUYER, INVITED_SUPPLIER}, Status.SHORTLISTING: {BUYER}, **_ENDINGS},
    Status.PROPOSAL: {Status.SAMPLE_TEST: {BUYER}, Status.INVITED: {BUYER}, **_ENDINGS},
    # A failed sample or line test sends the demand back to the proposals, to validate another supplier.
    Status.SAMPLE_TEST: {Status.LINE_TEST: {BUYER}, Status.PROPOSAL: {BUYER}, **_ENDINGS},
    Status.LINE_TEST: {Status.ADOPTED: {BUYER}, Status.PROPOSAL: {BUYER}, **_ENDINGS},
    Status.ADOPTED: {},
    Status.REJECTED: {},
    Status.WITHDRAWN: {},
    Status.CLOSED: {},
}  # fmt: skip

TERMINAL = frozenset(s for s, moves in TRANSITIONS.items() if not moves)
# The states in which a demand is still looking for suppliers: where a public summary is listed.
SOURCING = frozenset({Status.OPEN, Status.SHORTLISTING, Status.INVITED})
# Where invitations may still be sent.
INVITING = frozenset({Status.OPEN, Status.SHORTLISTING, Status.INVITED, Status.PROPOSAL})
VALIDATING = frozenset({Status.SAMPLE_TEST, Status.LINE_TEST})
EDITABLE = frozenset({Status.DRAFT, Status.OPEN, Status.SHORTLISTING})
# The way forward, in order: a demand that reached a state has passed the ones before it.
PROGRESS = (Status.OPEN, Status.SHORTLISTING, Status.INVITED, Status.PROPOSAL, Status.SAMPLE_TEST, Status.LINE_TEST,
            Status.ADOPTED)  # fmt: skip
# The funnel the program manager reads: the stage a demand has reached, in order.
FUNNEL = (Status.OPEN, Status.INVITED, Status.SAMPLE_TEST, Status.ADOPTED)

ERR_ILLEGAL = _("A demand that is “%(current)s” cannot move to “%(target)s”.")
ERR_NOT_ALLOWED = _("You may not move this demand to “%(target)s”.")
ERR_REASON_REQUIRED = _("Say why: choose a reason.")
ERR_TITLE_SUMMARY = _("A demand needs a title and a public summary before it is opened.")
ERR_NO_PROPOSAL = _("Choose a supplier that has made a proposal before validation starts.")
ERR_SAMPLE_NOT_PASSED = _("The line test starts only after the sample test has passed.")
ERR_LINE_NOT_PASSED = _("The item is adopted only after the line test has passed.")


def _passed(demand: Demand, stage: str) -> bool:
    inv = demand.selected_invitation
    return inv is not None and inv.validations.filter(stage=stage, passed=True).exists()


def _has_proposal(demand: Demand) -> bool:
    inv = demand.selected_invitation
    return inv is not None and inv.state == Invitation.State.ACCEPTED and inv.proposals.exists()


# What must be true of a demand before it enters a state: (check, message when it fails).
GUARDS: dict[str, tuple[Callable[[Demand], bool], Any]] = {
    Status.OPEN: (lambda d: bool(d.title.strip() and d.summary.strip()), ERR_TITLE_SUMMARY),
    Status.SAMPLE_TEST: (_has_proposal, ERR_NO_PROPOSAL),
    Status.LINE_TEST: (lambda d: _passed(d, ValidationStage.SAMPLE), ERR_SAMPLE_NOT_PASSED),
    Status.ADOPTED: (lambda d: _passed(d, ValidationStage.LINE), ERR_LINE_NOT_PASSED),
}


def allowed_roles(current: str, target: str) -> set[str] | None:
    """The roles that may make this move, or None when the move does not exist."""
    return TRANSITIONS.get(current, {}).get(target)


def next_states(current: str) -> list[str]:
    return list(TRANSITIONS.get(current, {}))
