"""/api/v1/demands/ and /api/v1/invitations/: the same services, selectors and disclosure rules as the pages.

A field the caller may not read is null (``buyer`` while hidden, ``specification`` before the NDA); a demand
or invitation the caller may not see answers 404, the same as one that does not exist.
"""

import datetime
from typing import Any, Literal

from django.db import models
from django.http import FileResponse, HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Field, ModelSchema, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from mcelink.companies.models import MceCategory, Region
from mcelink.core.api_pagination import PageNumber
from mcelink.core.api_types import Id, NonNegativeInt32, NonNegativeInt64, unset
from mcelink.core.errors import NotFound, PermissionDenied, ServiceError, ValidationError
from mcelink.core.http import actor
from mcelink.core.permissions import Viewer
from mcelink.core.workflow import moves_for
from mcelink.demands import candidates as candidate_services
from mcelink.demands import collaboration, permissions, selectors, services
from mcelink.demands.disclosure import demand_disclosed, demand_file_response
from mcelink.demands.fields import EDITABLE
from mcelink.demands.models import (
    Candidate,
    Demand,
    Invitation,
    RejectionReason,
    SourceCountry,
    ValidationStage,
    Visibility,
)
from mcelink.demands.models import Status as DemandStatus

router = Router()


class OrganizationRef(Schema):
    id: int
    name_ko: str
    name_en: str


class FileOut(Schema):
    id: int
    name: str
    size: int
    kind: str


class MoveOut(Schema):
    """A move this user may make now (``POST …/transitions/`` with ``to``); ``blocked`` says why not yet."""

    to: str
    label: str
    blocked: str


class DemandOut(Schema):
    id: int
    reference: str
    access: str
    status: str
    title: str
    summary: str
    category: str
    strategic_technology: str | None
    hs_code: str | None
    source_country: str
    needed_by: datetime.date | None
    required_certifications: list[str]
    preferred_region: str
    visibility: str
    buyer: OrganizationRef | None
    hide_buyer: bool
    specification: str | None
    source_supplier: str | None
    annual_volume: int | None
    volume_unit: str | None
    target_price_krw: int | None
    files: list[FileOut] | None
    my_invitation_id: int | None
    created_at: datetime.datetime
    moves: list[MoveOut] | None  # on one demand; null in lists, where each row's guards would cost queries


def demand_out(user: Viewer, demand: Demand, *, with_moves: bool = True) -> dict[str, Any]:
    out = demand_disclosed(user, demand)
    out["moves"] = None
    if with_moves:
        out["moves"] = [{"to": m.target, "label": m.label, "blocked": m.blocked} for m in moves_for(user, demand)]
    return out


class DisclosedPage:
    """A queryset that the paginator counts in SQL and slices, disclosing only the demands of the page."""

    def __init__(self, user: Viewer, demands: Any) -> None:
        self.user, self.demands = user, demands

    def __len__(self) -> int:
        return int(self.demands.count())

    def __getitem__(self, window: slice) -> list[dict[str, Any]]:
        return [demand_out(self.user, d, with_moves=False) for d in self.demands[window]]


def _max_length(name: str) -> int:
    """The model's limit of a text field, so that the schema states it from the one place it is kept."""
    field = Demand._meta.get_field(name)
    if not isinstance(field, models.CharField | models.TextField) or not field.max_length:
        raise TypeError(f"{name} is not a text field with a limit")
    return field.max_length


class DemandIn(ModelSchema):
    """The buyer's fields, from the one list (``fields.EDITABLE``); rows are given by their code.

    The model's choices are enums here and its limits are the schema's, so that what the schema allows is what
    the model accepts (a blank choice is ``""``).
    """

    title: str = Field(min_length=1, max_length=_max_length("title"))
    summary: str = Field(min_length=1, max_length=_max_length("summary"))
    specification: str = Field("", max_length=_max_length("specification"))
    category: MceCategory | Literal[""] = ""
    strategic_technology: str | None = None
    hs_code: str | None = None
    source_country: SourceCountry | Literal[""] = ""
    source_supplier: str = Field("", max_length=_max_length("source_supplier"))
    annual_volume: NonNegativeInt32 | None = None
    volume_unit: str = Field("", max_length=_max_length("volume_unit"))
    target_price_krw: NonNegativeInt64 | None = None
    required_certifications: list[str] = []
    preferred_region: Region | Literal[""] = ""
    visibility: Visibility = Visibility.INVITED_ONLY
    hide_buyer: bool = True

    class Meta:
        model = Demand
        fields = list(EDITABLE)


