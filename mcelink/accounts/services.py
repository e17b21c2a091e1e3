import hashlib
import secrets

from django.db import transaction
from django.utils import timezone

from mcelink.accounts.models import ApiToken, User
from mcelink.core.audit import audit_record

TOKEN_PREFIX = "mce_"  # noqa: S105 - a public marker, not a secret


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def api_token_create(*, user: User, actor: User | None, label: str = "") -> tuple[ApiToken, str]:
    """Create a token for ``user``. Returns the row and the clear token, which is not stored."""
    clear = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(user=user, digest=token_digest(clear), prefix=clear[:8], label=label)
        audit_record(actor=actor, action="api_token.create", obj=token, changes={"user": user.username})
    return token, clear


def api_token_revoke(*, token: ApiToken, actor: User | None) -> ApiToken:
    with transaction.atomic():
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(actor=actor, action="api_token.revoke", obj=token)
    return token
