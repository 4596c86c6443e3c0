"""Text that users type and that must not carry invisible control characters.

In the lowest app so that every other one (the moderation log here, summaries and
markdown in wiki, seasons in timeline) strips the same set.
"""

import re

# C0 controls other than tab and newline, DEL, and the two non-characters
# U+FFFE/U+FFFF. They are invisible; PostgreSQL refuses NUL in text; XML 1.0
# cannot carry them, so one in a summary made every Atom feed listing the
# revision fail; and STX/ETX are Python-Markdown's placeholder delimiters, which
# input must not be able to forge.
_CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b-\x1f\x7f\ufffe\uffff]")


def without_control_characters(text: str) -> str:
    """`text` without control characters; tabs and newlines are kept."""
    return _CONTROL_CHARACTERS.sub("", text)
