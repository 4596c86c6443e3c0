import re

import pytest
from playwright.sync_api import expect

from tests.factories import make_character, make_page

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_suggestion_appears_while_typing_and_enter_opens_it(page):
    character = make_character(name="Nam On-jo", aliases="Onjo")
    make_page(title="Hyosan High School", body="Where Nam On-jo studies.\n")
    errors = []
    page.on(
        "console", lambda message: message.type == "error" and errors.append(message)
    )
    page.goto("/")
    box = page.get_by_role("combobox", name="Search the wiki")

    box.press_sequentially("onj")
    suggestions = page.get_by_role("listbox", name="Suggestions")
    expect(suggestions.get_by_role("option").first).to_contain_text("Nam On-jo")
    expect(box).to_have_attribute("aria-expanded", "true")

    box.press("ArrowDown")
    expect(box).to_have_attribute("aria-activedescendant", "site-search-option-0")
    box.press("Enter")

    expect(page).to_have_url(re.compile(re.escape(character.get_absolute_url()) + "$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Nam On-jo")
    assert errors == []  # no Content-Security-Policy violation, no script error


def test_escape_closes_the_suggestions_and_the_form_still_searches(page):
    make_page(title="Rooftop", body="The survivors wait on the roof.\n")
    page.goto("/")
    box = page.get_by_role("combobox", name="Search the wiki")

    box.press_sequentially("survivors")
    expect(page.get_by_role("listbox", name="Suggestions")).to_be_visible()
    box.press("Escape")
    expect(box).to_have_attribute("aria-expanded", "false")
    box.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_contain_text("survivors")
    expect(page.locator(".search-result__snippet mark")).to_have_text("survivors")
