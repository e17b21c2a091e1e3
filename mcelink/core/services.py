"""Writes every app shares."""

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.db import models, transaction

from mcelink.accounts.models import User
from mcelink.core.audit import audit_record, model_changes

M = TypeVar("M", bound=models.Model)


def model_update(
    *,
    instance: M,
    editable: Iterable[str],
    data: dict[str, Any],
    actor: User | None,
    action: str,
    check: Callable[[M], None] | None = None,
    after_save: Callable[[M, dict[str, Any]], None] | None = None,
    clean_exclude: list[str] | None = None,
) -> tuple[M, dict[str, Any]]:
    """Change the ``data`` fields of ``instance`` (each must be ``editable``): full_clean, then ``check`` (rules
    the model cannot state), then in one transaction save only what changed, ``after_save`` (many-to-many sets,
    which may add their own ``{name: [old, new]}`` to the changes) and the audit row. Returns the instance and
    its changes; an update that changes nothing still audits, so the log shows the attempt."""
    unknown = set(data) - set(editable)
    if unknown:
        raise ValueError(f"Not editable on {type(instance).__name__}: {', '.join(sorted(unknown))}")
    before = {name: getattr(instance, name) for name in data}
    for name, value in data.items():
        setattr(instance, name, value)
    instance.full_clean(exclude=clean_exclude, validate_constraints=False)
    if check is not None:
        check(instance)
    changes = model_changes(instance, list(data), before)
    stamped = ["updated_at"] if any(f.name == "updated_at" for f in instance._meta.concrete_fields) else []
    with transaction.atomic():
        # Every field given is saved, changed or not: the instance may already hold the new values (a ModelForm
        # writes them onto it), and then only the audit's diff is empty.
        if data or stamped:
            instance.save(update_fields=[*data, *stamped])
        if after_save is not None:
            after_save(instance, changes)
        audit_record(actor=actor, action=action, obj=instance, changes=changes)
    return instance, changes
