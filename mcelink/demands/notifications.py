"""Notifications: a row per user in the app, and an e-mail sent by a background task after commit.

Only services call ``notify``, and only for users the permission rules already let see what the text says.
"""

from collections.abc import Iterable
from functools import partial
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation
from django_tasks import task

from mcelink.accounts.models import Role, User
from mcelink.demands.models import Notification


def organization_users(*, organization_id: int, role: str) -> list[User]:
    return list(User.objects.filter(organization_id=organization_id, role=role, is_active=True))


def buyer_users(demand: Any) -> list[User]:
    return organization_users(organization_id=demand.buyer_id, role=Role.DEMAND_FIRM)


def supplier_users(invitation: Any) -> list[User]:
    return organization_users(organization_id=invitation.supplier_id, role=Role.SUPPLY_FIRM)


def notify(
    *, users: Iterable[User], kind: str, template: Any, params: dict[str, Any], url: str, skip: Any = None
) -> None:
    """``template`` is a lazily translated text with %(name)s placeholders, rendered in both languages."""
    texts = {}
    for language in ("ko", "en"):
        with translation.override(language):
            texts[language] = (str(template) % {k: str(v) for k, v in params.items()})[:300]
    for user in users:
        if skip is not None and user.pk == skip.pk:
            continue  # nobody is told about what they just did themselves
        note = Notification.objects.create(user=user, kind=kind, text_ko=texts["ko"], text_en=texts["en"], url=url)
        if user.email:
            transaction.on_commit(partial(notification_email.enqueue, note.pk))


@task()
def notification_email(notification_id: int) -> bool:
    note = Notification.objects.select_related("user").filter(pk=notification_id, emailed_at=None).first()
    if note is None:
        return False
    language = note.user.preferred_language or "ko"
    text = note.text_en if language == "en" else note.text_ko
    with translation.override(language):
        body = f"{text}\n\n{settings.SITE_URL.rstrip('/')}{note.url}\n"
    send_mail(f"[mcelink] {text}"[:150], body, None, [note.user.email])
    note.emailed_at = timezone.now()
    note.save(update_fields=["emailed_at"])
    return True


def notifications_mark_read(*, user: Any) -> int:
    return Notification.objects.filter(user=user, read_at=None).update(read_at=timezone.now())
