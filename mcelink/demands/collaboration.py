"""Working together on a demand: invitations, the NDA, messages, proposals, validation and adoption.

Every service locks the demand row (``select_for_update``) before it reads the state it depends on, so two
users of one buyer acting on one invitation at once are applied one after the other, and the second sees the
first's result.
"""

import datetime
from collections.abc import Sequence

from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from mcelink.accounts.models import User
from mcelink.companies.models import Organization
from mcelink.core.audit import audit_record
from mcelink.core.errors import ServiceError
from mcelink.core.files import atomic_with_files
from mcelink.core.notifications import notify
from mcelink.core.permissions import require
from mcelink.core.workflow import ERR_REASON_REQUIRED
from mcelink.demands import permissions
from mcelink.demands.models import (
    Candidate,
    Demand,
    DemandFile,
    Invitation,
    Message,
    NdaTerms,
    Proposal,
    RejectionReason,
    Status,
    Validation,
    ValidationStage,
)
from mcelink.demands.notifications import buyer_users, supplier_users
from mcelink.demands.services import demand_file_add, demand_lock, demand_transition

ERR_NOT_SUPPLIER = _("Only supply firms can be invited.")
ERR_OWN_FIRM = _("A buyer cannot invite its own firm.")
ERR_ALREADY_INVITED = _("This supplier is already invited.")
ERR_NOT_ALLOWED = _("You may not do this on this demand now.")
ERR_TERMS_CHANGED = _("The NDA terms have changed. Read the current version and accept it.")
ERR_NO_TERMS = _("No NDA terms are in force; ask the program manager.")
ERR_EMPTY_MESSAGE = _("Write a message.")
ERR_NO_VALIDATION = _("No validation stage is running.")
ERR_ALREADY_DECIDED = _("This validation stage has already been decided.")
ERR_CONTRACT = _("Record the contract value and start date on adoption.")


def _lock_invitation(invitation: Invitation) -> Invitation:
    demand_lock(invitation.demand)
    return Invitation.objects.select_for_update().select_related("demand").get(pk=invitation.pk)


def _invitation_url(invitation: Invitation) -> str:
    return reverse("demands:invitation", args=[invitation.pk])


def invitation_create(*, demand: Demand, supplier: Organization, actor: User, note: str = "") -> Invitation:
    with transaction.atomic():
        locked = demand_lock(demand)
        require(permissions.can_invite(actor, locked))
        if not supplier.is_supply_firm:
            raise ServiceError(str(ERR_NOT_SUPPLIER), code="not_supplier", field="supplier")
        if supplier.pk == locked.buyer_id:
            raise ServiceError(str(ERR_OWN_FIRM), code="own_firm", field="supplier")
        if Invitation.objects.filter(demand=locked, supplier=supplier).exists():
            raise ServiceError(str(ERR_ALREADY_INVITED), code="already_invited", field="supplier")
        try:
            with transaction.atomic():
                invitation = Invitation.objects.create(demand=locked, supplier=supplier, invited_by=actor, note=note)
        except IntegrityError as exc:
            raise ServiceError(str(ERR_ALREADY_INVITED), code="already_invited", field="supplier") from exc
        # An invitation is the strongest "yes" a buyer gives a candidate: the engine learns it as a shortlist.
        Candidate.objects.filter(demand=locked, supplier=supplier).update(
            decision=Candidate.Decision.SHORTLISTED, decided_by=actor, decided_at=timezone.now()
        )
        audit_record(actor=actor, action="invitation.create", obj=invitation, changes={"supplier": supplier.pk})
        if locked.status in (Status.OPEN, Status.SHORTLISTING):
            demand_transition(demand=demand, to=Status.INVITED, actor=actor, reason=str(_("supplier invited")))
        notify(
            users=supplier_users(invitation), kind="invitation.create",
            template=_("%(buyer)s invites you to a request: %(demand)s"),
            params={"buyer": locked.buyer.name, "demand": locked.title}, url=_invitation_url(invitation),
        )  # fmt: skip
    return invitation


def nda_current() -> NdaTerms | None:
    return NdaTerms.objects.filter(is_current=True).order_by("-created_at").first()


