"""The soak's and the drills' database checks catch what they are there to catch."""

import pytest
import wiki_tasks

from tests.factories import edit_page, make_page
from wiki.models import Page


def marked(page, marker: str, outcome: str = "saved") -> dict:
    return {"kind": "page", "slug": page.slug, "marker": marker, "outcome": outcome}


def failed(result: dict) -> list[str]:
    return [check["name"] for check in result["checks"] if not check["ok"]]


@pytest.fixture
def page(db):
    return make_page(body="Start.\n")


def test_a_wiki_edited_through_the_services_passes(page):
    edit_page(page, "Start.\n\nReliability edit 1-1.\n")

    result = wiki_tasks.verify([marked(page, "1-1"), marked(page, "1-2", "conflict")])

    assert result["ok"], result
    assert len(result["checks"]) == 6


def test_an_acknowledged_edit_missing_from_history_fails(page):
    result = wiki_tasks.verify([marked(page, "9-9")])

    assert failed(result) == [
        "every acknowledged edit is a revision",
        "no lost update: every acknowledged edit is in the current text",
    ]


def test_an_acknowledged_edit_overwritten_by_a_later_one_is_a_lost_update(page):
    first = edit_page(page, "Start.\n\nReliability edit 1-1.\n").obj
    edit_page(first, "Start.\n\nReliability edit 2-1.\n")

    result = wiki_tasks.verify([marked(page, "1-1"), marked(page, "2-1")])

    assert failed(result) == [
        "no lost update: every acknowledged edit is in the current text"
    ]


def test_a_save_reported_as_a_conflict_fails(page):
    edit_page(page, "Start.\n\nReliability edit 1-1.\n")

    result = wiki_tasks.verify([marked(page, "1-1", "conflict")])

    assert "nothing saved that the user was told was not (conflict, refusal, 503)" in (
        failed(result)
    )


def test_an_edit_whose_answer_was_lost_may_or_may_not_be_saved(page):
    edit_page(page, "Start.\n\nReliability edit 1-1.\n")

    result = wiki_tasks.verify(
        [marked(page, "1-1", "no_answer"), marked(page, "1-2", "no_answer")]
    )

    assert result["ok"], result


def test_a_version_without_its_revision_fails(page):
    # QuerySet.update() writes no history: a save half-done in that way.
    Page.objects.filter(pk=page.pk).update(version=3)

    assert failed(wiki_tasks.verify([])) == [
        "every object's revisions are versions 1..N with no gap or repeat",
        "each object's row, last revision and rendered HTML agree",
    ]


def test_text_that_differs_from_its_last_revision_fails(page):
    Page.objects.filter(pk=page.pk).update(body="Changed behind history.\n")

    assert failed(wiki_tasks.verify([])) == [
        "each object's row, last revision and rendered HTML agree"
    ]


def test_a_rendering_of_another_version_fails(page):
    edited = edit_page(page, "Start.\n\nReliability edit 1-1.\n").obj
    Page.objects.filter(pk=edited.pk).update(rendered_html="<p>Start.</p>")

    assert failed(wiki_tasks.verify([marked(page, "1-1")])) == [
        "each object's row, last revision and rendered HTML agree"
    ]
