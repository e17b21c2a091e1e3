"""Pages of the demand board. Each view parses input, calls one service or selector, and renders."""

import copy
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mcelink.core.errors import ServiceError
from mcelink.core.exports import csv_response
from mcelink.core.forms import MoveForm
from mcelink.core.http import actor, or_404
from mcelink.core.permissions import require
from mcelink.core.workflow import moves_for
from mcelink.demands import candidates as candidate_services
from mcelink.demands import collaboration, permissions, selectors, services
from mcelink.demands import fields as fields_of
from mcelink.demands.disclosure import demand_disclosed, demand_file_response
from mcelink.demands.forms import (
    AdoptForm,
    DeclineForm,
    DemandForm,
    InterestForm,
    InviteForm,
    MessageForm,
    NdaForm,
    ProposalForm,
    RejectForm,
    ValidationResultForm,
    ValidationStartForm,
)
from mcelink.demands.models import Demand, Invitation, Status, ValidationStage
from mcelink.matchmaking.selectors import supplier_search
from mcelink.matchmaking.services import MSG_INDEX_BUILDING, matching_index_ensure


def _demand(request: HttpRequest, demand_id: int) -> Demand:
    return or_404(selectors.demand_get_for_user, user=request.user, demand_id=demand_id)


def _invitation(request: HttpRequest, invitation_id: int) -> Invitation:
    return or_404(selectors.invitation_get_for_user, user=request.user, invitation_id=invitation_id)


def _run(form: forms.BaseForm, call: Callable[[], Any]) -> bool:
    """Call a service; a refusal becomes an error on the form's field (or the whole form)."""
    try:
        call()
    except ServiceError as exc:
        form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        return False
    return True