class DemandPatch(ModelSchema):
    """The same fields, each optional: only those sent are changed (null only where the field may be empty)."""

    title: str = unset(min_length=1, max_length=_max_length("title"))
    summary: str = unset(min_length=1, max_length=_max_length("summary"))
    specification: str = unset(max_length=_max_length("specification"))
    category: MceCategory | Literal[""] = unset()
    strategic_technology: str | None = None
    hs_code: str | None = None
    source_country: SourceCountry | Literal[""] = unset()
    source_supplier: str = unset(max_length=_max_length("source_supplier"))
    annual_volume: NonNegativeInt32 | None = None
    volume_unit: str = unset(max_length=_max_length("volume_unit"))
    target_price_krw: NonNegativeInt64 | None = None
    required_certifications: list[str] = unset()
    needed_by: datetime.date | None = None
    preferred_region: Region | Literal[""] = unset()
    visibility: Visibility = unset()
    hide_buyer: bool = unset()

    class Meta:
        model = Demand
        fields = list(EDITABLE)
        fields_optional = "__all__"


ERR_UNKNOWN_TECHNOLOGY = _("No strategic technology has the code %(code)s.")
ERR_NOT_NULL = _("%(field)s cannot be empty (null): send a value, or leave the field out.")


def _demand_fields(data: dict[str, Any]) -> dict[str, Any]:
    from mcelink.taxonomy.selectors import hs_codes_resolve, technologies_by_code

    fields = dict(data)
    for name, value in fields.items():
        if value is None and not getattr(Demand._meta.get_field(name), "null", False):
            raise ServiceError(str(ERR_NOT_NULL % {"field": name}), code="invalid", field=name)
    if "strategic_technology" in fields:
        code = fields.pop("strategic_technology")
        fields["strategic_technology"] = technologies_by_code([code]).get(code) if code else None
        if code and fields["strategic_technology"] is None:
            message = str(ERR_UNKNOWN_TECHNOLOGY % {"code": code})
            raise ServiceError(message, code="invalid", field="strategic_technology")
    if "hs_code" in fields:
        try:
            found = hs_codes_resolve([fields.pop("hs_code") or ""])
        except ValidationError as exc:
            raise ServiceError(exc.messages[0], code="invalid", field="hs_code") from exc
        fields["hs_code"] = found[0] if found else None
    return fields


class DemandFilters(Schema):
    q: str = ""
    status: str = ""
    sort: str = "newest"


@router.get("/demands/", response=list[DemandOut], operation_id="demand_list", tags=["demands"])
@paginate(PageNumber)
def demand_list(request: HttpRequest, filters: Query[DemandFilters]) -> Any:
    return DisclosedPage(request.user, selectors.demand_list(user=request.user, **filters.dict()))


@router.post("/demands/", response={201: DemandOut}, operation_id="demand_create", tags=["demands"])
def demand_create(request: HttpRequest, payload: DemandIn) -> Any:
    demand = services.demand_create(actor=actor(request), **_demand_fields(payload.dict(exclude_none=True)))
    return Status(201, demand_out(request.user, selectors.demand_get_for_user(user=request.user, demand_id=demand.pk)))


@router.get("/demands/{demand_id}/", response=DemandOut, operation_id="demand_get", tags=["demands"])
def demand_detail(request: HttpRequest, demand_id: int) -> Any:
    return demand_out(request.user, selectors.demand_get_for_user(user=request.user, demand_id=demand_id))


