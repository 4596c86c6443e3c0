"""Hiding a revision's text, summary or editor through wiki.visibility, and the
query helpers that leave hidden revisions out."""

import pytest
from django.contrib.admin.models import LogEntry
from django.core.exceptions import ValidationError

from tests.wiki.visibility.conftest import hide, revision
from wiki.changes import changes_list
from wiki.visibility import hidden_excluded, revision_visibility_set

pytestmark = pytest.mark.django_db


def test_hiding_sets_the_flags_without_making_a_revision(page, moderator):
    hide(page, 2, moderator, text=True, summary=True, editor=True)

    hidden = revision(page, 2)
    assert (hidden.text_hidden, hidden.summary_hidden, hidden.editor_hidden) == (
        True,
        True,
        True,
    )
    assert page.history.count() == 3
    assert hidden.body == "Offensive text\n"


def test_setting_the_flags_it_already_has_changes_and_logs_nothing(page, moderator):
    assert hide(page, 2, moderator) is False
    assert not LogEntry.objects.exists()


def test_hiding_needs_a_reason(page, moderator):
    with pytest.raises(ValidationError):
        revision_visibility_set(
            revision=revision(page, 2),
            moderator=moderator,
            text=True,
            summary=False,
            editor=False,
            reason="  ",
        )
    assert not revision(page, 2).text_hidden


def test_the_current_revisions_text_cannot_be_hidden(page, moderator):
    with pytest.raises(ValidationError, match="Revert or roll back"):
        hide(page, 3, moderator, text=True)
    assert not revision(page, 3).text_hidden


def test_the_current_revisions_summary_and_editor_can_be_hidden(page, moderator):
    assert hide(page, 3, moderator, summary=True, editor=True)


def test_hidden_excluded_leaves_out_any_revision_with_something_hidden(page, moderator):
    hide(page, 2, moderator, summary=True)

    versions = hidden_excluded(page.history.all()).values_list("version", flat=True)

    assert sorted(versions) == [1, 3]


def test_changes_list_includes_hidden_revisions_when_asked(page, moderator):
    hide(page, 2, moderator, summary=True)

    changes = changes_list(include_hidden=True)

    assert [change.revision.version for change in changes] == [3, 2, 1]
