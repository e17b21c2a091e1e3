from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from mcelink.accounts.models import User
from mcelink.demands.candidates import candidates_refresh_all
from mcelink.matchmaking.services import hs_classifier_build, matching_index_build
from mcelink.seed.default_data import DEMO_ACCOUNTS, DEMO_PASSWORD, load_default_data

# The demo accounts' password is published (README), so they are made only on a developer's machine (DEBUG on) or in
# the declared demo (MCELINK_DEMO=true, as `make demo` and `mcelink serve` run), never in a production environment.
REFUSED_WITHOUT_DEBUG = _(
    "mcelink demo creates accounts whose password is published, so it runs only with DEBUG on or in the demo "
    "(MCELINK_DEMO=true, as `make demo` runs it). DEBUG is off: this looks like a production environment, and "
    "nothing was changed."
)


def refusal() -> str:
    """The refusal in Korean and in English: a command line has no language switch."""
    with translation.override("ko"):
        korean = str(REFUSED_WITHOUT_DEBUG)
    with translation.override("en"):
        english = str(REFUSED_WITHOUT_DEBUG)
    return f"{korean}\n{english}"


class Command(BaseCommand):
    help = "Load the default data (idempotent) and print the demo accounts."

    def add_arguments(self, parser):
        parser.add_argument("--reset", action="store_true", help="empty the database first")
        parser.add_argument("--no-input", action="store_true", help="do not ask before --reset")

    def handle(self, *args, reset: bool, no_input: bool, **options):
        if not (settings.DEBUG or settings.DEMO):
            raise CommandError(refusal())
        if reset:
            if not no_input and input("Delete ALL data in the database? Type 'yes': ").strip() != "yes":
                raise CommandError("Cancelled.")
            call_command("flush", interactive=False)
        load_default_data(stdout=self.stdout)
        result = matching_index_build()
        self.stdout.write(f"Supplier index built: {result['suppliers']} supply firms.")
        self.stdout.write(f"HS code index built: {hs_classifier_build()['codes']} codes.")
        self.stdout.write(f"Candidates ranked for {candidates_refresh_all()} demands in progress.")
        self.stdout.write(f"\nDemo accounts (password: {DEMO_PASSWORD})\n")
        users = {u.username: u for u in User.objects.filter(username__in=DEMO_ACCOUNTS).select_related("organization")}
        for name in DEMO_ACCOUNTS:
            user = users.get(name)
            if user:
                org = user.organization.name_ko if user.organization else "—"
                self.stdout.write(f"  {name:<10} {user.get_role_display():<18} {org}")
        self.stdout.write(
            self.style.SUCCESS("\nServe the site with `mcelink serve` (make demo does) and log in with one of them.")
        )