@router.patch("/demands/{demand_id}/", response=DemandOut, operation_id="demand_update", tags=["demands"])
def demand_update(request: HttpRequest, demand_id: int, payload: DemandPatch) -> Any:
    demand = selectors.demand_get_for_user(user=request.user, demand_id=demand_id)
    services.demand_update(demand=demand, actor=actor(request), **_demand_fields(payload.dict(exclude_unset=True)))
    return demand_out(request.user, selectors.demand_get_for_user(user=request.user, demand_id=demand_id))


class TransitionIn(Schema):
    to: DemandStatus
    reason: str = Field("", max_length=2000)
    reason_code: RejectionReason | Literal[""] = ""


@router.post(
    "/demands/{demand_id}/transitions/", response=DemandOut, operation_id="demand_transition", tags=["demands"]
)
def demand_transition(request: HttpRequest, demand_id: int, payload: TransitionIn) -> Any:
    demand = selectors.demand_get_for_user(user=request.user, demand_id=demand_id)
    services.demand_transition(demand=demand, actor=actor(request), **payload.dict())
    return demand_out(request.user, selectors.demand_get_for_user(user=request.user, demand_id=demand_id))


class CandidateOut(Schema):
    supplier: OrganizationRef
    rank: int | None
    interested_at: datetime.datetime | None
    interest_note: str
    score: float
    decision: str
    summary_ko: str
    summary_en: str
    explanation: dict[str, Any]
    invited: bool


def _candidates_demand(request: HttpRequest, demand_id: int) -> Demand:
    demand = selectors.demand_get_for_user(user=request.user, demand_id=demand_id)
    if not permissions.can_work_candidates(request.user, demand):
        # A supplier or manager who may see the demand is told it is forbidden; others never got here (404).
        raise PermissionDenied(str(permissions.ERR_NOT_BUYER))
    return demand


@router.get(
    "/demands/{demand_id}/candidates/", response=list[CandidateOut], operation_id="candidate_list", tags=["candidates"]
)
def candidate_list(request: HttpRequest, demand_id: int) -> Any:
    return list(selectors.candidates_of(user=request.user, demand=_candidates_demand(request, demand_id)))


class DecisionIn(Schema):
    decision: Candidate.Decision = Field(description='shortlisted, dismissed, or "" (undecided)')


@router.post(
    "/demands/{demand_id}/candidates/{supplier_id}/decision/",
    response=CandidateOut,
    operation_id="candidate_decide",
    tags=["candidates"],
)
def candidate_decide(request: HttpRequest, demand_id: int, supplier_id: int, payload: DecisionIn) -> Any:
    demand = _candidates_demand(request, demand_id)
    candidate = demand.candidates.filter(supplier_id=supplier_id).first()
    if candidate is None:
        raise NotFound
    candidate_services.candidate_decide(candidate=candidate, actor=actor(request), decision=payload.decision)
    return selectors.candidates_of(user=request.user, demand=demand).get(pk=candidate.pk)


class InterestIn(Schema):
    note: str = Field("", max_length=2000)


@router.post(
    "/demands/{demand_id}/interest/", response={201: DemandOut}, operation_id="demand_interest", tags=["demands"]
)
def interest_express(request: HttpRequest, demand_id: int, payload: InterestIn) -> Any:
    """A supply firm that sees only the anonymous summary asks the buyer to consider it."""
    demand = selectors.demand_get_for_user(user=request.user, demand_id=demand_id)
    candidate_services.interest_express(demand=demand, actor=actor(request), note=payload.note)
    return Status(201, demand_out(request.user, demand))


class ProposalOut(Schema):
    id: int
    unit_price_krw: NonNegativeInt64
    lead_time_days: NonNegativeInt32
    note: str
    created_at: datetime.datetime


class MessageOut(Schema):
    id: int
    author: str
    body: str
    created_at: datetime.datetime

    @staticmethod
    def resolve_author(obj: Any) -> str:
        return obj.author.get_full_name() or obj.author.username if obj.author else ""


