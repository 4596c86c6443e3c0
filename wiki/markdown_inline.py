"""Python-Markdown's inline step, made cheaper without changing what it produces.

Upstream applies every inline pattern (sixteen with our extensions) to every piece
of text, and applying one costs a few microseconds of Python even when its regex
finds nothing: on a long page that was half of the whole render. Here a pattern is
first looked for with a plain regex search, or where its regex needs a fixed
string, with `in`; a pattern that cannot match is passed over exactly as upstream
passes over one that does not match.
"""

from markdown import inlinepatterns, treeprocessors
from markdown.util import AtomicString

# What the regexes of Python-Markdown's patterns cannot match without; keyed by the
# regex, so a pattern whose regex changes in an upgrade (or one of ours) is searched
# for instead.
_LITERALS = {
    inlinepatterns.BACKTICK_RE: "`",
    inlinepatterns.ESCAPE_RE: "\\",
    inlinepatterns.LINK_RE: "[",  # also REFERENCE_RE
    inlinepatterns.IMAGE_LINK_RE: "![",  # also IMAGE_REFERENCE_RE
    inlinepatterns.AUTOLINK_RE: "<",
    inlinepatterns.AUTOMAIL_RE: "<",
    inlinepatterns.HTML_RE: "<",
    inlinepatterns.ENTITY_RE: "&",
    inlinepatterns.LINE_BREAK_RE: "  \n",
    r"\[\^([^\]]*)\]": "[^",  # markdown.extensions.footnotes
}


class InlineTreeprocessor(treeprocessors.InlineProcessor):
    """Upstream's "inline" tree processor, registered in its place."""

    def __init__(self, md):
        super().__init__(md)
        # A list, in the registry's order: indexing the registry sorts it each time.
        self.patterns = [(pattern, _precheck(pattern)) for pattern in md.inlinePatterns]

    def run(self, tree, ancestors=None):
        try:
            return super().run(tree, ancestors)
        finally:
            # These map the whole document; a reused instance must not keep it.
            self.parent_map = self.stashed_nodes = None

    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:
        # Upstream's loop (name-mangled, so that its own calls come here): each
        # pattern is applied again after each match, from just past it; plus the
        # precheck, passing over a pattern as its failed match would.
        if isinstance(data, AtomicString):
            return data
        for index in range(patternIndex, len(self.patterns)):
            pattern, can_match = self.patterns[index]
            start = 0
            while can_match(data, start):
                data, matched, start = self._InlineProcessor__applyPattern(
                    pattern, data, index, start
                )
                if not matched:
                    break
        return data


def _precheck(pattern):
    """A cheap test that is false only when `pattern` cannot match from a start."""
    if not isinstance(pattern, inlinepatterns.InlineProcessor):
        # Old-style patterns match a slice with an anchored regex: always try them.
        return lambda data, start: True
    regex = pattern.compiled_re
    literal = _LITERALS.get(regex.pattern)
    if literal is None:
        return lambda data, start: regex.search(data, start) is not None
    return lambda data, start: literal in data
