"""A moderator cleans up after a vandal, in the browser: protection set in the admin,
a normal user kept out, the vandal rolled back and their revision hidden."""

import pytest
from playwright.sync_api import expect

from tests.factories import UserFactory, edit_page, make_moderator, make_page
from wiki.models import Page, Protection

pytestmark = pytest.mark.django_db(transaction=True)

CLEAN = "Hyosan High School is where the outbreak began."
VANDAL_TEXT = "ZOMBIES ATE THIS PAGE lol"


def test_a_moderator_protects_rolls_back_and_hides_a_vandals_edits(page_for):
    wiki_page = make_page(title="Hyosan High School", body=CLEAN)
    vandal = UserFactory(username="Vandal")
    edit_page(wiki_page, VANDAL_TEXT, user=vandal, summary="improved")
    wiki_page.refresh_from_db()
    edit_page(wiki_page, f"{VANDAL_TEXT} again", user=vandal, summary="call 555-0199")
    moderator = page_for(make_moderator(username="Moderator"))
    reader = page_for(UserFactory(username="Reader"))
    # The admin and the site run under a CSP without inline script: any script
    # or style it blocked would be reported on the console.
    blocked = []
    for tab in (moderator, reader):
        tab.on(
            "console",
            lambda message: (
                "Content Security Policy" in message.text
                and blocked.append(message.text)
            ),
        )

    # The moderator protects the page from the admin, with a reason.
    moderator.goto(f"/admin/wiki/page/{wiki_page.pk}/change/")
    moderator.get_by_label("Protection:").select_option(label="Moderators only")
    moderator.get_by_label("Reason:").fill("Vandalised twice today")
    moderator.get_by_role("button", name="Save", exact=True).click()
    expect(moderator.locator(".messagelist")).to_contain_text("changed successfully")
    assert Page.objects.get().protection == Protection.MODERATORS

    # A normal user sees the lock and cannot save an edit.
    reader.goto(f"/wiki/{wiki_page.slug}/")
    expect(reader.locator(".protection-lock")).to_contain_text("moderators only")
    reader.goto(f"/wiki/{wiki_page.slug}/edit/")
    expect(reader.get_by_role("alert")).to_contain_text("only moderators can change it")
    expect(reader.get_by_role("button", name="Save changes")).to_have_count(0)

    # The moderator rolls the vandal's two edits back in one click…
    moderator.goto(f"/wiki/{wiki_page.slug}/history/")
    moderator.get_by_role("button", name="Roll back 2 edits by Vandal").click()
    expect(moderator.get_by_role("status")).to_contain_text("Rolled back")
    # …and hides the text and summary of the vandal's last revision.
    moderator.goto(f"/wiki/{wiki_page.slug}/history/")
    vandal_row = moderator.locator("table.history tbody tr").nth(1)
    expect(vandal_row).to_contain_text("Vandal")
    vandal_row.get_by_role("link", name="hide/unhide…").click()
    moderator.get_by_label("Hide the text").check()
    moderator.get_by_label("Hide the edit summary").check()
    moderator.get_by_label("Reason").fill("Personal information")
    moderator.get_by_role("button", name="Apply").click()
    expect(moderator.get_by_role("status")).to_be_visible()

    # The reader sees the clean text, and the hidden revision only as a placeholder.
    reader.goto(f"/wiki/{wiki_page.slug}/")
    expect(reader.locator(".markdown-body")).to_contain_text(CLEAN)
    expect(reader.locator(".markdown-body")).not_to_contain_text("ZOMBIES")
    reader.goto(f"/wiki/{wiki_page.slug}/history/")
    expect(reader.locator("table.history")).to_contain_text("(content hidden)")
    expect(reader.locator("table.history")).not_to_contain_text("555-0199")
    hidden = wiki_page.history.get(version=3)
    response = reader.goto(f"/wiki/{wiki_page.slug}/?revision={hidden.history_id}")
    assert response.status == 404
    assert Page.objects.get().version == 4
    assert blocked == []


def test_a_refused_image_upload_says_why_in_the_editor_and_keeps_the_text(page_for):
    from accounts.models import Block, BlockScope

    wiki_page = make_page(title="Hyosan High School", body=CLEAN)
    user = UserFactory()
    Block.objects.create(
        user=user,
        scope=BlockScope.UPLOADING,
        reason="Uploaded gore",
        created_by=make_moderator(),
    )
    editor = page_for(user)
    editor.goto(f"/wiki/{wiki_page.slug}/edit/")
    body = editor.locator("textarea[name=body]")
    body.fill("My text stays.")

    files = editor.evaluate_handle(
        """() => {
            const transfer = new DataTransfer();
            const bytes = new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10]);
            transfer.items.add(new File([bytes], "x.png", {type: "image/png"}));
            return transfer;
        }"""
    )
    body.dispatch_event("drop", {"dataTransfer": files})

    expect(editor.locator(".editor-error")).to_contain_text("Uploaded gore")
    expect(body).to_have_value("My text stays.")


def test_a_refused_upload_dropped_mid_text_leaves_the_text_as_it_was(page_for):
    from accounts.models import Block, BlockScope

    wiki_page = make_page(title="Hyosan High School", body=CLEAN)
    user = UserFactory()
    Block.objects.create(
        user=user, scope=BlockScope.UPLOADING, reason="No", created_by=make_moderator()
    )
    editor = page_for(user)
    editor.goto(f"/wiki/{wiki_page.slug}/edit/")
    body = editor.locator("textarea[name=body]")
    body.fill("My text stays.")
    body.evaluate("area => area.setSelectionRange(3, 7)")  # "text" selected

    files = editor.evaluate_handle(
        """() => {
            const transfer = new DataTransfer();
            const bytes = new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10]);
            transfer.items.add(new File([bytes], "x.png", {type: "image/png"}));
            return transfer;
        }"""
    )
    body.dispatch_event("drop", {"dataTransfer": files})

    expect(editor.locator(".editor-error")).to_contain_text("blocked")
    expect(body).to_have_value("My text stays.")
