"""The guard: bounds on a markdown body, measured before and while it renders.

Python-Markdown can take quadratic time or recurse past the stack on some inputs;
every such shape is measured here in linear time against a budget, and a body over
one is a RenderError (a form error for the writer), never a stalled worker.
"""

import re
from collections import Counter
from operator import itemgetter

from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString


class RenderError(ValueError):
    """Input the renderer refuses; str(error) is a clear, user-facing sentence."""


# Measured on Python-Markdown 3.11: runs of "[" are quadratic (upstream #798; 20,000
# took minutes), ~250 nested lists raise RecursionError after seconds, and many
# headings or rules in one block, many inline elements in one long paragraph and
# many uses of one footnote are quadratic too. Each is measured here, in linear
# time, against a budget. The densest bodies accepted render in under 0.8 s (a
# realistic 200 KB page: 0.25-0.5 s); real pages stay well inside every budget.

MAX_NESTING = 20  # levels of lists and quotes inside one another
MAX_ELEMENTS = 20_000  # estimated; a realistic 200 KB page has about 10,000
MAX_FOOTNOTE_MARKERS = 2_000  # "[^", references and definitions
MAX_FOOTNOTE_USES = 100  # references to one footnote cost quadratic time
MAX_EMPHASIS_MARKS = 200  # "*" / "_" runs in one paragraph, so nesting is bounded
_SPLIT_LINE_WORK = 8_000_000  # heading and rule lines in a block x its length
_BRACKET_WORK = 500_000  # characters scanned for the "]" or ")" closing a bracket
_INLINE_WORK = 200_000_000  # inline marks in a paragraph x its length

_CONTAINER = re.compile(r"([ \t]*)(?:>|(?:[*+-]|\d{1,9}\.)(?=[ \t]|$))")
# Any other line (most of them: text, headings, tables) is at level 0.
_INDENTED_OR_MARKED_LINE = re.compile(r"^[ \t>*+\-\d].*", re.MULTILINE)
# "- - -" is a rule (tried before lists), not three nested lists.
_RULE = re.compile(r"[ \t]*([-*_])(?:[ \t]*\1){2,}[ \t]*")
_BLANK_LINES = re.compile(r"\n[ \t]*\n")
# Headings, setext underlines and rules split their block: Python-Markdown copies
# and re-scans the rest of the block for each one.
_SPLIT_LINE = re.compile(r"^ {0,3}(?:#|[-=*_][-=*_ \t]*$)", re.MULTILINE)
_INLINE_MARK = re.compile(r"[`*_\\&<\[!]|  \n")
# A backslash escape ("\[", "\*") is matched, and skipped, as a whole.
_BRACKET = re.compile(r"\\.|[\[\]()]", re.DOTALL)
_EMPHASIS_MARK = re.compile(r"\\.|\*+(?=\S)|(?<!\w)_+(?=\S)", re.DOTALL)
# A text with none of these (a table cell, a list item) costs nothing in the budget.
_MEASURED = re.compile(r"[`*_\\&<\[\]!]|  \n")


def check_shape(text: str) -> None:
    """Refuse, before parsing, bodies whose structure would be too costly."""
    _check_footnotes(text)
    # Roughly the elements Python-Markdown will build, at 20-40 µs each; the walk
    # over the lines for their nesting is skipped when the count is already over.
    elements = text.count("\n") + text.count("|") + len(_INLINE_MARK.findall(text)) // 2
    if elements <= MAX_ELEMENTS:
        elements += _check_nesting(text)
    if elements > MAX_ELEMENTS:
        raise RenderError(
            f"The text has too much structure for one page: about {elements:,} "
            "lines, list levels, table cells, links and formatting marks, where the "
            f"limit is {MAX_ELEMENTS:,}. Split it into several pages."
        )
    blocks = _BLANK_LINES.split(text)
    if sum(len(_SPLIT_LINE.findall(b)) * len(b) for b in blocks) > _SPLIT_LINE_WORK:
        raise RenderError(
            "The text has too many headings or horizontal rules without blank lines "
            "around them. Put a blank line before and after each one."
        )


