"""Who may see and do what on the demand board. The rules live here and only here.

Disclosure is staged. A user sees a demand at one of four levels:

- NONE: the user must not learn the demand exists (pages and the API answer 404, lists and counts omit it);
- LISTED: the anonymous summary, for a supply firm, while a demand with public visibility is sourcing;
- SUMMARY: the summary with the buyer's name: an invited supplier, and program managers (no drafts);
- FULL: the specification and attachments too: the buyer's own users, and an invited supplier once it has
  accepted the NDA.

The selectors filter querysets by the same rules (``selectors.visible_demands``); a test checks that the
two agree for every role and stage.
"""

from enum import IntEnum
from typing import TypeGuard

from django.utils.translation import gettext_lazy as _

from mcelink.accounts.models import Role, User
from mcelink.core.permissions import ALLOWED, Decision, Viewer, deny, has_role, is_manager
from mcelink.demands.models import Demand, DemandFile, Invitation, Status, Visibility
from mcelink.demands.workflows import (
    BUYER,
    EDITABLE,
    INVITED_SUPPLIER,
    INVITING,
    MANAGER,
    SOURCING,
    TERMINAL,
    VALIDATING,
)


class Level(IntEnum):
    NONE = 0
    LISTED = 1
    SUMMARY = 2
    FULL = 3


def is_buyer(user: Viewer, demand: Demand) -> TypeGuard[User]:
    return (
        has_role(user, Role.DEMAND_FIRM)
        and user.organization_id is not None
        and user.organization_id == demand.buyer_id
    )


def is_supplier_user(user: Viewer) -> TypeGuard[User]:
    return has_role(user, Role.SUPPLY_FIRM) and user.organization_id is not None


def invitation_of(user: Viewer, demand: Demand) -> Invitation | None:
    """The invitation of the user's own supply firm to this demand, if any (selectors prefetch it)."""
    if not is_supplier_user(user):
        return None
    cached = getattr(demand, "viewer_invitations", None)
    if cached is not None:
        return cached[0] if cached else None
    return Invitation.objects.filter(demand=demand, supplier_id=user.organization_id).first()


def level(user: Viewer, demand: Demand) -> Level:
    if is_buyer(user, demand):
        return Level.FULL
    if demand.status == Status.DRAFT:
        return Level.NONE
    invitation = invitation_of(user, demand)
    if invitation is not None:
        return Level.FULL if invitation.nda_accepted_at is not None else Level.SUMMARY
    if is_manager(user):
        return Level.SUMMARY
    if is_supplier_user(user) and demand.visibility == Visibility.SUMMARY_PUBLIC and demand.status in SOURCING:
        return Level.LISTED
    return Level.NONE


def can_see_buyer(user: Viewer, demand: Demand) -> bool:
    lv = level(user, demand)
    return lv >= Level.SUMMARY or (lv == Level.LISTED and not demand.hide_buyer)


def can_view_specification(user: Viewer, demand: Demand) -> bool:
    return level(user, demand) == Level.FULL


def roles_of(user: Viewer, demand: Demand) -> set[str]:
    roles = set()
    if is_buyer(user, demand):
        roles.add(BUYER)
    if is_manager(user) and demand.status != Status.DRAFT:
        roles.add(MANAGER)
    invitation = invitation_of(user, demand)
    if invitation is not None and invitation.state == Invitation.State.ACCEPTED and demand.status != Status.DRAFT:
        roles.add(INVITED_SUPPLIER)
    return roles


def can_create_demand(user: Viewer) -> bool:
    return has_role(user, Role.DEMAND_FIRM) and user.organization_id is not None


ERR_NOT_BUYER = _("Only the buyer firm's own users may do this.")
ERR_NOT_EDITABLE = _("This demand can no longer be edited: it is past shortlisting.")
ERR_NOT_INVITING = _("Suppliers can no longer be invited to this demand: it is past the proposals.")
ERR_NOT_INVITED = _("Only the invited supplier's own users may do this.")
ERR_NOT_PROPOSING = _("A proposal can be sent only after accepting the NDA, while the demand takes proposals.")


