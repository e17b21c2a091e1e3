from django.core.management.base import BaseCommand, CommandError

from mcelink.accounts.models import User
from mcelink.accounts.services import api_token_create


class Command(BaseCommand):
    help = "Create an API token for USERNAME and print it (it is shown only once)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--label", default="cli")

    def handle(self, *args, username: str, label: str, **options):
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"No active user named {username!r}.")
        _, clear = api_token_create(user=user, actor=None, label=label)
        self.stdout.write(clear)
