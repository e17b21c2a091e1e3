"""A demand's workflow as data, for the engine in ``core.workflow``: each move, who may make it, its button, its
guard.

draft → open → shortlisting → invited → proposal → sample test → line test → adopted,
and from any live state: rejected (with a structured reason), withdrawn (by the buyer) or closed.
``core.workflow.transition`` (through ``services.demand_transition``) is the only code that changes
``Demand.status``.
"""

from django.utils.translation import gettext_lazy as _

from mcelink.core import workflow
from mcelink.core.workflow import Move
from mcelink.demands.models import Demand, Invitation, RejectionReason, Status, StatusChange, ValidationStage

BUYER = "buyer"  # a demand-firm user of the demand's buyer organization
MANAGER = "manager"  # a program manager or staff
INVITED_SUPPLIER = "invited_supplier"  # a user of a supplier with an active invitation

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


def _openable(demand: Demand) -> bool:
    return bool(demand.title.strip() and demand.summary.strip())


BACK_TO_PROPOSALS = _("Back to proposals")


def _endings(source: str) -> list[Move]:
    """From a state where suppliers are engaged: the buyer rejects (saying why), withdraws, or closes."""
    return [
        Move(source, Status.REJECTED, frozenset({BUYER}), _("Reject"), reason_codes=RejectionReason),
        Move(source, Status.WITHDRAWN, frozenset({BUYER}), _("Withdraw")),
        Move(source, Status.CLOSED, frozenset({BUYER, MANAGER}), _("Close")),
    ]


_B, _BM, _BS = frozenset({BUYER}), frozenset({BUYER, MANAGER}), frozenset({BUYER, INVITED_SUPPLIER})
# Moves with ``button=False`` are made by the services that do the work: an invitation, a proposal, a validation.
MOVES = [
    Move(Status.DRAFT, Status.OPEN, _B, _("Open to suppliers"), guard=_openable, guard_message=ERR_TITLE_SUMMARY,
         primary=True),
    Move(Status.DRAFT, Status.WITHDRAWN, _B, _("Withdraw")),
    Move(Status.OPEN, Status.SHORTLISTING, _B, _("Start shortlisting"), primary=True),
    Move(Status.OPEN, Status.INVITED, _B, _("Invite"), button=False),
    Move(Status.OPEN, Status.WITHDRAWN, _B, _("Withdraw")),
    Move(Status.OPEN, Status.CLOSED, _BM, _("Close")),
    Move(Status.SHORTLISTING, Status.INVITED, _B, _("Invite"), button=False),
    Move(Status.SHORTLISTING, Status.OPEN, _B, _("Back to open")),
    Move(Status.SHORTLISTING, Status.WITHDRAWN, _B, _("Withdraw")),
    Move(Status.SHORTLISTING, Status.CLOSED, _BM, _("Close")),
    Move(Status.INVITED, Status.PROPOSAL, _BS, _("Send a proposal"), button=False),
    Move(Status.INVITED, Status.SHORTLISTING, _B, _("Back to shortlisting")),
    *_endings(Status.INVITED),
    Move(Status.PROPOSAL, Status.SAMPLE_TEST, _B, _("Start the sample test"), guard=_has_proposal,
         guard_message=ERR_NO_PROPOSAL, button=False),
    Move(Status.PROPOSAL, Status.INVITED, _B, _("Back to invited"), button=False),
    *_endings(Status.PROPOSAL),
    # A failed sample or line test sends the demand back to the proposals, to validate another supplier.
    Move(Status.SAMPLE_TEST, Status.LINE_TEST, _B, _("Start the line test"),
         guard=lambda d: _passed(d, ValidationStage.SAMPLE), guard_message=ERR_SAMPLE_NOT_PASSED, button=False),
    Move(Status.SAMPLE_TEST, Status.PROPOSAL, _B, BACK_TO_PROPOSALS),
    *_endings(Status.SAMPLE_TEST),
    Move(Status.LINE_TEST, Status.ADOPTED, _B, _("Adopt"), guard=lambda d: _passed(d, ValidationStage.LINE),
         guard_message=ERR_LINE_NOT_PASSED, button=False),
    Move(Status.LINE_TEST, Status.PROPOSAL, _B, BACK_TO_PROPOSALS),
    *_endings(Status.LINE_TEST),
]  # fmt: skip


DEMAND = workflow.register(
    workflow.Workflow(
        model=Demand, name="demand", states=Status, moves=MOVES, history=StatusChange, history_fk="demand",
        # Dotted paths: the permission rules and the services read this module.
        roles_of="mcelink.demands.permissions.roles_of", on_move=["mcelink.demands.services.demand_on_move"],
        timestamps={Status.ADOPTED: "adopted_at"},
        err_illegal=ERR_ILLEGAL, err_not_allowed=ERR_NOT_ALLOWED,
    )
)  # fmt: skip
TERMINAL = DEMAND.terminal