def invitation_accept_nda(*, invitation: Invitation, actor: User, terms_version: str) -> Invitation:
    """Record who accepted which version of the NDA, and when. Only then the specification is disclosed."""
    with transaction.atomic():
        locked = _lock_invitation(invitation)
        if not permissions.can_accept_nda(actor, locked):
            raise PermissionDenied(str(ERR_NOT_ALLOWED))
        terms = nda_current()
        if terms is None:
            raise ServiceError(str(ERR_NO_TERMS), code="no_terms")
        if terms.version != terms_version:
            raise ServiceError(str(ERR_TERMS_CHANGED), code="terms_changed", field="terms_version")
        locked.state, locked.nda_terms = Invitation.State.ACCEPTED, terms
        locked.nda_accepted_by, locked.nda_accepted_at = actor, timezone.now()
        locked.save(update_fields=["state", "nda_terms", "nda_accepted_by", "nda_accepted_at", "updated_at"])
        audit_record(actor=actor, action="invitation.accept_nda", obj=locked, changes={"terms": terms.version})
        notify(
            users=buyer_users(locked.demand), kind="invitation.accept_nda",
            template=_("%(supplier)s accepted the NDA for %(demand)s"),
            params={"supplier": locked.supplier.name, "demand": locked.demand.title}, url=_invitation_url(locked),
        )  # fmt: skip
    return locked


def invitation_decline(*, invitation: Invitation, actor: User, note: str = "") -> Invitation:
    with transaction.atomic():
        locked = _lock_invitation(invitation)
        if not permissions.can_decline(actor, locked):
            raise PermissionDenied(str(ERR_NOT_ALLOWED))
        locked.state, locked.rejection_note, locked.closed_at = Invitation.State.DECLINED, note, timezone.now()
        locked.save(update_fields=["state", "rejection_note", "closed_at", "updated_at"])
        audit_record(actor=actor, action="invitation.decline", obj=locked, changes={"note": note})
        notify(
            users=buyer_users(locked.demand), kind="invitation.decline",
            template=_("%(supplier)s declined the invitation to %(demand)s"),
            params={"supplier": locked.supplier.name, "demand": locked.demand.title}, url=_invitation_url(locked),
        )  # fmt: skip
    return locked


def invitation_reject(*, invitation: Invitation, actor: User, reason_code: str, note: str = "") -> Invitation:
    """The buyer ends one supplier's part with a structured reason, which the supplier sees."""
    if reason_code not in RejectionReason.values:
        raise ServiceError(str(ERR_REASON_REQUIRED), code="reason_required", field="reason_code")
    with transaction.atomic():
        locked = _lock_invitation(invitation)
        if not permissions.can_reject_invitation(actor, locked):
            raise PermissionDenied(str(ERR_NOT_ALLOWED))
        locked.state, locked.closed_at = Invitation.State.REJECTED, timezone.now()
        locked.rejection_reason, locked.rejection_note = reason_code, note
        locked.save(update_fields=["state", "rejection_reason", "rejection_note", "closed_at", "updated_at"])
        audit_record(actor=actor, action="invitation.reject", obj=locked, changes={"reason": reason_code, "note": note})
        notify(
            users=supplier_users(locked), kind="invitation.reject",
            template=_("%(demand)s: not selected (%(reason)s)"),
            params={"demand": locked.demand.title, "reason": RejectionReason(reason_code).label},
            url=_invitation_url(locked),
        )  # fmt: skip
    return locked


def message_post(*, invitation: Invitation, actor: User, body: str) -> Message:
    body = body.strip()
    if not body:
        raise ServiceError(str(ERR_EMPTY_MESSAGE), code="empty", field="body")
    with transaction.atomic():
        locked = _lock_invitation(invitation)
        if not permissions.can_message(actor, locked):
            raise PermissionDenied(str(ERR_NOT_ALLOWED))
        message = Message(invitation=locked, author=actor, body=body)
        message.full_clean()
        message.save()
        audit_record(actor=actor, action="invitation.message", obj=locked, changes={"message": message.pk})
        from_buyer = permissions.is_buyer(actor, locked.demand)
        notify(
            users=supplier_users(locked) if from_buyer else buyer_users(locked.demand), kind="invitation.message",
            template=_("New message about %(demand)s"), params={"demand": locked.demand.title},
            url=_invitation_url(locked), skip=actor,
        )  # fmt: skip
    return message


def proposal_submit(
    *, invitation: Invitation, actor: User, unit_price_krw: int, lead_time_days: int, note: str = "",
    files: Sequence[UploadedFile] = (),
) -> Proposal:  # fmt: skip
    with atomic_with_files():  # a failure after a file is stored deletes it again
        locked = _lock_invitation(invitation)
        require(permissions.can_propose(actor, locked))
        proposal = Proposal(
            invitation=locked, unit_price_krw=unit_price_krw, lead_time_days=lead_time_days, note=note, created_by=actor
        )
        proposal.full_clean()
        proposal.save()
        for upload in files:
            demand_file_add(demand=locked.demand, actor=actor, upload=upload, kind=DemandFile.Kind.PROPOSAL,
                            invitation=locked)  # fmt: skip
        audit_record(
            actor=actor, action="proposal.submit", obj=locked,
            changes={"unit_price_krw": unit_price_krw, "lead_time_days": lead_time_days},
        )  # fmt: skip
        if locked.demand.status == Status.INVITED:
            demand_transition(demand=locked.demand, to=Status.PROPOSAL, actor=actor, reason=str(_("proposal received")))
        notify(
            users=buyer_users(locked.demand), kind="proposal.submit",
            template=_("%(supplier)s sent a proposal for %(demand)s"),
            params={"supplier": locked.supplier.name, "demand": locked.demand.title}, url=_invitation_url(locked),
        )  # fmt: skip
    return proposal