@login_required
def demand_list(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()[:200]
    status = request.GET.get("status", "")
    sort = request.GET.get("sort", "newest")
    demands = selectors.demand_list(user=request.user, q=q, status=status, sort=sort)
    page = Paginator(demands, 25).get_page(request.GET.get("page"))
    rows = [(d, permissions.level(request.user, d), permissions.can_see_buyer(request.user, d)) for d in page]
    return render(
        request,
        "demands/list.html",
        {
            "page": page,
            "rows": rows,
            "q": q,
            "status": status,
            "sort": sort,
            "statuses": Status.choices,
            "sorts": selectors.SORTS,
            "can_create": permissions.can_create_demand(request.user),
            "can_view_funnel": permissions.can_view_funnel(request.user),
        },
    )


@login_required
def demand_export(request: HttpRequest) -> HttpResponse:
    """The list as CSV, with the filters of the page and each demand disclosed as the API discloses it."""
    demands = selectors.demand_list(
        user=request.user, q=request.GET.get("q", "").strip()[:200], status=request.GET.get("status", "")
    )
    return csv_response("demands.csv", fields_of.EXPORT, (_export_row(request, d) for d in demands))


def _export_row(request: HttpRequest, demand: Demand) -> list[Any]:
    row = demand_disclosed(request.user, demand)
    buyer = row["buyer"]
    row["buyer"] = buyer.name if buyer is not None else ""
    return [row[c] for c in fields_of.EXPORT]


@login_required
def demand_create(request: HttpRequest) -> HttpResponse:
    if not permissions.can_create_demand(request.user):
        raise PermissionDenied
    return _demand_form(request, None)


@login_required
def demand_edit(request: HttpRequest, demand_id: int) -> HttpResponse:
    demand = _demand(request, demand_id)
    require(permissions.can_edit_demand(request.user, demand))
    return _demand_form(request, demand)


def _demand_form(request: HttpRequest, demand: Demand | None) -> HttpResponse:
    # The form gets a copy: a ModelForm writes what it cleaned onto its instance, and the service must see the
    # demand as stored to tell what changed.
    form = DemandForm(request.POST or None, request.FILES or None, instance=copy.copy(demand))
    if request.method == "POST" and form.is_valid():
        saved: dict[str, Demand] = {}

        def save() -> None:
            saved["d"] = services.demand_save_with_files(
                demand=demand, actor=actor(request), uploads=form.cleaned_data["files"], **form.demand_fields()
            )

        if _run(form, save):
            messages.success(request, _("The demand was saved."))
            return redirect("demands:detail", demand_id=saved["d"].pk)
    return render(request, "demands/form.html", {"form": form, "demand": demand})


@login_required
def demand_detail(request: HttpRequest, demand_id: int) -> HttpResponse:
    user = request.user
    demand = _demand(request, demand_id)
    level = permissions.level(user, demand)
    context: dict[str, Any] = {
        "demand": demand,
        "level": level,
        "full": level == permissions.Level.FULL,
        "listed_only": level == permissions.Level.LISTED,
        "can_see_buyer": permissions.can_see_buyer(user, demand),
        "my_invitation": permissions.invitation_of(user, demand),
    }
    if level == permissions.Level.LISTED:
        context["my_interest"] = selectors.interest_of(user=user, demand=demand)
        context["can_express_interest"] = permissions.can_express_interest(user, demand)
    if level == permissions.Level.FULL:
        context["files"] = selectors.demand_files(user=user, demand=demand)
    if permissions.is_buyer(user, demand):
        find = request.GET.get("find", "").strip()[:500]
        context |= {
            "is_buyer": True,
            "can_edit": permissions.can_edit_demand(user, demand),
            "moves": moves_for(user, demand),
            "invitations": selectors.invitations_of_demand(demand=demand),
            "history": selectors.demand_history(demand=demand),
            "can_work_candidates": permissions.can_work_candidates(user, demand),
            "can_invite": permissions.can_invite(user, demand),
            "can_record_validation": permissions.can_record_validation(user, demand),
            "find": find,
            "found": _found(request, find),
            "result_form": ValidationResultForm(),
            "adopt_form": AdoptForm(),
            "line_form": ValidationStartForm(),
            "validations": list(demand.selected_invitation.validations.all()) if demand.selected_invitation else [],
        }
        if context["can_work_candidates"]:
            context["candidates"] = selectors.candidates_of(user=user, demand=demand)
    elif permissions.is_manager(user):
        context["history"] = selectors.demand_history(demand=demand)
        context["moves"] = moves_for(user, demand)
    return render(request, "demands/detail.html", context)


def _found(request: HttpRequest, find: str) -> list[Any]:
    """Suppliers found by hand; with no index yet, its build job is started and the page says so."""
    found = supplier_search(user=request.user, text=find, top=10) if find else []
    if found is None:
        matching_index_ensure(actor=actor(request))
        messages.info(request, MSG_INDEX_BUILDING)
        return []
    return found


@login_required
def demand_move(request: HttpRequest, demand_id: int) -> HttpResponse:
    """Confirm a move (GET) and make it (POST): every move says why; a rejection needs a structured reason."""
    demand = _demand(request, demand_id)
    target = request.POST.get("to") or request.GET.get("to", "")
    offered = {m.target: m for m in moves_for(request.user, demand)}
    if target not in offered:
        messages.error(request, _("This move is not possible now."))
        return redirect("demands:detail", demand_id=demand.pk)
    form = MoveForm(request.POST or None, move=offered[target].move)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _run(
            form,
            lambda: services.demand_transition(
                demand=demand,
                to=target,
                actor=actor(request),
                reason=data["reason"],
                reason_code=data.get("reason_code", ""),
            ),
        ):
            messages.success(request, _("The demand is now “%(status)s”.") % {"status": demand.get_status_display()})
            return redirect("demands:detail", demand_id=demand.pk)
    context = {"demand": demand, "form": form, "move": offered[target], "target": Status(target)}
    return render(request, "demands/move.html", context)


@login_required
@require_POST
def candidates_refresh(request: HttpRequest, demand_id: int) -> HttpResponse:
    demand = _demand(request, demand_id)
    if not permissions.can_work_candidates(request.user, demand):
        raise PermissionDenied
    try:
        candidate_services.candidates_refresh(demand=demand, actor=actor(request))
    except ServiceError as exc:
        messages.info(request, exc.message)
    return redirect("demands:detail", demand_id=demand.pk)


@login_required
@require_POST
def candidate_decide(request: HttpRequest, demand_id: int, candidate_id: int) -> HttpResponse:
    demand = _demand(request, demand_id)
    if not permissions.can_work_candidates(request.user, demand):
        raise PermissionDenied
    candidate = or_404(selectors.candidate_get, demand=demand, candidate_id=candidate_id)
    candidate_services.candidate_decide(
        candidate=candidate, actor=actor(request), decision=request.POST.get("decision", "")
    )
    if request.headers.get("HX-Request"):
        annotated = selectors.candidates_of(user=request.user, demand=demand).get(pk=candidate.pk)
        return render(
            request,
            "demands/_candidate.html",
            {"c": annotated, "demand": demand, "can_invite": permissions.can_invite(request.user, demand)},
        )
    return redirect("demands:detail", demand_id=demand.pk)


@login_required
@require_POST
def candidate_add(request: HttpRequest, demand_id: int) -> HttpResponse:
    demand = _demand(request, demand_id)
    supplier = selectors.supply_firm_find(organization_id=request.POST.get("supplier"))
    if supplier is None:
        messages.error(request, _("Choose a supply firm."))
    else:
        try:
            candidate_services.candidate_add(demand=demand, supplier=supplier, actor=actor(request))
            messages.success(request, _("%(name)s was added to the shortlist.") % {"name": supplier.name})
        except ServiceError as exc:
            messages.error(request, exc.message)
    return redirect("demands:detail", demand_id=demand.pk)


@login_required
@require_POST
def interest(request: HttpRequest, demand_id: int) -> HttpResponse:
    return _demand_post(
        request,
        demand_id,
        InterestForm,
        lambda d, data: candidate_services.interest_express(demand=d, actor=actor(request), note=data["note"]),
        _("The buyer was told your firm is interested."),
    )


@login_required
@require_POST
def invite(request: HttpRequest, demand_id: int) -> HttpResponse:
    demand = _demand(request, demand_id)
    form = InviteForm(request.POST)
    supplier = selectors.supply_firm_find(organization_id=request.POST.get("supplier"))
    if not form.is_valid() or supplier is None:
        messages.error(request, _("Choose a supply firm."))
    else:
        try:
            collaboration.invitation_create(
                demand=demand, supplier=supplier, actor=actor(request), note=form.cleaned_data["note"]
            )
            messages.success(request, _("%(name)s was invited.") % {"name": supplier.name})
        except ServiceError as exc:
            messages.error(request, exc.message)
    return redirect("demands:detail", demand_id=demand.pk)


@login_required
def invitation_detail(request: HttpRequest, invitation_id: int) -> HttpResponse:
    user = request.user
    invitation = _invitation(request, invitation_id)
    demand = invitation.demand
    terms = collaboration.nda_current()
    return render(
        request,
        "demands/invitation.html",
        {
            "invitation": invitation,
            "demand": demand,
            "terms": terms,
            "is_buyer": permissions.is_buyer(user, demand),
            "sees_specification": permissions.can_view_specification(user, demand),
            "spec_files": selectors.demand_files(user=user, demand=demand),
            "files": selectors.invitation_files(user=user, invitation=invitation),
            "thread": invitation.messages.select_related("author"),
            "proposals": invitation.proposals.all(),
            "validations": invitation.validations.all(),
            "nda_form": NdaForm(initial={"terms_version": terms.version if terms else ""}),
            "message_form": MessageForm(),
            "proposal_form": ProposalForm(),
            "reject_form": RejectForm(),
            "decline_form": DeclineForm(),
            "validation_form": ValidationStartForm(),
            "can_accept_nda": permissions.can_accept_nda(user, invitation),
            "can_message": permissions.can_message(user, invitation),
            "can_propose": permissions.can_propose(user, invitation),
            "can_reject": permissions.can_reject_invitation(user, invitation),
            "can_decline": permissions.can_decline(user, invitation),
            "can_start_validation": permissions.can_start_validation(user, invitation),
        },
    )


def _post_form(
    request: HttpRequest, form_class: type[forms.BaseForm], call: Callable[[dict[str, Any]], Any], done: str, back: str
) -> HttpResponse:
    """The small forms of the demand and invitation pages: validate, call one service, say what happened (or
    each error) as a message, and go back to the page."""
    form = form_class(request.POST, request.FILES or None)
    if form.is_valid() and _run(form, lambda: call(form.cleaned_data)):
        messages.success(request, done)
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
    return redirect(back)


def _invitation_post(
    request: HttpRequest,
    invitation_id: int,
    form_class: type[forms.BaseForm],
    call: Callable[[Invitation, dict[str, Any]], Any],
    done: str,
    back_to_demand: bool = False,
) -> HttpResponse:
    invitation = _invitation(request, invitation_id)
    back = (
        reverse("demands:detail", args=[invitation.demand_id])
        if back_to_demand
        else reverse("demands:invitation", args=[invitation.pk])
    )
    return _post_form(request, form_class, lambda data: call(invitation, data), done, back)


@login_required
@require_POST
def nda_accept(request: HttpRequest, invitation_id: int) -> HttpResponse:
    return _invitation_post(
        request,
        invitation_id,
        NdaForm,
        lambda inv, data: collaboration.invitation_accept_nda(
            invitation=inv, actor=actor(request), terms_version=data["terms_version"]
        ),
        _("You accepted the NDA."),
    )


@login_required
@require_POST
def message_post(request: HttpRequest, invitation_id: int) -> HttpResponse:
    return _invitation_post(
        request,
        invitation_id,
        MessageForm,
        lambda inv, data: collaboration.message_post(invitation=inv, actor=actor(request), body=data["body"]),
        _("Message sent."),
    )


@login_required
@require_POST
def proposal_submit(request: HttpRequest, invitation_id: int) -> HttpResponse:
    return _invitation_post(
        request,
        invitation_id,
        ProposalForm,
        lambda inv, data: collaboration.proposal_submit(
            invitation=inv,
            actor=actor(request),
            unit_price_krw=data["unit_price_krw"],
            lead_time_days=data["lead_time_days"],
            note=data["note"],
            files=data["files"],
        ),
        _("Proposal sent."),
    )


@login_required
@require_POST
def invitation_reject(request: HttpRequest, invitation_id: int) -> HttpResponse:
    return _invitation_post(
        request,
        invitation_id,
        RejectForm,
        lambda inv, data: collaboration.invitation_reject(
            invitation=inv, actor=actor(request), reason_code=data["reason_code"], note=data["note"]
        ),
        _("The supplier was told it is not selected, and why."),
    )


@login_required
@require_POST
def invitation_decline(request: HttpRequest, invitation_id: int) -> HttpResponse:
    return _invitation_post(
        request,
        invitation_id,
        DeclineForm,
        lambda inv, data: collaboration.invitation_decline(invitation=inv, actor=actor(request), note=data["note"]),
        _("You declined the invitation."),
    )


@login_required
@require_POST
def validation_start(request: HttpRequest, invitation_id: int) -> HttpResponse:
    stage = ValidationStage.LINE if request.POST.get("stage") == ValidationStage.LINE else ValidationStage.SAMPLE
    return _invitation_post(
        request,
        invitation_id,
        ValidationStartForm,
        lambda inv, data: collaboration.validation_start(
            invitation=inv, actor=actor(request), stage=stage, test_plan=data["test_plan"]
        ),
        _("Validation started."),
        back_to_demand=True,  # results are recorded on the demand's page
    )


def _demand_post(
    request: HttpRequest,
    demand_id: int,
    form_class: type[forms.BaseForm],
    call: Callable[[Demand, dict[str, Any]], Any],
    done: str,
) -> HttpResponse:
    demand = _demand(request, demand_id)
    back = reverse("demands:detail", args=[demand.pk])
    return _post_form(request, form_class, lambda data: call(demand, data), done, back)


@login_required
@require_POST
def validation_record(request: HttpRequest, demand_id: int) -> HttpResponse:
    return _demand_post(
        request,
        demand_id,
        ValidationResultForm,
        lambda d, data: collaboration.validation_record(
            demand=d, actor=actor(request), passed=data["passed"], result=data["result"], evidence=data["evidence"]
        ),
        _("The result was recorded."),
    )


@login_required
@require_POST
def adopt(request: HttpRequest, demand_id: int) -> HttpResponse:
    return _demand_post(
        request,
        demand_id,
        AdoptForm,
        lambda d, data: collaboration.demand_adopt(demand=d, actor=actor(request), **data),
        _("Adopted: the item now counts as localized."),
    )


@login_required
def file_download(request: HttpRequest, file_id: int) -> FileResponse:
    demand_file = or_404(selectors.file_get_for_user, user=request.user, file_id=file_id)
    return demand_file_response(demand_file)


@login_required
def funnel(request: HttpRequest) -> HttpResponse:
    if not permissions.can_view_funnel(request.user):
        raise PermissionDenied
    group_by = "technology" if request.GET.get("by") == "technology" else "industry"
    return render(
        request,
        "demands/funnel.html",
        {
            "funnel": selectors.funnel(user=request.user, group_by=group_by),
            "by": group_by,
            "outcomes": selectors.localization_outcomes(user=request.user),
            "sees_demands": permissions.is_manager(request.user),
            "Status": Status,
        },
    )