class InvitationOut(Schema):
    id: int
    demand_id: int
    supplier: OrganizationRef
    state: str
    nda_terms_version: str | None
    nda_accepted_at: datetime.datetime | None
    rejection_reason: str
    rejection_note: str
    proposals: list[ProposalOut]
    messages: list[MessageOut]
    files: list[FileOut]


def invitation_out(user: Viewer, invitation: Invitation) -> dict[str, Any]:
    return {
        "id": invitation.pk, "demand_id": invitation.demand_id, "supplier": invitation.supplier,
        "state": invitation.state, "nda_terms_version": invitation.nda_terms.version if invitation.nda_terms else None,
        "nda_accepted_at": invitation.nda_accepted_at, "rejection_reason": invitation.rejection_reason,
        "rejection_note": invitation.rejection_note, "proposals": list(invitation.proposals.all()),
        "messages": list(invitation.messages.select_related("author")),
        "files": selectors.invitation_files(user=user, invitation=invitation),
    }  # fmt: skip


@router.get(
    "/demands/{demand_id}/invitations/",
    response=list[InvitationOut],
    operation_id="invitation_list",
    tags=["invitations"],
)
def invitation_list(request: HttpRequest, demand_id: int) -> Any:
    demand = selectors.demand_get_for_user(user=request.user, demand_id=demand_id)
    invitations = selectors.invitations_visible(user=request.user).filter(demand=demand)
    return [invitation_out(request.user, i) for i in invitations]


class InviteIn(Schema):
    supplier_id: Id
    note: str = Field("", max_length=2000)


@router.post(
    "/demands/{demand_id}/invitations/",
    response={201: InvitationOut},
    operation_id="invitation_create",
    tags=["invitations"],
)
def invitation_create(request: HttpRequest, demand_id: int, payload: InviteIn) -> Any:
    demand = selectors.demand_get_for_user(user=request.user, demand_id=demand_id)
    supplier = selectors.supply_firm_find(organization_id=payload.supplier_id)
    if supplier is None:
        raise ServiceError(str(collaboration.ERR_NOT_SUPPLIER), code="not_supplier", field="supplier_id")
    invitation = collaboration.invitation_create(
        demand=demand, supplier=supplier, actor=actor(request), note=payload.note
    )
    return Status(201, invitation_out(request.user, invitation))


def _invitation(request: HttpRequest, invitation_id: int) -> Invitation:
    return selectors.invitation_get_for_user(user=request.user, invitation_id=invitation_id)


@router.get(
    "/invitations/{invitation_id}/", response=InvitationOut, operation_id="invitation_get", tags=["invitations"]
)
def invitation_detail(request: HttpRequest, invitation_id: int) -> Any:
    return invitation_out(request.user, _invitation(request, invitation_id))


class NdaIn(Schema):
    terms_version: str


@router.post(
    "/invitations/{invitation_id}/nda/",
    response=InvitationOut,
    operation_id="invitation_accept_nda",
    tags=["invitations"],
)
def invitation_accept_nda(request: HttpRequest, invitation_id: int, payload: NdaIn) -> Any:
    invitation = collaboration.invitation_accept_nda(
        invitation=_invitation(request, invitation_id), actor=actor(request), terms_version=payload.terms_version
    )
    return invitation_out(request.user, invitation)


class MessageIn(Schema):
    # Not only white space, and no NUL (refused by core.guards before any view): the pattern says both.
    body: str = Field(max_length=5000, pattern=r"^[^\u0000]*\S[^\u0000]*$")


@router.post(
    "/invitations/{invitation_id}/messages/",
    response={201: MessageOut},
    operation_id="message_create",
    tags=["invitations"],
)
def message_post(request: HttpRequest, invitation_id: int, payload: MessageIn) -> Any:
    return Status(
        201,
        collaboration.message_post(
            invitation=_invitation(request, invitation_id), actor=actor(request), body=payload.body
        ),
    )


class ProposalIn(Schema):
    unit_price_krw: NonNegativeInt64
    lead_time_days: NonNegativeInt32
    note: str = Field("", max_length=5000)


