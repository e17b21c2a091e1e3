"""Reading the demand board. Every query here filters by ``permissions``' rules, in SQL."""

from collections import defaultdict
from typing import Any

from django.db.models import Case, Exists, F, OuterRef, Prefetch, Q, QuerySet, When
from django.utils import timezone
from django.utils.translation import gettext as _

from mcelink.accounts.models import Role
from mcelink.companies.models import Organization
from mcelink.core.errors import NotFound
from mcelink.core.permissions import Viewer
from mcelink.core.workflow import history_by_object, stages_reached, time_in_states
from mcelink.demands import permissions
from mcelink.demands.models import (
    Candidate,
    Demand,
    DemandFile,
    Invitation,
    Status,
    StatusChange,
    Visibility,
)
from mcelink.demands.workflows import FUNNEL, PROGRESS, SOURCING, TERMINAL

SORTS = {
    "newest": ("-created_at", "-id"),
    "oldest": ("created_at", "id"),
    "needed_by": ("needed_by", "-id"),
    "title": ("title", "id"),
}


def visible_demands(*, user: Viewer) -> QuerySet[Demand]:
    """The demands the user may know exist: the SQL form of ``permissions.level(user, d) >= LISTED``."""
    if not (user.is_authenticated and user.is_active):
        return Demand.objects.none()
    org = user.organization_id
    rule: Any = Q(pk__in=[])
    if user.has_role(Role.DEMAND_FIRM) and org is not None:
        rule |= Q(buyer_id=org)
    if permissions.is_supplier_user(user):
        invited = Invitation.objects.filter(demand=OuterRef("pk"), supplier_id=org)
        rule |= ~Q(status=Status.DRAFT) & Exists(invited)
        rule |= Q(visibility=Visibility.SUMMARY_PUBLIC, status__in=SOURCING)
    if permissions.is_manager(user):
        rule |= ~Q(status=Status.DRAFT)
    demands = Demand.objects.filter(rule).select_related("buyer", "strategic_technology", "hs_code")
    if permissions.is_supplier_user(user):
        demands = demands.prefetch_related(
            Prefetch("invitations", queryset=Invitation.objects.filter(supplier_id=org), to_attr="viewer_invitations")
        )
    return demands


def demand_list(*, user: Viewer, q: str = "", status: str = "", sort: str = "newest") -> QuerySet[Demand]:
    demands = visible_demands(user=user)
    if q:
        # Only what every viewer of the list may read is searched: never the confidential specification.
        demands = demands.filter(Q(title__icontains=q) | Q(summary__icontains=q))
    if status in Status.values:
        demands = demands.filter(status=status)
    return demands.prefetch_related("files").order_by(*SORTS.get(sort, SORTS["newest"]))


def demand_get_for_user(*, user: Viewer, demand_id: int) -> Demand:
    demand = visible_demands(user=user).filter(pk=demand_id).first()
    if demand is None:
        raise NotFound
    return demand


def supply_firm_find(*, organization_id: Any) -> Organization | None:
    """A supply firm to invite or shortlist (the registry is open to every signed-in user)."""
    try:
        pk = int(organization_id)
    except (TypeError, ValueError):
        return None
    return Organization.objects.filter(pk=pk, is_supply_firm=True).first()


def candidate_get(*, demand: Demand, candidate_id: int) -> Candidate:
    """Callers check ``permissions.can_work_candidates`` first."""
    candidate = demand.candidates.select_related("supplier", "demand").filter(pk=candidate_id).first()
    if candidate is None:
        raise NotFound
    return candidate


def demand_history(*, demand: Demand) -> QuerySet[Any]:
    return demand.status_changes.select_related("actor")


def candidates_of(*, user: Viewer, demand: Demand) -> QuerySet[Candidate]:
    """The ranked candidates, for the buyer's own users only (``permissions.can_work_candidates``); none for
    anyone else."""
    if not permissions.can_work_candidates(user, demand):
        return Candidate.objects.none()
    invited = Invitation.objects.filter(demand=demand, supplier=OuterRef("supplier"))
    return (
        demand.candidates.select_related("supplier")
        .annotate(invited=Exists(invited))
        .order_by(
            Case(When(decision=Candidate.Decision.DISMISSED, then=1), default=0), F("rank").asc(nulls_last=True), "id"
        )
    )


def interest_of(*, user: Viewer, demand: Demand) -> Candidate | None:
    """The user's own firm's expression of interest in the demand, if any."""
    if not permissions.is_supplier_user(user):
        return None
    return demand.candidates.filter(supplier_id=user.organization_id, interested_at__isnull=False).first()


def demand_files(*, user: Viewer, demand: Demand) -> list[DemandFile]:
    """The demand's own attachments the user may open (lists prefetch ``files``: no query per demand)."""
    return [f for f in demand.files.all() if f.invitation_id is None and permissions.can_view_file(user, f)]


