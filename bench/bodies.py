"""What the benchmark's generated wiki says: lorem-like text rendered once per
template, revisions of it, and the facts of characters and events.

Rendering a 4 KB body costs ~10 ms and extracting its search text ~2.5 ms, far too
much for 100,000 pages. So a few hundred templates are written with tokens where
link targets and some words go, rendered once by the real renderer (whose resolvers
turn the tokens into token URLs), and each piece of content substitutes its own
values into the template's markdown, HTML and search text. Tokens are letters and
digits, which Markdown and nh3 pass through untouched, and the values substituted
are too (titles add single spaces), so the result is what rendering the filled-in
markdown gives: generate.py re-renders a sample to prove it.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from urllib.parse import quote_plus

from django.urls import reverse

from characters.models import Role, Status
from search.documents import plain_text
from timeline.dates import DatePrecision, period_start
from timeline.models import EventKind
from wiki.links import category_url, missing_link_url
from wiki.markdown import render_markdown

_LOREM = (
    "lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor "
    "incididunt ut labore et dolore magna aliqua enim ad minim veniam quis nostrud "
    "exercitation ullamco laboris nisi aliquip ex ea commodo consequat duis aute "
    "irure in reprehenderit voluptate velit esse cillum fugiat nulla pariatur "
    "excepteur sint occaecat cupidatat non proident sunt culpa qui officia deserunt "
    "mollit anim id est laborum curabitur pretium tincidunt lacus nunc viverra "
    "imperdiet porta semper mauris cursus vitae varius faucibus ornare"
)
LOREM = _LOREM.split()
_SYLLABLES = "ka lo mi ven tor sa ru bel quin do fa zel pri mo ne tes"
SYLLABLES = _SYLLABLES.split()
CATEGORIES = [
    "Lorem studies", "Ipsum notes", "Dolor places", "Amet things", "Tempor studies",
    "Magna notes", "Veniam places", "Nostrud things", "Ullamco studies",
    "Aliquip notes", "Culpa archive", "Fugiat archive", "Nulla archive",
    "Irure archive", "Velit archive", "Esse archive", "Sint archive", "Anim archive",
    "Porta archive", "Semper archive",
]  # fmt: skip
SUMMARIES = [
    "Copyedit", "Reworded a paragraph", "Fixed a typo", "Lorem ipsum fixes",
    "Tidied the list", "Clarified the wording", "", "Updated the table", "Style",
]  # fmt: skip
TOKEN = re.compile(r"[Zz]qz(link|slug|query|word|cat)(\d\d)q")
KINDS = ("page", "character", "missing")


def coined(number: int, ending: str) -> str:
    """A made-up word, different for every `number` (and every ending)."""
    letters = []
    while True:
        number, digit = divmod(number, len(SYLLABLES))
        letters.append(SYLLABLES[digit])
        if number == 0:
            break
    return "".join(reversed(letters + [SYLLABLES[0]] * (3 - len(letters)))) + ending


@dataclass(frozen=True)
class Filled:
    html: str
    toc: str
    text: str
    spoilers: str


@dataclass(frozen=True)
class Template:
    """Markdown (by section, so that old revisions can lack the last ones), HTML
    and search text with tokens, each pre-split at its tokens."""

    sections: tuple[tuple, ...]
    footer: tuple
    html: tuple
    toc: str
    text: tuple
    spoilers: tuple
    link_kinds: tuple[str, ...]
    words: int

    def body(self, values: dict[str, list[str]], sections: int | None = None) -> str:
        parts = self.sections[:sections]
        return "".join(_fill(part, values) for part in (*parts, self.footer))

    def render(self, values: dict[str, list[str]]) -> Filled:
        return Filled(
            html=_fill(self.html, values),
            toc=self.toc,
            text=_fill(self.text, values),
            spoilers=_fill(self.spoilers, values),
        )


def values_for(
    links: list[tuple[str, str]], words: list[str], category: str
) -> dict[str, list[str]]:
    """What the tokens of a template stand for: link (title, slug) pairs, words."""
    return {
        "link": [title for title, _ in links],
        "slug": [slug for _, slug in links],
        "query": [quote_plus(title) for title, _ in links],
        "word": words,
        "cat": [category],
    }


def _split(text: str) -> tuple:
    parts = TOKEN.split(text)
    rest = tuple(
        (parts[i], int(parts[i + 1]), parts[i + 2]) for i in range(1, len(parts), 3)
    )
    return parts[0], rest


def _fill(split: tuple, values: dict[str, list[str]]) -> str:
    head, rest = split
    out = [head]
    for kind, index, literal in rest:
        out.append(values[kind][index])
        out.append(literal)
    return "".join(out)


def template_build(rng: random.Random, *, size: int, links: int) -> Template:
    """Write a template of about `size` bytes of markdown with `links` wiki links,
    render it and check that every token survived exactly."""
    kinds = tuple(rng.choices(KINDS, weights=(70, 22, 8), k=links))
    writer = _Writer(rng, links)
    sections = writer.sections(size)
    footer = writer.footer()
    markdown_text = "".join(sections) + footer
    rendered = render_markdown(
        markdown_text,
        resolve_links=lambda titles: _token_urls(titles, kinds),
        missing_link_url=lambda title: missing_link_url(
            title.replace("Zqzlink", "Zqzquery")
        ),
        category_url=category_url,
    )
    text, spoilers = plain_text(rendered.html)
    if len(rendered.link_targets) != links or rendered.categories != {"Zqzcat00q"}:
        raise AssertionError("a template lost a link or its category")
    for part in (rendered.html, text, spoilers, rendered.toc_html):
        if len(TOKEN.findall(part)) != part.lower().count("zqz"):
            raise AssertionError("the renderer changed a token")
    return Template(
        sections=tuple(_split(section) for section in sections),
        footer=_split(footer),
        html=_split(rendered.html),
        toc=rendered.toc_html,
        text=_split(text),
        spoilers=_split(spoilers),
        link_kinds=kinds,
        words=writer.words,
    )


def templates_build(
    rng: random.Random, count: int, *, sizes: tuple[int, int], links: tuple[int, int]
) -> list[Template]:
    """`count` templates; each has a few words besides the intro's for edits to
    change."""
    templates: list[Template] = []
    while len(templates) < count:
        template = template_build(
            rng, size=rng.randint(*sizes), links=rng.randint(*links)
        )
        if template.words >= 4:
            templates.append(template)
    return templates


@dataclass(frozen=True)
class Revision:
    words: list[str]
    sections: int
    summary: str
    minor: bool


def revisions_plan(
    rng: random.Random,
    template: Template,
    *,
    words: list[str],
    versions: int,
    vocabulary: Callable[[], str],
    created: str,
) -> list[Revision]:
    """Revisions 1..`versions`, the last with `words` and every section. Each edit
    changes one to three words (a copyedit, sometimes minor) or adds a section,
    so that no revision equals the one before it (the services would not save
    it). Word 0, the intro's, never changes."""
    sections = len(template.sections)
    grown = rng.randint(0, max(0, min(versions - 1, sections - 2, 2)))
    growth = set(rng.sample(range(2, versions + 1), grown))
    plan = []
    for version in range(versions, 1, -1):
        if version in growth:
            plan.append(Revision(words, sections, "Added a section", False))
            sections -= 1
            continue
        changed = rng.sample(range(1, template.words), rng.randint(1, 3))
        minor = len(changed) == 1 and rng.random() < 0.5
        plan.append(Revision(words, sections, rng.choice(SUMMARIES), minor))
        words = list(words)
        for slot in changed:
            old = words[slot]
            while words[slot] == old:
                words[slot] = vocabulary()
    plan.append(Revision(words, sections, created, False))
    return plan[::-1]


