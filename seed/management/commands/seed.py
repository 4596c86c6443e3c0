from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from seed.fixtures import FixtureError, fixtures_read
from seed.services import content_seed


class Command(BaseCommand):
    help = (
        "Load the shipped content (fixtures/) through the wiki's services. "
        "Whatever exists already is kept as it is, so running it again is harmless."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--fixtures",
            type=Path,
            default=settings.SEED_FIXTURES_DIR,
            help="The directory of the content files (default: %(default)s).",
        )
        parser.add_argument(
            "--once",
            action="store_true",
            help=(
                "Do nothing if this wiki was seeded before, so that content "
                "moderators removed on purpose does not come back (`make run`)."
            ),
        )

    def handle(self, *args, fixtures: Path, once: bool, **options):
        if once and self._seeded_before():
            self.stdout.write("Shipped content was loaded before; nothing to do.")
            return
        try:
            report = content_seed(fixtures=fixtures_read(fixtures))
        except (FixtureError, ImproperlyConfigured) as error:
            raise CommandError(f"Nothing was loaded: {error}") from error
        self.stdout.write(self.style.SUCCESS(str(report)))

    def _seeded_before(self) -> bool:
        # Only a completed seed leaves the system account (it is created inside the
        # seed's transaction); a real account that happens to hold the name does
        # not count, and seeding then explains why it cannot proceed.
        account = (
            get_user_model()
            .objects.filter(username__iexact=settings.SYSTEM_USERNAME)
            .first()
        )
        return account is not None and not account.has_usable_password()
