"""Workflows as data, for every app.

An app declares its moves once, in its ``workflows.py``, and registers one :class:`Workflow` per model::

    REVIEW = Workflow(
        model=Application, name="application", history=ApplicationStatusChange, history_fk="application",
        states=AppStatus, roles_of=permissions.roles_of,
        moves=[
            Move(AppStatus.DRAFT, AppStatus.SUBMITTED, {APPLICANT}, _("Submit"), primary=True,
                 guard=lambda a: a.plan != "", guard_message=_("Write the plan first.")),
            Move(AppStatus.SUBMITTED, AppStatus.RETURNED, {MANAGER}, _("Return"), reason_required=True),
        ],
        after_commit=[notify_applicant],
    )
    register(REVIEW)

Then ``transition(obj=application, to="submitted", actor=user)`` is the only code that changes the state, and
``moves_for(user, application)`` is what a page or the API offers as buttons. The history model subclasses
:class:`mcelink.core.models.StateHistory`; ``time_in_states`` and ``funnel_counts`` read any such history.
"""

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from mcelink.accounts.models import User
from mcelink.core.audit import audit_record, jsonable
from mcelink.core.errors import ServiceError
from mcelink.core.korean import resolve_particles

ERR_ILLEGAL = _("“%(current)s” cannot move to “%(target)s”.")
ERR_NOT_ALLOWED = _("You may not move this to “%(target)s”.")
ERR_REASON_REQUIRED = _("Say why: choose a reason.")
ERR_REASON_TEXT_REQUIRED = _("Say why: write a reason.")


@dataclass(frozen=True)
class Move:
    """One move of a workflow: who may make it, what its button says, and what must be true first.

    ``guard`` is checked on the locked row after ``changes`` are applied; ``reason_codes`` (a TextChoices) makes
    a structured reason required, ``reason_required`` a free-text one. ``button=False`` marks a move another
    service makes as part of its own work (sending an invitation moves a demand to "invited"): it is legal, but
    no page offers it as a button of its own.
    """

    source: str
    target: str
    roles: frozenset[str]
    label: Promise | str
    guard: Callable[[Any], bool] | None = None
    guard_message: Promise | str = ""
    reason_required: bool = False
    reason_codes: type[models.TextChoices] | None = None
    form: type[forms.Form] | None = None
    button: bool = True
    primary: bool = False


@dataclass(frozen=True)
class Change:
    """What a hook is told about a move that was made."""

    obj: Any
    source: str
    target: str
    actor: User | None
    reason: str
    reason_code: str
    changes: dict[str, Any]


Hook = Callable[[Change], None]


def _resolve(target: Any) -> Any:
    """A callable, or its dotted path: an app's workflow is declared before the services and permission rules
    that read it, so it may name them by path."""
    return import_string(target) if isinstance(target, str) else target


@dataclass
class Workflow:
    """The moves of one model's state field, and what happens around them.

    ``roles_of(user, obj)`` names the workflow roles the user holds on this object (e.g. {"buyer"}).
    ``on_move`` hooks run inside the transaction (writes that must succeed or fail with the move);
    ``after_commit`` hooks run once it has committed (notifications by e-mail, background jobs).
    ``timestamps`` maps a target state to a field stamped with the time of the move (e.g. adopted_at).
    Each callable may be given as a dotted path, since an app's permission rules and services usually import
    its workflow module themselves.
    """

    model: type[models.Model]
    name: str
    states: type[models.TextChoices]
    moves: Sequence[Move]
    roles_of: Callable[[Any, Any], set[str]] | str
    history: type[models.Model]
    history_fk: str
    state_field: str = "status"
    changed_at_field: str | None = "status_changed_at"
    timestamps: dict[str, str] = field(default_factory=dict)
    on_move: list[Hook | str] = field(default_factory=list)
    after_commit: list[Hook | str] = field(default_factory=list)
    err_illegal: Promise | str = ERR_ILLEGAL
    err_not_allowed: Promise | str = ERR_NOT_ALLOWED

    def __post_init__(self) -> None:
        self._moves = {(m.source, m.target): m for m in self.moves}
        if len(self._moves) != len(self.moves):
            raise ValueError(f"{self.name}: a move is declared twice")

    def roles(self, user: Any, obj: Any) -> set[str]:
        return set(_resolve(self.roles_of)(user, obj))

    def move(self, source: str, target: str) -> Move | None:
        return self._moves.get((source, target))

    def moves_from(self, state: str) -> list[Move]:
        return [m for m in self.moves if m.source == state]

    @property
    def terminal(self) -> frozenset[str]:
        sources = {m.source for m in self.moves}
        return frozenset(s for s in self.states.values if s not in sources)

    def label(self, state: str) -> str:
        return str(self.states(state).label) if state in self.states.values else state


_REGISTRY: dict[type[models.Model], Workflow] = {}


def register(workflow: Workflow) -> Workflow:
    _REGISTRY[workflow.model] = workflow
    return workflow


def workflow_of(obj: models.Model | type[models.Model]) -> Workflow:
    model = obj if isinstance(obj, type) else type(obj)
    try:
        return _REGISTRY[model]
    except KeyError:
        raise LookupError(f"No workflow is registered for {model.__name__}") from None


@dataclass(frozen=True)
class OfferedMove:
    """A move a page or the API may offer this user now. ``blocked`` says why it cannot be made yet (its guard
    fails), so a page can show the button disabled with the reason instead of hiding it."""

    move: Move
    blocked: str = ""

    @property
    def target(self) -> str:
        return self.move.target

    @property
    def label(self) -> str:
        return str(self.move.label)