@router.post(
    "/invitations/{invitation_id}/proposals/",
    response={201: ProposalOut},
    operation_id="proposal_create",
    tags=["invitations"],
)
def proposal_submit(request: HttpRequest, invitation_id: int, payload: ProposalIn) -> Any:
    invitation = _invitation(request, invitation_id)
    return Status(201, collaboration.proposal_submit(invitation=invitation, actor=actor(request), **payload.dict()))


class ResponseIn(Schema):
    note: str = Field("", max_length=2000)


@router.post(
    "/invitations/{invitation_id}/decline/",
    response=InvitationOut,
    operation_id="invitation_decline",
    tags=["invitations"],
)
def invitation_decline(request: HttpRequest, invitation_id: int, payload: ResponseIn) -> Any:
    invitation = collaboration.invitation_decline(
        invitation=_invitation(request, invitation_id), actor=actor(request), note=payload.note
    )
    return invitation_out(request.user, invitation)


class RejectIn(Schema):
    reason_code: RejectionReason
    note: str = Field("", max_length=2000)


@router.post(
    "/invitations/{invitation_id}/reject/",
    response=InvitationOut,
    operation_id="invitation_reject",
    tags=["invitations"],
)
def invitation_reject(request: HttpRequest, invitation_id: int, payload: RejectIn) -> Any:
    invitation = collaboration.invitation_reject(
        invitation=_invitation(request, invitation_id), actor=actor(request), **payload.dict()
    )
    return invitation_out(request.user, invitation)


class ValidationStartIn(Schema):
    stage: ValidationStage = ValidationStage.SAMPLE
    test_plan: str = Field(max_length=5000)


class ValidationOut(Schema):
    stage: str
    test_plan: str
    result: str
    passed: bool | None
    started_at: datetime.datetime
    decided_at: datetime.datetime | None


@router.post(
    "/invitations/{invitation_id}/validation/",
    response={201: ValidationOut},
    operation_id="validation_start",
    tags=["invitations"],
)
def validation_start(request: HttpRequest, invitation_id: int, payload: ValidationStartIn) -> Any:
    """Start the sample test of this supplier's proposal, or the line test after the sample test passed."""
    validation = collaboration.validation_start(
        invitation=_invitation(request, invitation_id), actor=actor(request), **payload.dict()
    )
    return Status(201, validation)


class ValidationResultIn(Schema):
    passed: bool
    result: str = Field(max_length=5000)


@router.post(
    "/demands/{demand_id}/validation/", response=ValidationOut, operation_id="validation_record", tags=["demands"]
)
def validation_record(request: HttpRequest, demand_id: int, payload: ValidationResultIn) -> Any:
    demand = selectors.demand_get_for_user(user=request.user, demand_id=demand_id)
    return collaboration.validation_record(demand=demand, actor=actor(request), **payload.dict())


class AdoptIn(Schema):
    contract_value_krw: NonNegativeInt64
    contract_start: datetime.date


@router.post("/demands/{demand_id}/adopt/", response=DemandOut, operation_id="demand_adopt", tags=["demands"])
def adopt(request: HttpRequest, demand_id: int, payload: AdoptIn) -> Any:
    demand = selectors.demand_get_for_user(user=request.user, demand_id=demand_id)
    collaboration.demand_adopt(demand=demand, actor=actor(request), **payload.dict())
    return demand_out(request.user, selectors.demand_get_for_user(user=request.user, demand_id=demand_id))


FILE_RESPONSE = {
    "description": "The file, as an attachment, in the media type of its name (PDF, image, spreadsheet, ...).",
    "content": {"*/*": {"schema": {"type": "string", "format": "binary"}}},
}


@router.get(
    "/demand-files/{file_id}/",
    operation_id="demand_file_download",
    tags=["demand-files"],
    openapi_extra={"responses": {200: FILE_RESPONSE}},
)
def file_download(request: HttpRequest, file_id: int) -> FileResponse:
    demand_file = selectors.file_get_for_user(user=request.user, file_id=file_id)
    return demand_file_response(demand_file)
