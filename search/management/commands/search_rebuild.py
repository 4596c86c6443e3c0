from django.core.management.base import BaseCommand

from search.services import search_index_rebuild


class Command(BaseCommand):
    help = "Index all current content again (after a restore from backup, say)."

    def handle(self, *args, **options) -> None:
        count = search_index_rebuild()
        self.stdout.write(f"Indexed {count} pieces of content.")
