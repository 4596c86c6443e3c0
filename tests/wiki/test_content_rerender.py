"""Re-deriving stored data from the current text, for an upgraded renderer."""

import io

import pytest
from django.core.management import call_command

from tests.factories import make_page
from wiki.models import CategoryMembership, Page

pytestmark = pytest.mark.django_db


def test_rerendering_files_old_text_in_its_categories_without_a_revision():
    page = make_page(title="Rooftop", body="On the roof.\n")
    # Text saved by a version that knew no categories: stored HTML still has the
    # tag as a (red) link and no membership exists.
    Page.objects.filter(pk=page.pk).update(
        body="On the roof. [[Category:Places]]\n",
        rendered_html='<p>On the roof. <a class="missing">Category:Places</a></p>',
    )

    call_command("content_rerender", stdout=io.StringIO())

    page.refresh_from_db()
    assert "Category:Places" not in page.rendered_html
    assert CategoryMembership.objects.filter(category_slug="places").exists()
    assert page.history.count() == 1


def test_rerendering_updates_the_search_index():
    from search.models import SearchEntry

    page = make_page(title="Rooftop", body="On the roof.\n")
    Page.objects.filter(pk=page.pk).update(body="Under the stairs.\n")

    call_command("content_rerender", stdout=io.StringIO())

    assert "stairs" in SearchEntry.objects.get().text
