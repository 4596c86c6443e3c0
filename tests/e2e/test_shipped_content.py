"""A visitor's first look at the wiki as `make run` ships it."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def seeded(transactional_db):
    call_command("seed", stdout=StringIO())


def test_a_visitor_reads_the_shipped_wiki_from_the_home_page(page, seeded):
    page.goto("/")
    main_page = page.locator(".home .markdown-body")
    expect(main_page).to_contain_text("a fan wiki about the Netflix series")
    expect(page.get_by_role("list", name="Characters")).to_contain_text(
        "Played by Cho Yi-hyun"
    )
    expect(page.locator(".changes")).to_contain_text("Imported from the source article")

    main_page.get_by_role("link", name="Season 2", exact=True).first.click()
    expect(page).to_have_url(re.compile(r"/wiki/season-2/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Season 2")

    # A season 1 spoiler stays closed for a visitor until they open it.
    spoiler = page.locator('details.spoiler[data-season="1"]').first
    expect(spoiler.get_by_text("despite the fatalities")).to_be_hidden()
    spoiler.get_by_text("Spoiler for season 1").click()
    expect(spoiler.get_by_text("despite the fatalities")).to_be_visible()

    # Each statement cites the source article in a footnote.
    page.locator("a.footnote-ref").first.click()
    expect(page.locator(".footnote")).to_contain_text("7 May 2024")

    page.locator(".markdown-body").get_by_role("link", name="Nam-ra").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nam-ra")
    expect(page.locator(".infobox")).to_contain_text("Cho Yi-hyun")


def test_the_shipped_timeline_reads_dates_as_precisely_as_the_article(page, seeded):
    page.goto("/timeline/")

    events = page.locator(".timeline-event")
    expect(events.first).to_contain_text("January 2022")
    expect(page.locator(".timeline")).to_contain_text("Q3–Q4 2024")
    expect(page.locator(".timeline")).to_contain_text("second half of 2025")

    page.get_by_role("link", name=re.compile("filming", re.IGNORECASE)).first.click()
    expect(page.locator(".citations")).to_contain_text("quoting The Chosun Daily")
