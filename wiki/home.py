"""The home page's sections contributed by other apps.

`wiki` cannot import the apps built on it, so an app that has something for the
home page (the characters, the upcoming events) registers a section in its
AppConfig.ready(): a template and a function giving that template its context.
Each function runs a fixed, small number of queries; the home page's budget is
asserted in tests.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest


@dataclass(frozen=True)
class HomeSection:
    name: str
    template: str
    context: Callable[[HttpRequest], dict]
    order: int


_sections: dict[str, HomeSection] = {}


def register_home_section(
    name: str, *, template: str, context: Callable[[HttpRequest], dict], order: int
) -> None:
    """Show `template` on the home page, rendered with `context(request)`.

    Sections appear by `order`, then name; registering a name again replaces it.
    """
    _sections[name] = HomeSection(name, template, context, order)


def home_sections(request: HttpRequest) -> list[dict]:
    """What the home template includes: each section's template and context."""
    sections = sorted(_sections.values(), key=lambda s: (s.order, s.name))
    return [
        {"name": s.name, "template": s.template, "context": s.context(request)}
        for s in sections
    ]
