"""The one set of invisible characters that every note and text loses."""

import pytest

from accounts.text import without_control_characters


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("a\x00b\x07c\x1bd\x7fe", "abcde"),
        ("tab\tand\nnewline", "tab\tand\nnewline"),
        ("not xml \ufffe\uffff", "not xml "),
        ("Hyosan 효산 — “quoted” \u200b", "Hyosan 효산 — “quoted” \u200b"),
    ],
)
def test_control_characters_go_and_everything_else_stays(text, kept):
    assert without_control_characters(text) == kept
