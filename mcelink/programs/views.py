from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from mcelink.core.errors import NotFound
from mcelink.programs import selectors
from mcelink.programs.models import Program
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
    try:
        program = selectors.program_get_for_user(user=request.user, program_id=program_id)
    except NotFound as exc:
        raise Http404 from exc
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
    try:
        track = selectors.track_get_for_user(user=request.user, track_id=track_id)
    except NotFound as exc:
        raise Http404 from exc
    return render(request, "programs/track.html", {"track": track, "program": track.program})
