"""Event field values in words, for diffs and edit conflicts."""

from __future__ import annotations

from datetime import date

from timeline.dates import DatePrecision, describe


def source_line(source: dict) -> str:
    """One citation on one line: publisher, “title”, date, URL (quoting outlet)."""
    parts = [source.get("publisher", ""), f"“{source.get('title', '')}”"]
    if source.get("date"):
        parts.append(source_date_words(source["date"]))
    if source.get("url"):
        parts.append(source["url"])
    line = ", ".join(part for part in parts if part)
    if source.get("quoting"):
        line += f" (quoting {source['quoting']})"
    return line


def cited(sources: list[dict]) -> list[dict]:
    """Sources as the event page lists them, with their dates in words."""
    return [
        {**source, "date_words": source_date_words(source.get("date", ""))}
        for source in sources or []
    ]


def source_date_words(value: str) -> str:
    try:
        day = date.fromisoformat(value)
    except (TypeError, ValueError):
        return str(value)
    # timeline.dates names the months itself; strftime("%B") follows the locale.
    return describe(day, DatePrecision.DAY)


def describe_event_field(name: str, value) -> str | None:
    if name == "sources":
        return "\n".join(source_line(source) for source in value or []) or "—"
    if name == "season":
        return f"Season {value}" if value else "—"
    if name == "character_ids":
        from characters.models import Character

        names = dict(
            Character.objects.filter(pk__in=value or []).values_list("pk", "name")
        )
        return (
            ", ".join(names.get(pk, f"(removed character {pk})") for pk in value or [])
            or "—"
        )
    return None
