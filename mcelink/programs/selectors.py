
from django.db.models import Count, Prefetch, QuerySet

from mcelink.core.errors import NotFound
from mcelink.core.permissions import Viewer
from mcelink.core.search import words_match
from mcelink.programs.models import Outcome, Participation, Program, Track
from mcelink.programs.permissions import can_view_program


def program_list(*, user: Viewer, q: str = "", year: int | None = None, status: str = "") -> QuerySet[Program]:
    if not can_view_program(user):
        return Program.objects.none()
    programs = Program.objects.select_related("operator").annotate(
        participant_count=Count("tracks__participations", distinct=True)
    )
    if year:
        programs = programs.filter(year=year)
    if status:
        programs = programs.filter(status=status)
    if q:
        programs = programs.filter(words_match(q, ["name_ko", "name_en", "code"]))
    return programs.order_by("-year", "code")


def program_get_for_user(*, user: Viewer, program_id: int) -> Program:
    program = (
        Program.objects.select_related("operator")
        .prefetch_related(
            "funders",
            "events",
            Prefetch("tracks", queryset=Track.objects.annotate(participant_count=Count("participations"))),
        )
        .filter(pk=program_id)
        .first()
    )
    if program is None or not can_view_program(user, program):
        raise NotFound
    return program


def track_get_for_user(*, user: Viewer, track_id: int) -> Track:
    track = (
        Track.objects.select_related("program__operator")
        .prefetch_related(
            Prefetch(
                "participations",
                queryset=Participation.objects.select_related("organization", "partner").prefetch_related(
                    Prefetch("outcomes", queryset=Outcome.objects.select_related("event"))
                ),
            )
        )
        .filter(pk=track_id)
        .first()
    )
    if track is None or not can_view_program(user, track.program):
        raise NotFound
    return track


def participation_get_for_user(*, user: Viewer, participation_id: int) -> Participation:
    participation = (
        Participation.objects.select_related("track__program", "organization").filter(pk=participation_id).first()
    )
    if participation is None or not can_view_program(user, participation.track.program):
        raise NotFound
    return participation


def outcome_list(
    *, user: Viewer, program: int | None = None, organization: int | None = None, category: str = ""
) -> QuerySet[Outcome]:
    if not can_view_program(user):
        return Outcome.objects.none()
    outcomes = Outcome.objects.select_related(
        "participation__organization", "participation__track__program", "event"
    ).prefetch_related("strategic_technologies")
    if program:
        outcomes = outcomes.filter(participation__track__program_id=program)
    if organization:
        outcomes = outcomes.filter(participation__organization_id=organization)
    if category:
        outcomes = outcomes.filter(category=category)
    return outcomes.order_by("participation__track__program_id", "participation__track__number", "id")


def program_outcomes(*, program: Program) -> QuerySet[Outcome]:
    return (
        Outcome.objects.filter(participation__track__program=program)
        .select_related("participation__organization", "event")
        .order_by("-value", "id")
    )
