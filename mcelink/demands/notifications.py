"""Who on the demand board is told: the buyer's users, or an invited supplier's. ``core.notifications`` tells."""

from mcelink.accounts.models import Role, User
from mcelink.core.notifications import organization_users
from mcelink.demands.models import Demand, Invitation


def buyer_users(demand: Demand) -> list[User]:
    return organization_users(organization_id=demand.buyer_id, role=Role.DEMAND_FIRM)


def supplier_users(invitation: Invitation) -> list[User]:
    return organization_users(organization_id=invitation.supplier_id, role=Role.SUPPLY_FIRM)
