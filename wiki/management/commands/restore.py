from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from wiki.backups import BackupError, database_restore


class Command(BaseCommand):
    help = (
        "Replace the whole database with a backup made by `manage.py backup`. "
        "Stop the app servers first."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", type=Path, help="The backup file.")
        parser.add_argument(
            "--yes",
            action="store_true",
            help="Confirm that every row of the database is to be replaced.",
        )

    def handle(self, *args, path: Path, yes: bool, **options) -> None:
        if not yes:
            raise CommandError(
                "This replaces every row of the database with the backup's; "
                "run it again with --yes to go ahead."
            )
        try:
            database_restore(path=path)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Restored {path}")