def validation_start(*, invitation: Invitation, actor: User, stage: str, test_plan: str) -> Validation:
    """Start the sample test of a supplier's proposal, or the line test after the sample test passed."""
    with transaction.atomic():
        locked = _lock_invitation(invitation)
        demand = locked.demand
        if not permissions.is_buyer(actor, demand):
            raise PermissionDenied(str(ERR_NOT_ALLOWED))
        if stage == ValidationStage.SAMPLE:
            if not permissions.can_start_validation(actor, locked):
                raise PermissionDenied(str(ERR_NOT_ALLOWED))
            target = Status.SAMPLE_TEST
        else:
            if demand.selected_invitation_id != locked.pk:
                raise PermissionDenied(str(ERR_NOT_ALLOWED))
            target = Status.LINE_TEST
        validation = Validation(invitation=locked, stage=stage, test_plan=test_plan, recorded_by=actor)
        validation.full_clean(exclude=["invitation"])
        demand_transition(demand=demand, to=target, actor=actor, reason=test_plan[:200], selected_invitation=locked)
        Validation.objects.filter(invitation=locked, stage=stage).delete()  # a repeated stage starts afresh
        validation.save()
        audit_record(actor=actor, action="validation.start", obj=locked, changes={"stage": stage})
        notify(
            users=supplier_users(locked), kind="validation.start",
            template=_("%(demand)s: %(stage)s started"),
            params={"demand": demand.title, "stage": ValidationStage(stage).label}, url=_invitation_url(locked),
        )  # fmt: skip
    return validation


def validation_record(
    *, demand: Demand, actor: User, passed: bool, result: str, evidence: Sequence[UploadedFile] = ()
) -> Validation:
    with atomic_with_files():  # a failure after an evidence file is stored deletes it again
        locked = demand_lock(demand)
        if not permissions.can_record_validation(actor, locked) or locked.selected_invitation is None:
            raise PermissionDenied(str(ERR_NOT_ALLOWED))
        stage = ValidationStage.SAMPLE if locked.status == Status.SAMPLE_TEST else ValidationStage.LINE
        validation = (
            Validation.objects.select_for_update().filter(invitation=locked.selected_invitation, stage=stage).first()
        )
        if validation is None:
            raise ServiceError(str(ERR_NO_VALIDATION), code="no_validation")
        if validation.passed is not None:
            raise ServiceError(str(ERR_ALREADY_DECIDED), code="already_decided")
        validation.passed, validation.result, validation.decided_at = passed, result, timezone.now()
        validation.save(update_fields=["passed", "result", "decided_at"])
        for upload in evidence:
            demand_file_add(demand=locked, actor=actor, upload=upload, kind=DemandFile.Kind.EVIDENCE,
                            invitation=locked.selected_invitation)  # fmt: skip
        audit_record(actor=actor, action="validation.record", obj=locked, changes={"stage": stage, "passed": passed})
        notify(
            users=supplier_users(locked.selected_invitation), kind="validation.record",
            template=_("%(demand)s: %(stage)s %(verdict)s"),
            params={"demand": locked.title, "stage": ValidationStage(stage).label,
                    "verdict": pgettext_lazy("verdict", "passed") if passed else pgettext_lazy("verdict", "failed")},
            url=_invitation_url(locked.selected_invitation),
        )  # fmt: skip
    return validation


def demand_adopt(
    *, demand: Demand, actor: User, contract_value_krw: int | None, contract_start: datetime.date | None
) -> Demand:
    """Adopt the validated item: record the contract; the demand then counts as a localization outcome."""
    if contract_value_krw is None or contract_start is None or contract_value_krw < 0:
        raise ServiceError(str(ERR_CONTRACT), code="contract_required", field="contract_value_krw")
    return demand_transition(
        demand=demand, to=Status.ADOPTED, actor=actor, reason=str(_("adopted")),
        contract_value_krw=contract_value_krw, contract_start=contract_start,
    )  # fmt: skip
