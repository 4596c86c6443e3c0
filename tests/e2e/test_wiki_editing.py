import re

import pytest
from playwright.sync_api import expect

from tests.factories import UserFactory, make_page
from wiki.models import Page

pytestmark = pytest.mark.django_db(transaction=True)

# Not the conflict box's read-only "Body: the current text, saved by …".
BODY_LABEL = re.compile(r"^Body:?$")


def save_edit(page, text: str, summary: str = "") -> None:
    page.get_by_label(BODY_LABEL).fill(text)
    page.get_by_label("Summary").fill(summary)
    page.get_by_role("button", name="Save changes").click()


def two_editors_open(page_for, *, title: str, body: str):
    """Two logged-in fans, each in their own browser, with the same edit form open."""
    wiki_page = make_page(title=title, body=body)
    editors = page_for(UserFactory()), page_for(UserFactory())
    for editor in editors:
        editor.goto(f"/wiki/{wiki_page.slug}/edit/")
    return editors


def test_a_fan_creates_edits_compares_and_reverts_a_page(page_for):
    page = page_for(UserFactory())

    page.goto("/wiki/new/?title=Hyosan High School")
    expect(page.get_by_label("Title")).to_have_value("Hyosan High School")
    page.get_by_label(BODY_LABEL).fill("The **first** school text.")
    expect(page.locator(".markdownx-preview strong")).to_have_text("first")
    page.get_by_role("button", name="Create page").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hyosan High School")

    for number in ("second", "third"):
        page.get_by_role("link", name="Edit", exact=True).click()
        save_edit(page, f"The **{number}** school text.", summary=f"{number} try")
        expect(page.locator(".markdown-body strong")).to_have_text(number)

    page.get_by_role("link", name="History", exact=True).click()
    expect(page.locator("table.history tbody tr")).to_have_count(3)
    page.get_by_label("Compare from revision 1").check()
    page.get_by_label("Compare to revision 3").check()
    page.get_by_role("button", name="Compare selected revisions").click()
    expect(page.locator(".diff-old del").first).to_contain_text("first")
    expect(page.locator(".diff-new ins").first).to_contain_text("third")

    page.get_by_role("button", name="Revert to revision 1").click()
    expect(page.locator(".markdown-body strong")).to_have_text("first")
    expect(page.get_by_role("status")).to_contain_text("Reverted to revision 1")
    assert Page.objects.get().version == 4


def test_two_editors_at_once_are_merged_and_neither_text_is_lost(page_for):
    alice, bob = two_editors_open(
        page_for, title="Season 2", body="Intro.\n\nMiddle.\n\nEnd.\n"
    )

    save_edit(alice, "Intro by Alice.\n\nMiddle.\n\nEnd.\n")
    expect(alice.get_by_role("status")).to_contain_text("Your changes were saved")
    save_edit(bob, "Intro.\n\nMiddle.\n\nEnd by Bob.\n")

    expect(bob.get_by_role("status")).to_contain_text("merged")
    body = bob.locator(".markdown-body")
    expect(body).to_contain_text("Intro by Alice.")
    expect(body).to_contain_text("End by Bob.")


def test_a_conflict_keeps_the_second_editors_text_until_they_save_it(page_for):
    alice, bob = two_editors_open(
        page_for, title="The outbreak", body="It began in the lab.\n"
    )

    save_edit(alice, "It began in the science lab.\n")
    save_edit(bob, "It began in the school lab.\n")

    expect(bob.get_by_role("alert")).to_contain_text("Edit conflict")
    expect(bob.get_by_label(BODY_LABEL)).to_have_value("It began in the school lab.\n")
    expect(bob.locator(".their-text")).to_have_value("It began in the science lab.\n")
    bob.get_by_role("button", name="Save changes").click()

    expect(bob.locator(".markdown-body")).to_contain_text("school lab")
    texts = [rev.body for rev in Page.objects.get().history.order_by("version")]
    assert texts == [
        "It began in the lab.\n",
        "It began in the science lab.\n",
        "It began in the school lab.\n",
    ]
