from datetime import date
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.pagination import paginate

from mcelink.core.api_pagination import PageNumber
from mcelink.core.api_types import Id, Int32
from mcelink.programs import selectors

router = Router()


class OrganizationRef(Schema):
    id: int
    name_ko: str
    name_en: str
    region: str
    district: str


class TrackOut(Schema):
    id: int
    number: int
    name_ko: str
    name_en: str
    quota: int
    participant_count: int


class EventOut(Schema):
    kind: str
    title_ko: str
    title_en: str
    date: date


class ProgramOut(Schema):
    id: int
    code: str
    name_ko: str
    name_en: str
    year: int
    status: str
    operator: OrganizationRef
    participant_count: int


class ProgramDetailOut(ProgramOut):
    funders: list[OrganizationRef]
    budget_krw: int | None
    start_date: date | None
    end_date: date | None
    support_types: list[str]
    tracks: list[TrackOut]
    events: list[EventOut]

    @staticmethod
    def resolve_participant_count(obj: Any) -> int:
        return sum(t.participant_count for t in obj.tracks.all())


class OutcomeOut(Schema):
    id: int
    organization: OrganizationRef
    program_id: int
    track_number: int
    category: str
    title_ko: str
    title_en: str
    summary_ko: str
    summary_en: str
    metric_ko: str
    metric_en: str
    value: Decimal | None
    unit: str
    presented_on: date | None
    is_sample: bool

    @staticmethod
    def resolve_organization(obj: Any) -> Any:
        return obj.participation.organization

    @staticmethod
    def resolve_program_id(obj: Any) -> int:
        return int(obj.participation.track.program_id)

    @staticmethod
    def resolve_track_number(obj: Any) -> int:
        return int(obj.participation.track.number)

    @staticmethod
    def resolve_presented_on(obj: Any) -> date | None:
        return obj.event.date if obj.event else None


class ParticipationOut(Schema):
    organization: OrganizationRef
    partner: OrganizationRef | None
    project_title_ko: str
    project_title_en: str
    outcomes: list[OutcomeOut]

    @staticmethod
    def resolve_outcomes(obj: Any) -> list[Any]:
        return list(obj.outcomes.all())


class TrackDetailOut(Schema):
    id: int
    program_id: int
    number: int
    name_ko: str
    name_en: str
    quota: int
    participations: list[ParticipationOut]

    @staticmethod
    def resolve_participations(obj: Any) -> list[Any]:
        return list(obj.participations.all())


class ProgramFilters(Schema):
    q: str = ""
    year: Int32 | None = None
    status: str = ""


class OutcomeFilters(Schema):
    program: Id | None = None
    organization: Id | None = None
    category: str = ""


@router.get("/programs", response=list[ProgramOut], operation_id="program_list", tags=["programs"])
@paginate(PageNumber)
def programs(request: HttpRequest, filters: Query[ProgramFilters]) -> Any:
    return selectors.program_list(user=request.user, **filters.dict())


@router.get("/programs/{program_id}", response=ProgramDetailOut, operation_id="program_get", tags=["programs"])
def program(request: HttpRequest, program_id: int) -> Any:
    return selectors.program_get_for_user(user=request.user, program_id=program_id)


@router.get(
    "/programs/{program_id}/tracks", response=list[TrackOut], operation_id="program_track_list", tags=["programs"]
)
def program_tracks(request: HttpRequest, program_id: int) -> Any:
    return list(selectors.program_get_for_user(user=request.user, program_id=program_id).tracks.all())


@router.get("/tracks/{track_id}", response=TrackDetailOut, operation_id="track_get", tags=["tracks"])
def track(request: HttpRequest, track_id: int) -> Any:
    return selectors.track_get_for_user(user=request.user, track_id=track_id)


@router.get("/outcomes", response=list[OutcomeOut], operation_id="outcome_list", tags=["outcomes"])
@paginate(PageNumber)
def outcomes(request: HttpRequest, filters: Query[OutcomeFilters]) -> Any:
    return selectors.outcome_list(user=request.user, **filters.dict())