def revision_rows(
    template: Template,
    values: dict[str, list[str]],
    plan: list[Revision],
    *,
    times: list,
    editors: list[int],
    text: str,
    facts: Callable[[int], dict],
) -> list[dict]:
    """The historical rows of `plan` as simple_history and RevisionInfo fill them;
    `text` names the markdown field, `facts(version)` are the other fields."""
    rows, previous = [], 0
    for version, revision in enumerate(plan, 1):
        body = template.body({**values, "word": revision.words}, revision.sections)
        size = len(body.encode())
        rows.append(
            {
                **facts(version),
                text: body,
                "size": size,
                "version": version,
                "created_at": times[0],
                "updated_at": times[version - 1],
                "size_change": size - previous,
                "minor": revision.minor,
                "history_date": times[version - 1],
                "history_user_id": editors[version - 1],
                "history_type": "+" if version == 1 else "~",
                "history_change_reason": revision.summary,
            }
        )
        previous = size
    return rows


def character_facts(rng: random.Random, *, name: str, slug: str, alias: str) -> dict:
    """A character's fields besides its biography: what the list filters on."""
    seasons = sorted(rng.sample([1, 2, 3], rng.randint(1, 3)))
    status = rng.choices(Status.values, weights=(45, 25, 15, 5, 10))[0]
    spoiler = status != Status.ALIVE and rng.random() < 0.5
    actor = [coined(rng.randrange(4000), end).capitalize() for end in ("ra", "ez")]
    return {
        "name": name,
        "slug": slug,
        "aliases": alias,
        "portrait": "",
        "actor": " ".join(actor),
        "role": rng.choices(Role.values, weights=(40, 10, 10, 8, 6, 4, 8, 4))[0],
        "status": status,
        "status_spoiler_season": seasons[-1] if spoiler else None,
        "seasons": ",".join(map(str, seasons)),
    }


