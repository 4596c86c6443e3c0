"""Normalising titles and turning them into slugs.

A title is what people type and see; two titles that look the same must be the same
title, so invisible characters are removed and Unicode is composed before anything
compares, stores or links them.
"""

import re
import unicodedata

from django.utils.text import slugify

MAX_TITLE_LENGTH = 200

# Slugs that the URL map uses for its own views under /wiki/.
RESERVED_SLUGS = frozenset({"new", "random", "special", "category", "search"})

_WHITESPACE_RUN = re.compile(r"\s+")


def normalise_title(raw: str) -> str:
    """Return `raw` as NFC with control and format characters removed and spaces folded.

    Format characters (Unicode category Cf) include the zero-width space and joiners
    and the bidirectional overrides, which would let "Nam\u200b-ra" shadow "Nam-ra".
    """
    composed = unicodedata.normalize("NFC", raw)
    visible = "".join(
        " " if char.isspace() else char
        for char in composed
        if char.isspace() or unicodedata.category(char) not in {"Cc", "Cf"}
    )
    return _WHITESPACE_RUN.sub(" ", visible).strip()


def slug_for_title(title: str) -> str:
    """The URL slug of a normalised title: lower case, Unicode letters kept."""
    return slugify(title, allow_unicode=True)
