"""Reading the shipped content from `fixtures/`: JSON records and markdown files.

Nothing here touches the database. The files are checked for shape (missing keys,
unknown citation keys, missing markdown files) so that a broken fixture is a clear
message naming the file and the record; the content itself is then validated by
the same forms fans use (see seed.services).

Citations are defined once, in `sources.json`. Markdown cites them with footnote
references (`[^article]`); the definitions are appended here, so every shipped
text is self-contained and every footnote reads the same.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from timeline.describe import source_date_words

FOOTNOTE_REFERENCE = re.compile(r"\[\^([^\]\s]+)\](?!:)")
FOOTNOTE_DEFINITION = re.compile(r"^\[\^([^\]\s]+)\]:", re.MULTILINE)
DOCUMENT_KEYS = ("publisher", "title", "date")


class FixtureError(Exception):
    """A fixture file is missing, malformed or refers to something undefined."""


@dataclass(frozen=True)
class PageRecord:
    title: str
    body: str


@dataclass(frozen=True)
class CharacterRecord:
    name: str
    values: dict  # the form's fields, biography with its footnotes


@dataclass(frozen=True)
class EventRecord:
    title: str
    values: dict  # the form's fields but characters by name
    character_names: list[str]
    sources: list[dict]


@dataclass(frozen=True)
class Fixtures:
    summary: str = "Imported"  # every revision 1 says where it came from
    seasons: list[dict] = field(default_factory=list)
    characters: list[CharacterRecord] = field(default_factory=list)
    events: list[EventRecord] = field(default_factory=list)
    pages: list[PageRecord] = field(default_factory=list)


def fixtures_read(directory: Path) -> Fixtures:
    """Every record of the shipped content in `directory`, with citations resolved."""
    reader = _Reader(Path(directory))
    sources = reader.load("sources.json")
    citations = reader.citations(sources)
    return Fixtures(
        summary=sources.get("summary") or Fixtures.summary,
        seasons=reader.records("seasons.json", ("number", "status")),
        characters=[
            CharacterRecord(
                name=record["name"],
                values={
                    **{k: v for k, v in record.items() if k != "biography"},
                    "biography": reader.markdown(record, "biography", citations),
                },
            )
            for record in reader.records(
                "characters.json", ("name", "actor", "role", "status", "biography")
            )
        ],
        events=[
            EventRecord(
                title=record["title"],
                values={
                    **{
                        k: v
                        for k, v in record.items()
                        if k not in ("characters", "sources", "description")
                    },
                    "description": reader.markdown(record, "description", citations),
                },
                character_names=list(record.get("characters", [])),
                sources=reader.sources(record, citations),
            )
            for record in reader.records(
                "events.json", ("title", "date", "precision", "kind", "sources")
            )
        ],
        pages=[
            PageRecord(
                title=record["title"],
                body=reader.markdown(record, "body", citations),
            )
            for record in reader.records("pages.json", ("title", "body"))
        ],
    )


def citation_footnote(citation: dict) -> str:
    """A footnote definition's text: “Title”, Publisher, 7 May 2024, quoting X."""
    title = f"“{citation['title']}”"
    if citation.get("page"):
        title = f"[[{citation['page']}|{title}]]"
    if citation.get("url"):
        title = f"[{title}]({citation['url']})"
    parts = [title, citation["publisher"], source_date_words(citation["date"])]
    text = ", ".join(parts)
    if citation.get("quoting"):
        text += f", quoting {citation['quoting']}"
    return f"{text}."


def footnotes_append(text: str, citations: dict[str, dict]) -> str:
    """`text` with a definition for each citation it refers to, in order of use.

    Unknown keys raise KeyError, so an undefined citation never ships as a
    dangling "[^key]"; a footnote the text defines itself is left to it.
    """
    defined = set(FOOTNOTE_DEFINITION.findall(text))
    keys = [
        k for k in dict.fromkeys(FOOTNOTE_REFERENCE.findall(text)) if k not in defined
    ]
    if not keys:
        return text
    definitions = [f"[^{key}]: {citation_footnote(citations[key])}" for key in keys]
    return text.rstrip("\n") + "\n\n" + "\n".join(definitions) + "\n"


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError as error:
        raise FixtureError(f"{path}: no such file.") from error
    except (OSError, UnicodeDecodeError) as error:
        raise FixtureError(
            f"{path}: cannot be read as UTF-8 text ({error})."
        ) from error


class _Reader:
    def __init__(self, directory: Path):
        self.directory = directory

    def load(self, name: str):
        path = self.directory / name
        try:
            return json.loads(_read_text(path))
        except json.JSONDecodeError as error:
            raise FixtureError(f"{path}: not valid JSON ({error}).") from error

    def records(self, name: str, required: tuple[str, ...]) -> list[dict]:
        records = self.load(name)
        if not isinstance(records, list):
            raise FixtureError(f"{self.directory / name}: expected a list of records.")
        for index, record in enumerate(records):
            if not isinstance(record, dict):
                raise FixtureError(
                    f"{self.directory / name}, record {index + 1}: not an object."
                )
            missing = [key for key in required if key not in record]
            if missing:
                raise FixtureError(
                    f"{self.directory / name}, record {index + 1}: "
                    f"missing {', '.join(missing)}."
                )
        return records

    def citations(self, data: dict) -> dict[str, dict]:
        """Citation key -> the source as events store it (publisher, title, date…)."""
        documents, citations = data.get("documents", {}), {}
        for key, citation in data.get("citations", {}).items():
            document = documents.get(citation.get("document"))
            if document is None or not all(document.get(k) for k in DOCUMENT_KEYS):
                raise FixtureError(
                    f"{self.directory / 'sources.json'}: citation “{key}” names no "
                    "document defined under “documents” with a "
                    f"{', '.join(DOCUMENT_KEYS)}."
                )
            citations[key] = {**document, **citation}
            citations[key].pop("document")
        return citations

    def sources(self, record: dict, citations: dict[str, dict]) -> list[dict]:
        unknown = [key for key in record["sources"] if key not in citations]
        if unknown:
            raise FixtureError(
                f"“{record['title']}”: unknown citation {', '.join(unknown)}."
            )
        return [
            {k: v for k, v in citations[key].items() if k != "page"}
            for key in record["sources"]
        ]

    def markdown(self, record: dict, key: str, citations: dict[str, dict]) -> str:
        """The markdown file a record names under `key`, with its footnotes."""
        name = record.get(key) or ""
        if not name:
            return ""
        if not isinstance(name, str):
            raise FixtureError(f"{record}: “{key}” names a markdown file.")
        path = self.directory / name
        if not path.resolve().is_relative_to(self.directory.resolve()):
            raise FixtureError(f"{name}: markdown files live inside {self.directory}.")
        text = _read_text(path)
        try:
            return footnotes_append(text, citations)
        except KeyError as error:
            raise FixtureError(
                f"{path}: unknown citation [^{error.args[0]}]."
            ) from None