def _check_footnotes(text: str) -> None:
    if text.count("[^") > MAX_FOOTNOTE_MARKERS:
        raise RenderError(
            f"The text has more than {MAX_FOOTNOTE_MARKERS:,} footnote markers "
            "([^…]). Split the page."
        )
    # The text after each "[^" up to its "]": the label, or the end of one if the
    # label holds "[^". Slicing between markers keeps this linear.
    labels = Counter(part.partition("]")[0] for part in text.split("[^")[1:])
    label, uses = max(labels.items(), key=itemgetter(1), default=("", 0))
    if uses > MAX_FOOTNOTE_USES:
        raise RenderError(
            f"The footnote [^{label[:40]}] appears {uses:,} times; the limit is "
            f"{MAX_FOOTNOTE_USES}. Cite it less often."
        )


def _check_nesting(text: str) -> int:
    """Refuse lines nested deeper than MAX_NESTING; return the sum of the levels."""
    # Lines in fenced code are measured too: Python-Markdown only treats a fence as
    # code once it finds the closing one, and guessing that wrong would let nesting
    # through unmeasured.
    levels = 0
    for match in _INDENTED_OR_MARKED_LINE.finditer(text):
        level = _nesting(match[0])
        if level > MAX_NESTING:
            number = text.count("\n", 0, match.start()) + 1
            raise RenderError(
                f"Line {number} is nested more than {MAX_NESTING} levels deep (lists "
                "or quotes inside one another, or deep indentation). Flatten it."
            )
        levels += level
    return levels


def _nesting(line: str) -> int:
    """Container markers (">", "-", "1.") opening `line`, plus a level for each four
    columns of indentation beyond the one space that follows a marker."""
    if not line.strip() or _RULE.fullmatch(line):
        return 0
    markers = indentation = end = 0
    while match := _CONTAINER.match(line, end):
        indentation += max(0, len(match.group(1).expandtabs(4)) - bool(markers))
        markers += 1
        end = match.end()
    rest = line[end:]
    indentation += max(0, len(rest) - len(rest.lstrip(" \t")) - bool(markers))
    return markers + indentation // 4


class InlineBudget(Treeprocessor):
    """Measures, once the blocks are parsed, the texts inline patterns will scan."""

    def run(self, root):
        bracket_work = inline_work = 0
        for element in root.iter():
            for text in (element.text, element.tail):
                if (
                    not text
                    or isinstance(text, AtomicString)
                    or not _MEASURED.search(text)
                ):
                    continue
                bracket_work += _bracket_work(text)
                inline_work += len(_INLINE_MARK.findall(text)) * len(text)
                marks = _EMPHASIS_MARK.findall(text)
                # Escapes are counted only when the marks could be over the limit.
                if len(marks) > MAX_EMPHASIS_MARKS and (
                    sum(mark[0] != "\\" for mark in marks) > MAX_EMPHASIS_MARKS
                ):
                    raise RenderError(
                        f"A paragraph has more than {MAX_EMPHASIS_MARKS} bold or "
                        "italic marks (* or _). Split it, or write a literal * as \\*."
                    )
        if bracket_work > _BRACKET_WORK:
            raise RenderError(
                "The text has too many unclosed or deeply nested brackets. Close "
                "them, or write a literal [ as \\[."
            )
        if inline_work > _INLINE_WORK:
            raise RenderError(
                "A paragraph is too long for the amount of formatting in it. Split "
                "it with blank lines."
            )


def _bracket_work(text: str) -> int:
    """Characters Python-Markdown scans for the "]" closing each "[", and for the
    ")" closing each "](": up to the match, or to the end of the text."""
    if "[" not in text and "](" not in text:  # most texts in a table or list
        return 0
    work = 0
    squares: list[int] = []
    parens: list[int | None] = []  # where each "](" opened; None for a plain "("
    for match in _BRACKET.finditer(text):
        char, position = match.group(), match.start()
        if char == "[":
            squares.append(position)
        elif char == "]" and squares:
            work += position - squares.pop()
        elif char == "(":
            parens.append(position if text[position - 1 : position] == "]" else None)
        elif char == ")" and parens and (opened := parens.pop()) is not None:
            # In a quoted link title the scan ignores parentheses: count it all.
            quoted = any(quote in text[opened:position] for quote in "\"'")
            work += (len(text) if quoted else position) - opened
    unclosed = squares + [opened for opened in parens if opened is not None]
    return work + sum(len(text) - opened for opened in unclosed)