def event_facts(
    rng: random.Random, *, title: str, slug: str, characters: list[int], latest: date
) -> dict:
    """An event's fields besides its description, dated 2019-2028; its sources
    were published by `latest`."""
    precision = rng.choices(DatePrecision.values, (50, 20, 10, 5, 5, 5, 5))[0]
    day = period_start(date(2019, 1, 1) + timedelta(rng.randrange(3650)), precision)
    return {
        "title": title,
        "slug": slug,
        "date": day,
        "precision": precision,
        "kind": rng.choice(EventKind.values),
        "season": 1 if day.year < 2022 else 2 if day.year < 2025 else 3,
        "sources": [
            {
                "publisher": f"{coined(n, 'a').capitalize()} Daily",
                "title": " ".join(rng.sample(LOREM, 6)).capitalize(),
                "date": min(day, latest).isoformat(),
                "url": f"https://example.org/{slug}/{n}",
            }
            for n in range(rng.randint(1, 2))
        ],
        "character_ids": sorted(rng.sample(characters, rng.randint(0, 4))),
    }


def _token_urls(titles: frozenset[str], kinds: tuple[str, ...]) -> dict[str, str]:
    urls = {}
    for title in titles:
        index = int(TOKEN.fullmatch(title)[2])
        if kinds[index] != "missing":
            slug = f"zqzslug{index:02d}q"
            urls[title] = reverse(f"{kinds[index]}_detail", kwargs={"slug": slug})
    return urls


