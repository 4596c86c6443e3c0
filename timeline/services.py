"""Writes to the timeline: events go through the shared revision services."""

from __future__ import annotations

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from accounts.models import User
from accounts.text import without_control_characters
from timeline.dates import period_end, period_start
from timeline.models import Event, Season
from wiki.links import render_wiki_markdown
from wiki.markdown import RenderError
from wiki.services import SaveResult, content_create, content_update
from wiki.titles import normalise_title, slug_for_title

EVENT_FIELDS = (
    "title",
    "date",
    "precision",
    "kind",
    "season",
    "description",
    "sources",
    "character_ids",
)
SEASON_CHOICES_KEY = "timeline:season-choices"


def event_prepare(event: Event) -> frozenset[str]:
    """Align the date to its period, render the description; return link slugs."""
    try:
        event.date = period_start(event.date, event.precision)
        event.date_end = period_end(event.date, event.precision)
    except ValueError as error:
        raise ValidationError({"date": str(error)}) from error
    try:
        rendered = render_wiki_markdown(event.description)
    except RenderError as error:
        raise ValidationError({"description": str(error)}) from error
    event.rendered_html = rendered.html
    event.rendered_categories = rendered.categories
    event.size = len(event.description.encode())
    return frozenset(slug_for_title(title) for title in rendered.link_targets)


def event_characters_sync(event: Event) -> None:
    """Make the characters relation match the versioned list of character ids."""
    from characters.models import Character

    ids = Character.objects.filter(pk__in=event.character_ids).values_list(
        "pk", flat=True
    )
    event.characters.set(list(ids))


def events_relink_character(character) -> None:
    """Give a restored character back to the events that list it.

    Deleting the character removed it from the events' relation, while their
    versioned `character_ids` kept it. Restores are rare, so every event is read
    (two columns) rather than keeping an index of a JSON list.
    """
    for event in Event.objects.only("pk", "character_ids"):
        if character.pk in event.character_ids:
            event.characters.add(character)


def event_create(*, user, values: dict, summary: str = "") -> Event:
    """Create an event at revision 1; a taken title is a ValidationError."""
    title = normalise_title(values["title"])
    values = {**values, "title": title, "slug": slug_for_title(title)}
    try:
        return content_create(
            model=Event, user=user, values=values, summary=summary or "Added the event"
        )
    except IntegrityError as error:
        raise ValidationError(
            {"title": "An event with this title already exists."}
        ) from error


def event_save(
    *, event: Event, user, values: dict, base_version: int, summary: str, minor=False
) -> SaveResult:
    """Save a new revision of the event, merging with any concurrent edit."""
    return content_update(
        obj=event,
        user=user,
        values=values,
        base_version=base_version,
        summary=summary,
        minor=minor,
    )


def season_create(*, user: User, values: dict, summary: str) -> Season:
    """Add a season (values already validated) with `user` and `summary` in its
    history."""
    with transaction.atomic():
        season = Season(**values)
        season._history_user = user
        season._change_reason = without_control_characters(summary)
        season.save()
    return season


def season_choices_cached() -> list[tuple[int, str]]:
    """The seasons readers and editors choose from; cached, since every page's
    spoiler menu shows them, and forgotten whenever a season is saved."""
    return cache.get_or_set(
        SEASON_CHOICES_KEY,
        lambda: [(season.number, str(season)) for season in Season.objects.all()],
        timeout=None,
    )


def season_choices_forget(**kwargs) -> None:
    cache.delete(SEASON_CHOICES_KEY)
    # A request may cache the old list before this transaction commits.
    transaction.on_commit(lambda: cache.delete(SEASON_CHOICES_KEY))
