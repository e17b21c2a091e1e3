"""Notifications for any app: a row per user in both languages, and an e-mail whose link uses SITE_URL."""

import pytest
from django.utils.translation import gettext_lazy as _

from mcelink.core.models import Notification
from mcelink.core.notifications import notifications_mark_read, notify
from mcelink.core.selectors import unread_count

pytestmark = pytest.mark.django_db


def test_notify_writes_both_languages_skips_the_actor_and_mails_an_absolute_link(
    make_user, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "http://127.0.0.1:8123/"
    reader = make_user(email="reader@example.test", preferred_language="en")
    actor = make_user(email="actor@example.test")
    with django_capture_on_commit_callbacks(execute=True):
        notes = notify(users=[reader, actor], kind="test.kind", template=_("Notifications"), params={},
                       url="/jobs/7/", skip=actor)  # fmt: skip
    assert [n.user for n in notes] == [reader]
    assert (notes[0].text_ko, notes[0].text_en) == ("알림", "Notifications")
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["reader@example.test"]
    assert "http://127.0.0.1:8123/jobs/7/" in mailoutbox[0].body
    assert Notification.objects.get(pk=notes[0].pk).emailed_at is not None


def test_the_bell_counts_only_the_users_own_unread_notifications(make_user, client):
    me, other = make_user(), make_user()
    notify(users=[me, other], kind="test.kind", template=_("Notifications"), params={}, url="/")
    assert unread_count(user=me) == 1
    client.force_login(me)
    page = client.get("/notifications/")
    assert page.status_code == 200 and "nav-count" in page.content.decode()
    notifications_mark_read(user=me)
    assert (unread_count(user=me), unread_count(user=other)) == (0, 1)


def test_a_notification_in_korean_gets_its_particles_chosen(make_user):
    from mcelink.core.notifications import notify as tell

    reader = make_user()
    note = tell(users=[reader], kind="t", template=_("%(supplier)s sent a proposal for %(demand)s"),
                params={"supplier": "하나소재", "demand": "콜렛"}, url="/")[0]  # fmt: skip
    assert "(가)" not in note.text_ko and "하나소재가" in note.text_ko, note.text_ko