def can_edit_demand(user: Viewer, demand: Demand) -> Decision:
    if not is_buyer(user, demand):
        return deny(ERR_NOT_BUYER)
    return ALLOWED if demand.status in EDITABLE else deny(ERR_NOT_EDITABLE)


def can_work_candidates(user: Viewer, demand: Demand) -> bool:
    """See the ranked candidates, shortlist, dismiss, add by hand: the buyer's own work."""
    return is_buyer(user, demand) and demand.status not in {Status.DRAFT} | TERMINAL


def can_invite(user: Viewer, demand: Demand) -> Decision:
    if not is_buyer(user, demand):
        return deny(ERR_NOT_BUYER)
    return ALLOWED if demand.status in INVITING else deny(ERR_NOT_INVITING)


def is_invited_user(user: Viewer, invitation: Invitation) -> bool:
    return is_supplier_user(user) and user.organization_id == invitation.supplier_id


def can_view_invitation(user: Viewer, invitation: Invitation) -> bool:
    return is_buyer(user, invitation.demand) or is_invited_user(user, invitation)


def can_accept_nda(user: Viewer, invitation: Invitation) -> bool:
    return is_invited_user(user, invitation) and invitation.state == Invitation.State.PENDING


def can_decline(user: Viewer, invitation: Invitation) -> bool:
    return is_invited_user(user, invitation) and invitation.is_active and invitation.demand.status not in TERMINAL


def can_message(user: Viewer, invitation: Invitation) -> bool:
    live = invitation.is_active and invitation.demand.status not in TERMINAL
    return live and can_view_invitation(user, invitation)


def can_propose(user: Viewer, invitation: Invitation) -> Decision:
    if not is_invited_user(user, invitation):
        return deny(ERR_NOT_INVITED)
    accepted = invitation.state == Invitation.State.ACCEPTED
    return ALLOWED if accepted and invitation.demand.status in (Status.INVITED, Status.PROPOSAL) else deny(
        ERR_NOT_PROPOSING
    )


def can_reject_invitation(user: Viewer, invitation: Invitation) -> bool:
    """Not the supplier under validation: its test is recorded as failed instead, so the record says why."""
    demand = invitation.demand
    under_validation = demand.selected_invitation_id == invitation.pk and demand.status in VALIDATING
    return is_buyer(user, demand) and invitation.is_active and demand.status not in TERMINAL and not under_validation


def can_start_validation(user: Viewer, invitation: Invitation) -> bool:
    return (
        is_buyer(user, invitation.demand)
        and invitation.state == Invitation.State.ACCEPTED
        and invitation.demand.status == Status.PROPOSAL
        and invitation.proposals.exists()
    )


def can_record_validation(user: Viewer, demand: Demand) -> bool:
    return is_buyer(user, demand) and demand.status in VALIDATING


def can_express_interest(user: Viewer, demand: Demand) -> bool:
    """A supply firm that sees only the anonymous summary may ask the buyer to consider it."""
    return level(user, demand) == Level.LISTED and not is_buyer(user, demand)


def can_view_funnel(user: Viewer) -> bool:
    return is_manager(user) or (has_role(user, Role.ANALYST))


def can_view_file(user: Viewer, demand_file: DemandFile) -> bool:
    """Specification files follow the specification; proposal and evidence files belong to one invitation's
    two parties, the supplier's side only after its NDA."""
    if demand_file.invitation_id is None:
        return can_view_specification(user, demand_file.demand)
    invitation = demand_file.invitation
    assert invitation is not None  # noqa: S101 - narrowed by invitation_id above
    if is_buyer(user, demand_file.demand):
        return True
    return is_invited_user(user, invitation) and invitation.nda_accepted_at is not None
