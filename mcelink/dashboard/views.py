from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from mcelink.accounts.models import Role
from mcelink.companies.models import Region
from mcelink.core.permissions import is_staff
from mcelink.dashboard import selectors
from mcelink.demands import permissions as demand_permissions
from mcelink.demands import selectors as demand_selectors
from mcelink.demands.candidates import demands_matching_supplier


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """One page, sections by role: each role sees first what it comes to do."""
    user: Any = request.user
    context: dict[str, Any] = {"registry": selectors.registry_figure("registry"), "role": user.role}
    org = user.organization
    if user.has_role(Role.PROGRAM_MANAGER, Role.STAFF, Role.REVIEWER, Role.ANALYST):
        context["programs"] = selectors.programs_for_dashboard(user=user)
        context["outcomes"] = selectors.recent_outcomes()
    if user.has_role(Role.ANALYST, Role.PROGRAM_MANAGER, Role.STAFF):
        context["coverage"] = selectors.registry_figure("coverage")
        regions = dict(Region.choices)
        context["regions"] = [
            {"label": regions.get(r["region"], r["region"] or "—"), "n": r["n"]}
            for r in selectors.registry_figure("regions")
        ]
    context["show_funnel"] = demand_permissions.can_view_funnel(user)
    if user.has_role(Role.SUPPLY_FIRM) and org is not None:
        context["my_invitations"] = demand_selectors.invitations_for_supplier(user=user)[:10]
        context["matching_demands"] = [
            (d, {"summary_ko": m.explanation.summary("ko"), "summary_en": m.explanation.summary("en")})
            for d, m in demands_matching_supplier(user=user, top=5)
        ]
        context["profile_gaps"] = selectors.organization_profile_gaps(organization=org)
        context["my_participations"] = selectors.participations_of(organization_id=org.pk)
        context["outcomes"] = selectors.recent_outcomes(organization_id=org.pk)
    if user.has_role(Role.DEMAND_FIRM) and org is not None:
        context["my_demands"] = demand_selectors.demand_list(user=user).filter(buyer=org)[:8]
        context["partner_participations"] = selectors.partner_participations_of(organization_id=org.pk)
    if is_staff(user):
        context["jobs"] = selectors.recent_jobs(user=user)
        context["audit"] = selectors.recent_audit()
    return render(request, "dashboard/home.html", context)
