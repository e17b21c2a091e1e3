from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from mcelink.core.errors import ServiceError
from mcelink.core.http import actor, or_404
from mcelink.core.permissions import require
from mcelink.programs import selectors, services
from mcelink.programs.forms import OutcomeForm, ParticipationForm
from mcelink.programs.models import Participation, Program, Track
from mcelink.programs.permissions import can_manage_program


@login_required
def program_list(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()
    status = request.GET.get("status", "")
    year_text = request.GET.get("year", "")
    year = int(year_text) if year_text.isdigit() else None
    programs = selectors.program_list(user=request.user, q=q, year=year, status=status)
    page = Paginator(programs, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "programs/list.html",
        {"page": page, "q": q, "status": status, "year": year_text, "statuses": Program.Status.choices},
    )


@login_required
def program_detail(request: HttpRequest, program_id: int) -> HttpResponse:
    program = or_404(selectors.program_get_for_user, user=request.user, program_id=program_id)
    return render(
        request,
        "programs/detail.html",
        {
            "program": program,
            "outcomes": selectors.program_outcomes(program=program),
            "can_manage": can_manage_program(request.user, program),
        },
    )


@login_required
def track_detail(request: HttpRequest, track_id: int) -> HttpResponse:
    track = or_404(selectors.track_get_for_user, user=request.user, track_id=track_id)
    return render(
        request,
        "programs/track.html",
        {"track": track, "program": track.program, "can_manage": can_manage_program(request.user, track.program)},
    )


def _managed_track(request: HttpRequest, track_id: int) -> Track:
    track = or_404(selectors.track_get_for_user, user=request.user, track_id=track_id)
    require(can_manage_program(request.user, track.program))
    return track


def _managed_participation(request: HttpRequest, participation_id: int) -> Participation:
    participation = or_404(selectors.participation_get_for_user, user=request.user, participation_id=participation_id)
    require(can_manage_program(request.user, participation.track.program))
    return participation


@login_required
def participation_add(request: HttpRequest, track_id: int) -> HttpResponse:
    track = _managed_track(request, track_id)
    form = ParticipationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.participation_add(track=track, actor=actor(request), **form.cleaned_data)
        except ServiceError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, _(exc.message))
        else:
            messages.success(request, _("The company was added to the track."))
            return redirect("programs:track", track_id=track.pk)
    return render(request, "programs/participation_form.html", {"form": form, "track": track})


@login_required
def participation_remove(request: HttpRequest, participation_id: int) -> HttpResponse:
    participation = _managed_participation(request, participation_id)
    if request.method == "POST":
        track_id = participation.track_id
        services.participation_remove(participation=participation, actor=actor(request))
        messages.success(request, _("The company was removed from the track."))
        return redirect("programs:track", track_id=track_id)
    return render(request, "programs/participation_confirm_remove.html", {"participation": participation})


@login_required
def outcome_add(request: HttpRequest, participation_id: int) -> HttpResponse:
    participation = _managed_participation(request, participation_id)
    form = OutcomeForm(request.POST or None, program=participation.track.program)
    if request.method == "POST" and form.is_valid():
        try:
            services.outcome_record(participation=participation, actor=actor(request), **form.cleaned_data)
        except ServiceError as exc:
            form.add_error(exc.field, _(exc.message))
        else:
            messages.success(request, _("The outcome was recorded."))
            return redirect("programs:track", track_id=participation.track_id)
    return render(request, "programs/outcome_form.html", {"form": form, "participation": participation})