def moves_for(user: Any, obj: models.Model, *, buttons_only: bool = True) -> list[OfferedMove]:
    """The moves ``user`` may make on ``obj`` from its current state, in declaration order."""
    workflow = workflow_of(obj)
    roles = workflow.roles(user, obj)
    offered = []
    for move in workflow.moves_from(getattr(obj, workflow.state_field)):
        if not roles & move.roles or (buttons_only and not move.button):
            continue
        blocked = "" if move.guard is None or move.guard(obj) else str(move.guard_message)
        offered.append(OfferedMove(move=move, blocked=blocked))
    return offered


def transition(
    *, obj: models.Model, to: str, actor: User | None, reason_code: str = "", reason: str = "", **changes: Any
) -> Any:
    """The one way an object of a workflow changes state.

    Under a row lock (two people acting at once are applied one after the other): checks that the move exists,
    that the actor holds one of its roles, its reason and its guard; saves the state with ``changes`` (fields the
    guard may check, saved with the move); writes the history row and the audit row; runs the ``on_move`` hooks
    in the same transaction and the ``after_commit`` hooks after it. Returns ``obj``, updated.
    """
    workflow = workflow_of(obj)
    with transaction.atomic():
        locked = type(obj)._default_manager.select_for_update().get(pk=obj.pk)
        current = getattr(locked, workflow.state_field)
        move = workflow.move(current, to)
        if move is None:
            message = workflow.err_illegal % {"current": workflow.label(current), "target": workflow.label(to)}
            raise ServiceError(str(message), code="illegal_transition")
        if not move.roles & workflow.roles(actor, locked):
            raise PermissionDenied(resolve_particles(str(workflow.err_not_allowed % {"target": workflow.label(to)})))
        if move.reason_codes is not None and reason_code not in move.reason_codes.values:
            raise ServiceError(str(ERR_REASON_REQUIRED), code="reason_required", field="reason_code")
        if move.reason_required and not reason.strip():
            raise ServiceError(str(ERR_REASON_TEXT_REQUIRED), code="reason_required", field="reason")
        for name, value in changes.items():
            setattr(locked, name, value)
        if move.guard is not None and not move.guard(locked):
            raise ServiceError(str(move.guard_message), code=f"guard_{to}")
        now = timezone.now()
        setattr(locked, workflow.state_field, to)
        stamped = [workflow.state_field]
        if workflow.changed_at_field:
            setattr(locked, workflow.changed_at_field, now)
            stamped.append(workflow.changed_at_field)
        if to in workflow.timestamps:
            setattr(locked, workflow.timestamps[to], now)
            stamped.append(workflow.timestamps[to])
        if any(f.name == "updated_at" for f in locked._meta.concrete_fields):
            stamped.append("updated_at")
        locked.save(update_fields=[*stamped, *changes])
        workflow.history.objects.create(  # type: ignore[attr-defined]
            **{workflow.history_fk: locked},
            from_status=current, to_status=to, actor=_user_or_none(actor), reason=reason, reason_code=reason_code,
            at=now,
        )  # fmt: skip
        audit_record(
            actor=actor, action=f"{workflow.name}.transition", obj=locked,
            changes={"status": [current, to], "reason": reason, "reason_code": reason_code,
                     **{k: jsonable(getattr(v, "pk", v)) for k, v in changes.items()}},
        )  # fmt: skip
        change = Change(locked, current, to, actor, reason, reason_code, changes)
        for hook in workflow.on_move:
            _resolve(hook)(change)
        for hook in workflow.after_commit:
            transaction.on_commit(partial(_resolve(hook), change))
    for name in {*stamped, *changes}:
        setattr(obj, name, getattr(locked, name))
    return obj


def history_start(*, obj: models.Model, actor: User | None) -> None:
    """The first history row of a new object: it entered its initial state now."""
    workflow = workflow_of(obj)
    workflow.history.objects.create(  # type: ignore[attr-defined]
        **{workflow.history_fk: obj}, to_status=getattr(obj, workflow.state_field), actor=_user_or_none(actor)
    )


def _user_or_none(actor: User | None) -> Any:
    return actor if actor is not None and getattr(actor, "is_authenticated", False) else None


# Reading histories: time in each state, and how far objects got.


def history_by_object(history: models.QuerySet[Any], fk: str) -> dict[int, list[Any]]:
    """Each object's history rows, oldest first, in one query."""
    out: dict[int, list[Any]] = defaultdict(list)
    for row in history.order_by("at", "id"):
        out[getattr(row, f"{fk}_id")].append(row)
    return out


def time_in_states(
    rows: Iterable[Any], *, now: datetime.datetime | None = None, terminal: Iterable[str] = ()
) -> dict[str, float]:
    """Days spent in each state by one object, from its history rows (oldest first). A state entered twice adds
    up; the current state counts until ``now``; terminal states are not timed (an object stays there)."""
    now = now or timezone.now()
    ends = set(terminal)
    rows = list(rows)
    days: dict[str, float] = defaultdict(float)
    for this, following in zip(rows, [*rows[1:], None], strict=True):
        if this.to_status in ends:
            continue
        end = following.at if following is not None else now
        days[this.to_status] += (end - this.at) / datetime.timedelta(days=1)
    return dict(days)


def stages_reached(rows: Iterable[Any], progress: Sequence[str]) -> set[str]:
    """The stages of ``progress`` (the way forward, in order) an object has reached: a stage counts as reached
    when the object entered it or any stage after it (a skipped stage was passed)."""
    entered = {row.to_status for row in rows}
    furthest = max((progress.index(s) for s in entered if s in progress), default=-1)
    return set(progress[: furthest + 1])
