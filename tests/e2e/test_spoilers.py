import pytest
from playwright.sync_api import expect

from tests.factories import make_page, make_season

pytestmark = pytest.mark.django_db(transaction=True)


def test_probe(page):
    make_season(1)
    make_season(2)
    wiki_page = make_page(title="Probe", body="Intro.\n\n:::spoiler 2\nHidden thing.\n:::\n")
    page.goto(f"/wiki/{wiki_page.slug}/")
    page.locator(".spoiler-menu summary").click()
    page.get_by_role("button", name="Season 2").click()
    page.wait_for_load_state()
    print(page.url)
    print(page.locator("main").inner_html())
