from datetime import timedelta

from django.utils import timezone

from mcelink.accounts.models import ApiToken, User
from mcelink.accounts.services import TOKEN_PREFIX, token_digest

TOKEN_USE_RESOLUTION = timedelta(minutes=1)


def user_for_api_token(*, token: str) -> User | None:
    """The active user a bearer token belongs to, or None. Marks the token as used."""
    if not token.startswith(TOKEN_PREFIX):
        return None
    row = (
        ApiToken.objects.select_related("user", "user__organization")
        .filter(digest=token_digest(token), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if row is None:
        return None
    now = timezone.now()
    # "Last used" to the minute: a write on every API request would cost more than the request itself.
    if row.last_used_at is None or now - row.last_used_at > TOKEN_USE_RESOLUTION:
        ApiToken.objects.filter(pk=row.pk).update(last_used_at=now)
    return row.user
