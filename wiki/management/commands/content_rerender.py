from django.core.management.base import BaseCommand

from wiki.revisions import entries
from wiki.services import content_rerender


class Command(BaseCommand):
    help = (
        "Render every page, character and event again from its current text "
        "(HTML, links, categories, search index), making no revision. Run it after "
        "an upgrade that changes what the renderer derives."
    )

    def handle(self, *args, **options) -> None:
        count = 0
        for entry in entries():
            for obj in entry.model.objects.all().iterator():
                content_rerender(obj=obj)
                count += 1
        self.stdout.write(f"Rendered {count} pieces of content again.")
