import pytest
from django.core.exceptions import ValidationError

from tests.factories import UserFactory, make_page
from wiki.markdown import MAX_MARKDOWN_BYTES
from wiki.models import Page, PageLink
from wiki.services import (
    MERGED_NOTE,
    EditConflict,
    merge_texts,
    page_create,
    page_save,
    revision_revert,
)

pytestmark = pytest.mark.django_db

BODY = "Line one.\n\nLine two.\n\nLine three.\n"


def save(page, user, body, *, base_version=None, summary="", minor=False):
    return page_save(
        page=page,
        user=user,
        body=body,
        base_version=base_version or page.version,
        summary=summary,
        minor=minor,
    )


def test_create_makes_revision_one_with_editor_summary_and_rendered_html(user):
    page = page_create(user=user, title="The outbreak", body="# Start\n\nIt began.")

    revision = page.history.get()
    assert page.version == 1
    assert revision.history_user == user
    assert revision.history_change_reason == "Created the page"
    assert revision.size_change == page.size == len(b"# Start\n\nIt began.")
    assert "<p>It began.</p>" in page.rendered_html


def test_create_normalises_the_title_and_derives_a_unicode_slug(user):
    page = page_create(user=user, title="  효산\u200b고등학교  ", body="")

    assert page.title == "효산고등학교"
    assert page.slug == "효산고등학교"


def test_create_refuses_a_title_that_differs_only_in_case_or_spacing(user):
    make_page(title="Hyosan High School")

    with pytest.raises(ValidationError) as raised:
        page_create(user=user, title="hyosan  high school", body="Other text")

    assert "already exists" in str(raised.value)
    assert Page.objects.count() == 1


def test_submitting_the_same_new_page_twice_creates_it_once(user):
    first = page_create(user=user, title="Season 2", body="Renewed.")
    second = page_create(user=user, title="Season 2", body="Renewed.")

    assert second == first
    assert first.history.count() == 1


def test_saving_on_the_current_version_adds_a_revision(user):
    page = make_page(body=BODY)

    result = save(page, user, BODY + "Line four.\n", summary="more", minor=True)

    page.refresh_from_db()
    revision = page.history.first()
    assert result.saved and not result.merged
    assert page.version == 2
    assert revision.history_change_reason == "more"
    assert revision.minor is True
    assert revision.size_change == len(b"Line four.\n")


def test_saving_unchanged_text_creates_no_revision(user):
    page = make_page(body=BODY)

    result = save(page, user, BODY)

    assert result.saved is False
    assert page.history.count() == 1


def test_a_double_submitted_edit_creates_one_revision(user):
    page = make_page(body=BODY)

    save(page, user, BODY + "Added.\n", base_version=1)
    second = save(page, user, BODY + "Added.\n", base_version=1)

    assert second.saved is False
    assert page.history.count() == 2


def test_concurrent_edits_of_different_lines_are_merged():
    page = make_page(body=BODY)
    alice, bob = UserFactory(), UserFactory()

    save(page, alice, BODY.replace("Line one.", "Line ONE."), base_version=1)
    result = save(
        page,
        bob,
        BODY.replace("Line three.", "Line THREE."),
        base_version=1,
        summary="caps",
    )

    page.refresh_from_db()
    assert result.saved and result.merged
    assert page.body == "Line ONE.\n\nLine two.\n\nLine THREE.\n"
    assert page.version == 3
    assert page.history.first().history_change_reason == f"caps {MERGED_NOTE}"


def test_concurrent_edits_of_the_same_line_raise_a_conflict_and_save_nothing():
    page = make_page(body=BODY)
    save(page, UserFactory(), BODY.replace("Line two.", "Line 2."), base_version=1)

    mine = BODY.replace("Line two.", "Line II.")
    with pytest.raises(EditConflict) as raised:
        save(page, UserFactory(), mine, base_version=1)

    assert raised.value.fields == ["body"]
    assert raised.value.mine == {"body": mine}
    assert raised.value.current.body == BODY.replace("Line two.", "Line 2.")
    assert page.history.count() == 2


def test_a_base_version_that_never_existed_is_a_conflict(user):
    page = make_page(body=BODY)

    with pytest.raises(EditConflict):
        save(page, user, "Something else\n", base_version=99)


def test_an_edit_identical_to_a_concurrent_one_is_not_saved_twice():
    page = make_page(body=BODY)
    save(page, UserFactory(), BODY + "Same.\n", base_version=1)

    result = save(page, UserFactory(), BODY + "Same.\n", base_version=1)

    assert result.saved is False
    assert page.history.count() == 2


def test_revert_makes_a_new_revision_with_the_old_text_and_says_so():
    author = UserFactory(username="author")
    page = make_page(body=BODY, user=author)
    save(page, UserFactory(), "Vandalised\n")
    first = page.history.last()

    result = revision_revert(obj=page, revision=first, user=UserFactory())

    page.refresh_from_db()
    assert result.saved
    assert page.body == BODY
    assert page.version == 3
    assert page.history.first().history_change_reason == (
        "Reverted to revision 1 by author"
    )


def test_reverting_to_the_current_text_creates_no_revision(user):
    page = make_page(body=BODY)

    result = revision_revert(obj=page, revision=page.history.first(), user=user)

    assert result.saved is False
    assert page.history.count() == 1


def test_revert_refuses_a_revision_of_another_page(user):
    page, other = make_page(title="A"), make_page(title="B")

    with pytest.raises(ValueError):
        revision_revert(obj=page, revision=other.history.first(), user=user)


def test_outgoing_links_are_stored_and_replaced_on_edit(user):
    page = make_page(body="See [[Nam-ra]] and [[On-jo|her friend]].")

    targets = set(PageLink.objects.values_list("target_slug", flat=True))
    assert targets == {"nam-ra", "on-jo"}

    save(page, user, "Only [[Nam-ra]] now.")
    targets = set(PageLink.objects.values_list("target_slug", flat=True))
    assert targets == {"nam-ra"}


def test_creating_a_page_turns_red_links_to_it_blue_without_a_revision(user):
    linking = make_page(title="Season 1", body="Starring [[Cheong-san]].")
    assert "wikilink-missing" in linking.rendered_html

    target = page_create(user=user, title="Cheong-san", body="A student.")

    linking.refresh_from_db()
    assert "wikilink-missing" not in linking.rendered_html
    assert f'href="{target.get_absolute_url()}"' in linking.rendered_html
    assert linking.history.count() == 1


def test_a_body_the_renderer_refuses_is_a_validation_error_and_saves_nothing(user):
    page = make_page(body=BODY)

    with pytest.raises(ValidationError) as raised:
        save(page, user, "x" * (MAX_MARKDOWN_BYTES + 1))

    assert "body" in raised.value.message_dict
    page.refresh_from_db()
    assert page.version == 1


def test_derived_html_is_not_part_of_history():
    history_fields = {field.name for field in Page.history.model._meta.fields}

    assert "rendered_html" not in history_fields
    assert {"body", "title", "version", "minor", "text_hidden"} <= history_fields


@pytest.mark.parametrize(
    ("base", "mine", "theirs", "expected"),
    [
        ("a\nb\nc\n", "A\nb\nc\n", "a\nb\nC\n", "A\nb\nC\n"),
        ("a\nb\nc\n", "a\nX\nc\n", "a\nY\nc\n", None),
        ("a\n", "a\nmine\n", "a\n", "a\nmine\n"),
    ],
)
def test_merge_texts(base, mine, theirs, expected):
    assert merge_texts(base, mine, theirs) == expected
