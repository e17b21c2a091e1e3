"""The audit log: every service that writes calls ``audit_record`` inside its transaction."""

from typing import Any

from django.db import models

from mcelink.core.models import AuditLog


def audit_record(
    *, actor: Any, action: str, obj: models.Model | None = None, changes: dict[str, Any] | None = None
) -> AuditLog:
    """Record that ``actor`` did ``action`` to ``obj``. ``actor`` may be None for system work."""
    is_user = actor is not None and getattr(actor, "is_authenticated", False)
    return AuditLog.objects.create(
        actor=actor if is_user else None,
        actor_label=actor.get_username() if is_user else "system",
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:200] if obj is not None else "",
        changes=changes or {},
    )


def model_changes(obj: models.Model, fields: list[str], before: dict[str, Any]) -> dict[str, Any]:
    """The ``{field: [old, new]}`` of the fields that changed, as JSON-ready values."""
    out = {}
    for name in fields:
        new = getattr(obj, name)
        if before.get(name) != new:
            out[name] = [jsonable(before.get(name)), jsonable(new)]
    return out


def jsonable(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    return str(value)
