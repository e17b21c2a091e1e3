from django.utils import timezone

from mcelink.accounts.models import ApiToken, User
from mcelink.accounts.services import TOKEN_PREFIX, token_digest


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
    ApiToken.objects.filter(pk=row.pk).update(last_used_at=timezone.now())
    return row.user
