"""Writing the demand board: creating and editing demands, their files, and moving them through the workflow.

Invitations, NDAs, proposals, messages and validation are in ``collaboration.py``; the engine's candidate
lists in ``candidates.py``. Every write checks ``permissions``, runs in one transaction and is audited.
"""

from collections.abc import Iterable
from contextvars import ContextVar
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mcelink.accounts.models import User
from mcelink.core.audit import audit_record
from mcelink.core.errors import ServiceError
from mcelink.core.files import atomic_with_files, upload_display_name, upload_store
from mcelink.core.notifications import notify
from mcelink.core.permissions import require
from mcelink.core.services import model_update
from mcelink.core.workflow import Change, history_start, transition
from mcelink.demands import fields as fields_of
from mcelink.demands import permissions, workflows
from mcelink.demands.models import Demand, DemandFile, Invitation, RejectionReason, Status
from mcelink.demands.notifications import supplier_users

ALLOWED_SUFFIXES = {".pdf", ".png", ".jpg", ".jpeg", ".xlsx", ".xls", ".csv", ".docx", ".doc", ".pptx", ".txt", ".zip",
                    ".step", ".stp", ".dxf", ".hwp"}  # fmt: skip

ERR_CREATE = _("Only users of a demand firm may post demands.")
ERR_EDIT = _("This demand can no longer be edited.")
ERR_FILE_TYPE = _("This kind of file is not accepted: %(name)s.")
ERR_FILE_SIZE = _("The file %(name)s is larger than %(mb)s MB.")
ERR_FILE_EMPTY = _("The file %(name)s is empty.")


def demand_create(*, actor: User, **fields: Any) -> Demand:
    if not permissions.can_create_demand(actor):
        raise PermissionDenied(str(ERR_CREATE))
    demand = Demand(buyer=actor.organization, created_by=actor, **_only_editable(fields))
    demand.full_clean()
    with transaction.atomic():
        demand.save()
        history_start(obj=demand, actor=actor)
        audit_record(actor=actor, action="demand.create", obj=demand, changes={"title": demand.title})
    return demand


def demand_update(*, demand: Demand, actor: User, **fields: Any) -> Demand:
    require(permissions.can_edit_demand(actor, demand))

    def rank_again(saved: Demand, changes: dict[str, Any]) -> None:
        if saved.status != Status.DRAFT:
            _refresh_candidates_after_commit(saved, actor)

    demand, _changes = model_update(
        instance=demand, editable=fields_of.EDITABLE, data=fields, actor=actor, action="demand.update",
        after_save=rank_again,
    )  # fmt: skip
    return demand


def demand_save_with_files(
    *, demand: Demand | None, actor: User, uploads: Iterable[UploadedFile] = (), **fields: Any
) -> Demand:
    """Create (``demand=None``) or update a demand with its confidential files, all or nothing: a refused file
    leaves neither the demand's changes nor the other files behind. The page, the API and a CLI share it."""
    uploads = list(uploads)
    for upload in uploads:  # every file is checked before anything is written, so none is left on disk
        _checked_upload_name(upload)
    with atomic_with_files():  # a later failure (a full disk on the third file) deletes the files stored before
        if demand is None:
            demand = demand_create(actor=actor, **fields)
        else:
            demand = demand_update(demand=demand, actor=actor, **fields)
        for upload in uploads:
            demand_file_add(demand=demand, actor=actor, upload=upload)
    return demand


def demand_lock(demand: Demand) -> Demand:
    """The demand's row, locked until the transaction ends: every service that reads a demand's state to
    change it takes this first, so two users acting at once are applied one after the other."""
    return Demand.objects.select_for_update().get(pk=demand.pk)


def demand_transition(
    *,
    demand: Demand,
    to: str,
    actor: User,
    reason: str = "",
    reason_code: str = "",
    enqueue_ranking: bool = True,
    **changes: Any,
) -> Demand:
    """Move a demand through its workflow (``workflows.DEMAND``, made by ``core.workflow.transition``).
    ``changes`` are fields the guard checks and that are saved with the move (the contract on adoption).
    ``enqueue_ranking=False`` leaves ranking the candidates of a newly opened demand to the caller (the default
    data ranks them once the index exists)."""
    token = _ranking_enabled.set(enqueue_ranking)
    try:
        return transition(obj=demand, to=to, actor=actor, reason=reason, reason_code=reason_code, **changes)
    finally:
        _ranking_enabled.reset(token)