def invitations_visible(*, user: Viewer) -> QuerySet[Invitation]:
    """The invitations the user is a party to: the buyer's side or the invited supplier's side."""
    if not (user.is_authenticated and user.is_active) or user.organization_id is None:
        return Invitation.objects.none()
    org = user.organization_id
    rule = Q(pk__in=[])
    if user.has_role(Role.DEMAND_FIRM):
        rule |= Q(demand__buyer_id=org)
    if user.has_role(Role.SUPPLY_FIRM):
        rule |= Q(supplier_id=org)
    return Invitation.objects.filter(rule).select_related("demand__buyer", "supplier", "nda_terms")


def invitation_get_for_user(*, user: Viewer, invitation_id: int) -> Invitation:
    invitation = invitations_visible(user=user).filter(pk=invitation_id).first()
    if invitation is None:
        raise NotFound
    return invitation


def invitations_of_demand(*, demand: Demand) -> QuerySet[Invitation]:
    return demand.invitations.select_related("supplier").prefetch_related("proposals", "validations")


def invitations_for_supplier(*, user: Viewer) -> QuerySet[Invitation]:
    if not permissions.is_supplier_user(user):
        return Invitation.objects.none()
    return invitations_visible(user=user).filter(supplier_id=user.organization_id).order_by("-created_at")


def invitation_files(*, user: Viewer, invitation: Invitation) -> list[DemandFile]:
    return [f for f in invitation.files.all() if permissions.can_view_file(user, f)]


def file_get_for_user(*, user: Viewer, file_id: int) -> DemandFile:
    demand_file = DemandFile.objects.select_related("demand", "invitation").filter(pk=file_id).first()
    if demand_file is None or not permissions.can_view_file(user, demand_file):
        raise NotFound
    return demand_file


def funnel(*, user: Viewer, group_by: str = "industry") -> dict[str, Any]:
    """Per group (industry or strategic technology): how many demands reached each funnel stage, and the mean
    days spent in each workflow state. Drafts are never counted: they are the buyer's alone.

    Program managers see every non-draft demand anyway. Analysts see none one by one, so for them a group
    of fewer than ``MIN_GROUP`` demands is pooled into "other", and the funnel is empty when even the pool is
    that small: a count of one would tell them a particular demand exists."""
    if not permissions.can_view_funnel(user):
        return {"stages": FUNNEL, "rows": [], "total": {}}
    demands = Demand.objects.exclude(status=Status.DRAFT).select_related("strategic_technology__industry")
    histories = history_by_object(StatusChange.objects.filter(demand__in=demands), "demand")
    now = timezone.now()
    groups: dict[str, dict[str, Any]] = {}
    for demand in demands:
        label = _group_label(demand, group_by)
        row = groups.setdefault(label, {"label": label, "reached": dict.fromkeys(FUNNEL, 0), "days": defaultdict(list)})
        history = histories[demand.pk]
        reached = stages_reached(history, PROGRESS)
        for stage in FUNNEL:
            row["reached"][stage] += stage in reached
        for state, days in time_in_states(history, now=now, terminal=TERMINAL).items():
            row["days"][state].append(days)
    rows = sorted(groups.values(), key=lambda r: r["label"])
    if not permissions.is_manager(user):
        rows = _pool_small_groups(rows)
    total = {stage: sum(r["reached"][stage] for r in rows) for stage in FUNNEL}
    for r in rows:
        r["mean_days"] = {Status(s).label: round(sum(v) / len(v), 1) for s, v in r.pop("days").items()}
    return {"stages": FUNNEL, "rows": rows, "total": total}


MIN_GROUP = 3


def _pool_small_groups(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    def size(row: dict[str, Any]) -> int:
        return int(row["reached"][FUNNEL[0]])

    kept = [r for r in rows if size(r) >= MIN_GROUP]
    small = [r for r in rows if size(r) < MIN_GROUP]
    if small:
        pool: dict[str, Any] = {
            "label": str(_("other")),
            "reached": dict.fromkeys(FUNNEL, 0),
            "days": defaultdict(list),
        }
        for r in small:
            for stage in FUNNEL:
                pool["reached"][stage] += r["reached"][stage]
            for state, days in r["days"].items():
                pool["days"][state].extend(days)
        if size(pool) >= MIN_GROUP:
            kept.append(pool)
    return kept


def _group_label(demand: Demand, group_by: str) -> str:
    tech = demand.strategic_technology
    if tech is None:
        return "—"
    if group_by == "technology":
        return f"{tech.code} {tech.name}"
    return tech.industry.name


def localization_outcomes(*, user: Viewer) -> QuerySet[Demand]:
    """Adopted demands: an imported item replaced by a local supplier's, and from which country."""
    return (
        visible_demands(user=user)
        .filter(status=Status.ADOPTED)
        .select_related("selected_invitation__supplier")
        .order_by("-adopted_at")
    )
