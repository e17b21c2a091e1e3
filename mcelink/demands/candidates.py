"""The engine's side of a demand: ranked, explained candidate suppliers (read → engine → write), the buyer's
shortlist/dismiss decisions fed back to it, and the reverse question — which open demands fit a supplier.
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mcelink.accounts.models import User
from mcelink.companies.models import Organization
from mcelink.core.audit import audit_record
from mcelink.core.errors import ServiceError
from mcelink.core.jobs import job_enqueue
from mcelink.core.notifications import notify
from mcelink.core.permissions import Viewer
from mcelink.demands import permissions
from mcelink.demands.models import Candidate, Demand, Status
from mcelink.demands.notifications import buyer_users
from mcelink.demands.selectors import visible_demands
from mcelink.demands.services import demand_lock
from mcelink.demands.workflows import SOURCING, TERMINAL
from mcelink.matching import Demand as EngineDemand
from mcelink.matching import DemandMatch, Feedback, Match, match_demands
from mcelink.matchmaking.explain import explanation_summary
from mcelink.matchmaking.profiles import supply_firms, to_profile

TOP = 30
ERR_NOT_SUPPLIER = _("Only supply firms can be candidates.")
ERR_DECISION = _("Choose shortlist or dismiss.")
ERR_ALREADY_INTERESTED = _("Your firm has already told the buyer it is interested.")


def engine_demand(demand: Demand, *, with_feedback: bool = True) -> EngineDemand:
    """The demand as the engine sees it. Feedback is the buyer firm's own decisions only: one firm's choices
    never shape, or show through, another firm's rankings."""
    feedback: tuple[Feedback, ...] = ()
    if with_feedback:
        decided = (
            Candidate.objects.filter(demand__buyer_id=demand.buyer_id)
            .exclude(decision="")
            .select_related("demand")
            .order_by("-decided_at")[:500]
        )
        feedback = tuple(
            Feedback(
                text=_text(c.demand), supplier_id=str(c.supplier_id), label=1 if c.decision == "shortlisted" else -1
            )
            for c in decided
        )
    return EngineDemand(
        id=str(demand.pk),
        text=_text(demand, confidential=True),
        required_certifications=tuple(demand.required_certifications or ()),
        preferred_regions=(demand.preferred_region,) if demand.preferred_region else (),
        hs_codes=(demand.hs_code.code,) if demand.hs_code else (),
        strategic_technologies=(demand.strategic_technology.code,) if demand.strategic_technology else (),
        feedback=feedback,
    )


def _text(demand: Demand, *, confidential: bool = False) -> str:
    parts = [demand.title, demand.summary]
    if confidential:
        parts.append(demand.specification)
    return "\n".join(p for p in parts if p)


def explanation_json(match: Match | DemandMatch) -> dict[str, Any]:
    e = match.explanation
    return {
        "summary_ko": explanation_summary(e, "ko"),
        "summary_en": explanation_summary(e, "en"),
        "terms": [[term, via, list(fields), total] for term, via, fields, total in e.by_term()[:12]],
        "products": list(e.products[:5]),
        "concepts": list(e.concepts),
        "feedback": e.feedback,
        "preferences": list(e.preferences),
        "coverage": e.coverage,
    }


def _matcher(actor: User | None) -> Any:
    """The saved index's matcher. Without one, its build job is started (once) and the ranking refused: the
    index is never built inline (the demands.candidates job builds it first, being a job)."""
    from mcelink.matchmaking.selectors import matcher_current
    from mcelink.matchmaking.services import MSG_INDEX_BUILDING, matching_index_ensure

    matcher = matcher_current()
    if matcher is None:
        matching_index_ensure(actor=actor)
        raise ServiceError(str(MSG_INDEX_BUILDING), code="no_index")
    return matcher


def candidates_refresh(*, demand: Demand, actor: User) -> int:
    """The buyer asks to rank the suppliers for the demand again."""
    if not permissions.can_work_candidates(actor, demand):
        raise PermissionDenied
    return candidates_rank(demand=demand, actor=actor)


def candidates_rank(*, demand: Demand, actor: User | None = None) -> int:
    """Rank suppliers for the demand again: system work (a job a permitted service enqueued, the default data, a
    full index build), so no permission is asked here. Decisions and hand-added candidates are kept; undecided
    candidates that dropped out of the top are removed."""
    matches = _matcher(actor).match(engine_demand(demand), top=TOP)
    firms = set(Organization.objects.filter(pk__in=[int(m.supplier_id) for m in matches], is_supply_firm=True)
                .exclude(pk=demand.buyer_id).values_list("pk", flat=True))  # fmt: skip
    with transaction.atomic():
        demand_lock(demand)
        existing = {c.supplier_id: c for c in demand.candidates.all()}
        ranked = [m for m in matches if int(m.supplier_id) in firms]
        seen = set()
        for rank, match in enumerate(ranked, start=1):
            supplier_id = int(match.supplier_id)
            seen.add(supplier_id)
            candidate = existing.get(supplier_id) or Candidate(demand=demand, supplier_id=supplier_id)
            candidate.rank, candidate.score, candidate.explanation = rank, match.score, explanation_json(match)
            candidate.save()
        for supplier_id, candidate in existing.items():
            if supplier_id in seen:
                continue
            if candidate.decision or candidate.added_by_hand or candidate.interested_at:
                candidate.rank = None
                candidate.save(update_fields=["rank"])
            else:
                candidate.delete()
        audit_record(actor=actor, action="demand.candidates_refresh", obj=demand, changes={"ranked": len(ranked)})
    return len(ranked)