_ranking_enabled: ContextVar[bool] = ContextVar("demand_ranking_enabled", default=True)


def demand_on_move(change: Change) -> None:
    """What a move does to the rest of the demand, in its transaction: a newly opened demand is ranked, and a
    demand that ends ends its open invitations, each supplier told why."""
    demand, to, actor = change.obj, change.target, change.actor
    if to == Status.OPEN and change.source == Status.DRAFT and _ranking_enabled.get():
        _refresh_candidates_after_commit(demand, actor)
    if to not in workflows.TERMINAL:
        return
    active = list(demand.invitations.filter(state__in=[Invitation.State.PENDING, Invitation.State.ACCEPTED]))
    for invitation in active:
        if to == Status.ADOPTED and invitation.pk == demand.selected_invitation_id:
            invitation.state = Invitation.State.ADOPTED
        elif to in (Status.REJECTED, Status.ADOPTED):
            invitation.state = Invitation.State.REJECTED
            invitation.rejection_reason = change.reason_code or RejectionReason.OTHER
            chosen = str(_("Another supplier was chosen."))
            invitation.rejection_note = change.reason if to == Status.REJECTED else chosen
        else:
            invitation.state = Invitation.State.ENDED
        invitation.closed_at = timezone.now()
        invitation.save(update_fields=["state", "rejection_reason", "rejection_note", "closed_at", "updated_at"])
        notify(
            users=supplier_users(invitation), kind=f"demand.{to}", skip=actor,
            template=_("%(demand)s: %(state)s"),
            params={"demand": demand.title, "state": invitation.get_state_display()},
            url=reverse("demands:invitation", args=[invitation.pk]),
        )  # fmt: skip


def _refresh_candidates_after_commit(demand: Demand, actor: User | None) -> None:
    from mcelink.demands.candidates import candidates_refresh_enqueue

    candidates_refresh_enqueue(demand=demand, actor=actor)


def demand_file_add(
    *, demand: Demand, actor: User, upload: UploadedFile, kind: str = DemandFile.Kind.SPECIFICATION,
    invitation: Invitation | None = None,
) -> DemandFile:  # fmt: skip
    """Store a confidential file under a random name, keeping the uploader's name for display. Callers check who
    may add which kind (the buyer a specification, a party to an invitation a proposal or evidence file)."""
    name = _checked_upload_name(upload)
    # The file is on disk before the row; if the row or anything after it in the caller's atomic_with_files
    # fails, the file goes, so nothing is left half-done. A full disk is a ServiceError with the user's message.
    with atomic_with_files():
        demand_file = DemandFile(
            demand=demand, invitation=invitation, kind=kind, name=name, size=upload.size or 0, uploaded_by=actor
        )
        upload_store(demand_file.file, upload)
        demand_file.save()
        audit_record(actor=actor, action="demand.file_add", obj=demand, changes={"file": name, "kind": kind})
    return demand_file


def _checked_upload_name(upload: UploadedFile) -> str:
    """The display name of an acceptable upload (as the uploader gave it); a refused one raises with the field
    and the reason."""
    name = upload_display_name(upload)
    if Path(name).suffix.lower() not in ALLOWED_SUFFIXES:
        raise ServiceError(str(ERR_FILE_TYPE % {"name": name}), code="file_type", field="files")
    if not upload.size:
        raise ServiceError(str(ERR_FILE_EMPTY % {"name": name}), code="file_empty", field="files")
    if upload.size > settings.DEMAND_FILE_MAX_BYTES:
        mb = settings.DEMAND_FILE_MAX_BYTES // (1024 * 1024)
        raise ServiceError(str(ERR_FILE_SIZE % {"name": name, "mb": mb}), code="file_size", field="files")
    return name


def demand_file_delete(*, demand_file: DemandFile, actor: User) -> None:
    if not permissions.can_edit_demand(actor, demand_file.demand) or demand_file.invitation_id is not None:
        raise PermissionDenied(str(ERR_EDIT))
    with transaction.atomic():
        audit_record(
            actor=actor, action="demand.file_delete", obj=demand_file.demand, changes={"file": demand_file.name}
        )
        stored = demand_file.file
        demand_file.delete()
        transaction.on_commit(lambda: stored.delete(save=False))


def _only_editable(fields: dict[str, Any]) -> dict[str, Any]:
    unknown = set(fields) - set(fields_of.EDITABLE)
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    return fields
