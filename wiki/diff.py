"""Differences between two revisions: lines, and the words that changed inside them.

Every piece of revision text is escaped here before it is wrapped in <del>/<ins>, so
the rows are safe to mark as HTML in templates.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

CONTEXT_LINES = 2
_TOKEN = re.compile(r"\w+|\s+|[^\w\s]", re.UNICODE)


@dataclass(frozen=True)
class DiffRow:
    """One row of a side-by-side diff; a None side is empty (an added/removed line)."""

    kind: str  # "equal", "delete", "insert", "change" or "skip"
    old_number: int | None = None
    old_html: SafeString | None = None
    new_number: int | None = None
    new_html: SafeString | None = None


@dataclass(frozen=True)
class FieldDiff:
    name: str
    label: str
    old: str
    new: str
    rows: list[DiffRow] | None  # line rows for text fields, None for short values


def text_diff(old: str, new: str, *, context: int = CONTEXT_LINES) -> list[DiffRow]:
    """Changed lines of two texts with `context` unchanged lines around each change."""
    old_lines, new_lines = old.splitlines(), new.splitlines()
    matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    rows: list[DiffRow] = []
    for group in matcher.get_grouped_opcodes(context):
        if rows or group[0][1] > 0:
            rows.append(DiffRow(kind="skip"))
        for tag, i1, i2, j1, j2 in group:
            rows.extend(_rows_for(tag, old_lines, i1, i2, new_lines, j1, j2))
    return rows


def _rows_for(tag, old_lines, i1, i2, new_lines, j1, j2) -> list[DiffRow]:
    if tag == "equal":
        return [
            DiffRow("equal", i + 1, _plain(old_lines[i]), j + 1, _plain(new_lines[j]))
            for i, j in zip(range(i1, i2), range(j1, j2), strict=True)
        ]
    if tag == "delete":
        return [DiffRow("delete", i + 1, _plain(old_lines[i])) for i in range(i1, i2)]
    if tag == "insert":
        return [
            DiffRow("insert", new_number=j + 1, new_html=_plain(new_lines[j]))
            for j in range(j1, j2)
        ]
    # A replaced block: pair its lines up and mark the words that changed in each.
    rows = []
    for offset in range(max(i2 - i1, j2 - j1)):
        i, j = i1 + offset, j1 + offset
        if i < i2 and j < j2:
            old_html, new_html = word_diff(old_lines[i], new_lines[j])
            rows.append(DiffRow("change", i + 1, old_html, j + 1, new_html))
        elif i < i2:
            rows.append(DiffRow("delete", i + 1, _plain(old_lines[i])))
        else:
            rows.append(
                DiffRow("insert", new_number=j + 1, new_html=_plain(new_lines[j]))
            )
    return rows


def word_diff(old: str, new: str) -> tuple[SafeString, SafeString]:
    """Both lines as HTML, with removed words in <del> and added words in <ins>."""
    old_tokens, new_tokens = _TOKEN.findall(old), _TOKEN.findall(new)
    matcher = difflib.SequenceMatcher(None, old_tokens, new_tokens, autojunk=False)
    old_parts, new_parts = [], []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        removed = escape("".join(old_tokens[i1:i2]))
        added = escape("".join(new_tokens[j1:j2]))
        if tag == "equal":
            old_parts.append(removed)
            new_parts.append(added)
            continue
        if removed:
            old_parts.append(f"<del>{removed}</del>")
        if added:
            new_parts.append(f"<ins>{added}</ins>")
    # Safe: every fragment of revision text above went through escape().
    return mark_safe("".join(old_parts)), mark_safe("".join(new_parts))


def _plain(line: str) -> SafeString:
    return escape(line)


def fields_diff(old, new, *, entry) -> list[FieldDiff]:
    """The fields of `entry` whose values differ between two revisions, in order.

    Text fields are compared line by line; other values in words ("Alive →
    Deceased"), and line by line too when their description has several lines
    (an event's citations).
    """
    changes = []
    for name in entry.fields:
        old_value, new_value = getattr(old, name), getattr(new, name)
        if old_value == new_value:
            continue
        if name in entry.text_fields:
            old_text, new_text = old_value or "", new_value or ""
        else:
            old_text = entry.display(name, old_value)
            new_text = entry.display(name, new_value)
        multiline = name in entry.text_fields or "\n" in old_text + new_text
        rows = text_diff(old_text, new_text) if multiline else None
        changes.append(FieldDiff(name, entry.label_of(name), old_text, new_text, rows))
    return changes
