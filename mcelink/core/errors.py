"""Errors raised by services. Views and the API turn them into messages; tests assert on the codes."""

from django.core.exceptions import PermissionDenied, ValidationError

from mcelink.core.korean import resolve_particles

__all__ = ["NotFound", "PermissionDenied", "ServiceError", "ValidationError"]


class ServiceError(Exception):
    """A business rule refused the action. ``code`` is stable; ``message`` is shown to the user."""

    def __init__(self, message: str, *, code: str, field: str | None = None) -> None:
        message = resolve_particles(message)  # the Korean "이(가)" of a filled-in sentence, chosen once here
        super().__init__(message)
        self.message = message
        self.code = code
        self.field = field


class NotFound(Exception):
    """The object does not exist *or the user may not see it*: the two are never told apart."""
