"""Notifications for every app: a row per user in the app (the bell), and an e-mail sent by a background task
after commit.

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

from mcelink.accounts.models import User
from mcelink.core.korean import resolve_particles
from mcelink.core.models import Notification


def organization_users(*, organization_id: int, role: str) -> list[User]:
    return list(User.objects.filter(organization_id=organization_id, role=role, is_active=True))


def notify(
    *, users: Iterable[User], kind: str, template: Any, params: dict[str, Any], url: str, skip: User | None = None
) -> list[Notification]:
    """``template`` is a lazily translated text with %(name)s placeholders, rendered in both languages; ``url`` a
    path on this site (e-mails make it absolute with ``SITE_URL``). ``skip``: nobody is told about what they just
    did themselves."""
    texts = {}
    for language in ("ko", "en"):
        with translation.override(language):
            texts[language] = resolve_particles(str(template) % {k: str(v) for k, v in params.items()})[:300]
    notes = []
    for user in users:
        if skip is not None and user.pk == skip.pk:
            continue
        note = Notification.objects.create(user=user, kind=kind, text_ko=texts["ko"], text_en=texts["en"], url=url)
        notes.append(note)
        if user.email:
            transaction.on_commit(partial(notification_email.enqueue, note.pk))
    return notes


def absolute_url(path: str) -> str:
    return f"{settings.SITE_URL.rstrip('/')}{path}"


@task()
def notification_email(notification_id: int) -> bool:
    note = Notification.objects.select_related("user").filter(pk=notification_id, emailed_at=None).first()
    if note is None:
        return False
    language = note.user.preferred_language or "ko"
    text = note.text_en if language == "en" else note.text_ko
    with translation.override(language):
        body = f"{text}\n\n{absolute_url(note.url)}\n"
    send_mail(f"[mcelink] {text}"[:150], body, None, [note.user.email])
    note.emailed_at = timezone.now()
    note.save(update_fields=["emailed_at"])
    return True


def notifications_mark_read(*, user: User) -> int:
    return Notification.objects.filter(user=user, read_at=None).update(read_at=timezone.now())
