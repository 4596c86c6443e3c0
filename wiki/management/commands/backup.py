from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from wiki.backups import BackupError, backup_default_path, database_backup


class Command(BaseCommand):
    help = (
        "Write a consistent copy of the whole database while the site runs "
        "(SQLite's online backup, or pg_dump on PostgreSQL)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--output",
            type=Path,
            help="The file to write (default: backups/hyosan-<UTC time>.*).",
        )

    def handle(self, *args, output: Path | None, **options) -> None:
        path = output or backup_default_path(Path(settings.BASE_DIR) / "backups")
        try:
            database_backup(path=path)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Backed up to {path}")
