import json
from pathlib import Path

import pytest

SOURCES = {
    "summary": "Imported from the test article",
    "documents": {
        "news": {
            "publisher": "Test Times",
            "title": "A season is announced",
            "date": "2024-05-07",
        }
    },
    "citations": {
        "news": {"document": "news"},
        "herald": {"document": "news", "quoting": "The Herald"},
    },
}


def write_fixtures(directory: Path, **overrides) -> Path:
    """A small, valid fixture set in `directory`; `overrides` replace whole files."""
    files = {
        "sources.json": SOURCES,
        "seasons.json": [{"number": 1, "status": "released"}],
        "characters.json": [
            {
                "name": "Gyeong-su",
                "actor": "Kim Ha-na",
                "role": "student",
                "status": "unknown",
                "seasons": [1],
                "biography": "gyeong-su.md",
            }
        ],
        "events.json": [
            {
                "title": "Season 1 announced",
                "date": "2024-05-07",
                "precision": "day",
                "kind": "announcement",
                "season": 1,
                "characters": ["Gyeong-su"],
                "sources": ["news", "herald"],
                "description": "announced.md",
            }
        ],
        "pages.json": [{"title": "Front", "body": "front.md"}],
        **overrides,
    }
    for name, content in files.items():
        (directory / name).write_text(json.dumps(content), encoding="utf-8")
    markdown = {
        "gyeong-su.md": "A student of [[Front]].[^news]\n",
        "announced.md": "[[Gyeong-su]] is announced.\n",
        "front.md": "See [[Gyeong-su]] and [[Season 1 announced]].[^herald]\n",
    }
    for name, text in markdown.items():
        path = directory / name
        if not path.exists():
            path.write_text(text, encoding="utf-8")
    return directory


@pytest.fixture
def fixtures_dir(tmp_path) -> Path:
    return write_fixtures(tmp_path)