class _Writer:
    """Markdown with every construct the renderer has: headings, lists, a table,
    footnotes, emphasis, external and category links, sometimes a spoiler."""

    def __init__(self, rng: random.Random, links: int):
        self.rng = rng
        self.links_left = links
        self.link_count = 0
        self.words = 0
        self.notes: list[str] = []

    def sections(self, size: int) -> list[str]:
        # Word slot 0 is in every intro: the generator puts a rare word there.
        opening = self.sentence()
        intro = f"Lorem ipsum {self._word()} {opening[0].lower()}{opening[1:]}"
        intro += f" {self.sentence()}"
        sections = [f"{intro}\n\n"]
        blocks = [self._list, self._ordered, self._table, self._paragraph]
        while sum(map(len, sections)) < size * 0.8:
            block = blocks[len(sections) % len(blocks)]
            if len(sections) == 3 and self.rng.random() < 0.3:
                block = self._spoiler
            heading = " ".join(self.rng.sample(LOREM, self.rng.randint(1, 3)))
            sections.append(f"# {heading.capitalize()}\n\n{self._paragraph()}{block()}")
        if self.links_left:
            sections.append(self._see_also())
        return sections

    def footer(self) -> str:
        notes = "".join(f"[^{n}]: {note}\n" for n, note in enumerate(self.notes, 1))
        return f"{notes}\n[[Category:Zqzcat00q]]\n"

    def sentence(self, link_chance: float = 0.25) -> str:
        words = self.rng.choices(LOREM, k=self.rng.randint(7, 15))
        for _ in range(self.rng.randint(0, 2)):
            words.insert(self.rng.randrange(1, len(words)), self._word())
        if self.links_left and self.rng.random() < link_chance:
            words.insert(self.rng.randrange(1, len(words)), self._link())
        styled = self.rng.random()
        if styled < 0.3:
            words[2] = f"**{words[2]}**" if styled < 0.15 else f"*{words[2]}*"
        elif styled < 0.35:
            words[-1] = f"[{words[-1]}](https://example.org/{words[-1]})"
        elif styled < 0.4:
            words[-1] = f"`{words[-1]}()`"
        elif styled < 0.42:
            words[-1] = f"[[:Category:{self.rng.choice(CATEGORIES)}]]"
        text = " ".join(words) + "."
        text = text[0].upper() + text[1:]
        if self.rng.random() < 0.15:
            note = " ".join(self.rng.choices(LOREM, k=6)).capitalize()
            self.notes.append(f"{note}.")
            text += f"[^{len(self.notes)}]"
        return text

    def _word(self) -> str:
        self.words += 1
        return f"zqzword{self.words - 1:02d}q"

    def _link(self, labelled: bool = True) -> str:
        self.links_left -= 1
        self.link_count += 1
        token = f"Zqzlink{self.link_count - 1:02d}q"
        if labelled and self.rng.random() < 0.2:
            return f"[[{token}|{self.rng.choice(LOREM)} {self.rng.choice(LOREM)}]]"
        return f"[[{token}]]"

    def _paragraph(self) -> str:
        count = self.rng.randint(2, 5)
        return " ".join(self.sentence() for _ in range(count)) + "\n\n"

    def _list(self) -> str:
        items = [f"- {self.sentence(0.4)}" for _ in range(self.rng.randint(2, 4))]
        items.insert(1, f"    - {self.sentence(0.4)}")
        return "\n".join(items) + "\n\n"

    def _ordered(self) -> str:
        count = self.rng.randint(2, 4)
        return (
            "".join(f"{n}. {self.sentence(0.4)}\n" for n in range(1, count + 1)) + "\n"
        )

    def _table(self) -> str:
        head = " | ".join(word.capitalize() for word in self.rng.sample(LOREM, 3))
        rows = [f"| {head} |", "|---|:---:|---:|"]
        for _ in range(self.rng.randint(2, 5)):
            # A label's "|" would end the table cell.
            first = (
                self._link(labelled=False)
                if self.links_left
                else self.rng.choice(LOREM)
            )
            rows.append(f"| {first} | {self._word()} | {self.rng.randint(1, 99)} |")
        return "\n".join(rows) + "\n\n"

    def _spoiler(self) -> str:
        season = self.rng.randint(1, 3)
        return f":::spoiler {season}\n{self._paragraph()}:::\n\n"

    def _see_also(self) -> str:
        items = "".join(f"- {self._link()}\n" for _ in range(self.links_left))
        return f"# See also\n\n{items}\n"