def candidates_refresh_all(*, actor: User | None = None) -> int:
    """Rank every demand still in progress (after a full index build, e.g. by `mcelink demo`)."""
    live = Demand.objects.exclude(status__in=[Status.DRAFT, *TERMINAL]).select_related(
        "hs_code", "strategic_technology"
    )
    for demand in live:
        candidates_rank(demand=demand, actor=actor)
    return len(live)


def candidates_refresh_enqueue(*, demand: Demand, actor: User | None) -> None:
    transaction.on_commit(lambda: job_enqueue(kind="demands.candidates", actor=actor, params={"demand_id": demand.pk}))


def candidate_decide(*, candidate: Candidate, actor: User, decision: str) -> Candidate:
    if not permissions.can_work_candidates(actor, candidate.demand):
        raise PermissionDenied
    if decision not in (Candidate.Decision.SHORTLISTED, Candidate.Decision.DISMISSED, Candidate.Decision.NONE):
        raise ServiceError(str(ERR_DECISION), code="invalid_decision", field="decision")
    with transaction.atomic():
        before = candidate.decision
        candidate.decision, candidate.decided_by, candidate.decided_at = decision, actor, timezone.now()
        candidate.save(update_fields=["decision", "decided_by", "decided_at"])
        audit_record(
            actor=actor, action="candidate.decide", obj=candidate.demand,
            changes={"supplier": candidate.supplier_id, "decision": [before, decision]},
        )  # fmt: skip
    return candidate


def candidate_add(*, demand: Demand, supplier: Organization, actor: User) -> Candidate:
    """A supplier the buyer found by hand (in the registry) joins the list, shortlisted."""
    if not permissions.can_work_candidates(actor, demand):
        raise PermissionDenied
    if not supplier.is_supply_firm or supplier.pk == demand.buyer_id:
        raise ServiceError(str(ERR_NOT_SUPPLIER), code="not_supplier", field="supplier")
    with transaction.atomic():
        candidate, _created = Candidate.objects.get_or_create(demand=demand, supplier=supplier)
        candidate.added_by_hand = candidate.added_by_hand or _created
        candidate.decision, candidate.decided_by, candidate.decided_at = "shortlisted", actor, timezone.now()
        candidate.save()
        audit_record(actor=actor, action="candidate.add", obj=demand, changes={"supplier": supplier.pk})
    return candidate


def interest_express(*, demand: Demand, actor: User, note: str = "") -> Candidate:
    """The supplier joins the buyer's candidate list as interested; the buyer decides as for any candidate.
    The buyer learns the supplier's name (the supplier chose to tell it), the supplier still sees only the
    anonymous summary until it is invited."""
    if not permissions.can_express_interest(actor, demand):
        raise PermissionDenied
    with transaction.atomic():
        demand_lock(demand)
        candidate, _created = Candidate.objects.get_or_create(demand=demand, supplier_id=actor.organization_id)
        if candidate.interested_at is not None:
            raise ServiceError(str(ERR_ALREADY_INTERESTED), code="already_interested")
        candidate.interested_at, candidate.interest_note = timezone.now(), note.strip()[:2000]
        candidate.save(update_fields=["interested_at", "interest_note"])
        audit_record(actor=actor, action="candidate.interest", obj=demand, changes={"supplier": actor.organization_id})
        notify(
            users=buyer_users(demand), kind="candidate.interest",
            template=_("%(supplier)s is interested in %(demand)s"),
            params={"supplier": actor.organization.name if actor.organization else "", "demand": demand.title},
            url=reverse("demands:detail", args=[demand.pk]) + "#candidates",
        )  # fmt: skip
    return candidate


def demands_matching_supplier(*, user: Viewer, top: int = 10) -> list[tuple[Demand, DemandMatch]]:
    """Open demands that fit the user's supply firm, best first: ranked on what the supplier may read (title
    and summary, never a specification), among the demands it may see and has not been invited to."""
    if not permissions.is_supplier_user(user) or user.organization_id is None:
        return []
    firm = supply_firms([user.organization_id]).first()
    if firm is None:
        return []
    demands = {
        str(d.pk): d
        for d in visible_demands(user=user).filter(status__in=SOURCING).exclude(invitations__supplier=firm)[:2000]
    }
    engine_demands = [
        EngineDemand(
            id=key, text=_text(d),
            hs_codes=(d.hs_code.code,) if d.hs_code else (),
            strategic_technologies=(d.strategic_technology.code,) if d.strategic_technology else (),
        )
        for key, d in demands.items()
    ]  # fmt: skip
    matches = match_demands(to_profile(firm), engine_demands, top=top)
    return [(demands[m.demand_id], m) for m in matches if _substantial(m)]


MIN_SHARED_WORDS = 2


def _substantial(match: DemandMatch) -> bool:
    """A supplier's whole profile is a long query: one shared word ("공급", "반도체") is chance, not fit. A demand
    is suggested when it shares a classification or at least two distinct words with the profile."""
    words = {term for term, _via, _fields, _total in match.explanation.by_term()}
    return bool(match.explanation.concepts) or len(words) >= MIN_SHARED_WORDS
