"""Loading the shipped content through the same forms and services fans use.

Each record is validated by the form a fan would fill in (so shipped content obeys
every rule fans' content does) and written by the content services (so it has its
revision 1, rendered HTML and stored links). Whatever already exists, matched by
its address, is left exactly as it is: seeding again changes nothing and never
overwrites an edit. Whatever existed once and was deleted stays deleted.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.forms import modelform_factory

from accounts.services import system_user_ensure
from characters.forms import CharacterForm
from characters.models import Character, CharacterAlias
from characters.services import character_create
from seed.fixtures import FixtureError, Fixtures
from timeline.forms import EventForm, SourceForm
from timeline.models import Event, Season
from timeline.services import event_create, season_choices_forget, season_create
from wiki.forms import PageCreateForm
from wiki.models import Page
from wiki.services import page_create
from wiki.titles import normalise_title, slug_for_title


@dataclass
class SeedReport:
    """How many records of each kind were created, left as they were, or left
    deleted (a moderator removed them: seeding again must not bring them back)."""

    created: dict[str, int] = field(default_factory=dict)
    kept: dict[str, int] = field(default_factory=dict)
    deleted: dict[str, int] = field(default_factory=dict)

    def count(self, kind: str, state: str) -> None:
        tally = getattr(self, state)
        tally[kind] = tally.get(kind, 0) + 1

    def __str__(self) -> str:
        def words(tally: dict[str, int]) -> str:
            # The kinds are plural nouns: "1 page", "8 characters".
            return ", ".join(
                f"{n} {kind if n != 1 else kind[:-1]}" for kind, n in tally.items()
            )

        text = f"Created {words(self.created) or 'nothing'}"
        if self.kept:
            text += f"; left {words(self.kept)} unchanged"
        if self.deleted:
            text += f"; left {words(self.deleted)} deleted"
        return f"{text}."


SeasonForm = modelform_factory(
    Season, fields=("number", "title", "status", "release_date", "release_precision")
)


def content_seed(*, fixtures: Fixtures) -> SeedReport:
    """Create what the fixtures describe and the wiki lacks, in one transaction.

    Raises FixtureError, with nothing written, when a record fails validation.
    Seasons come first (the forms offer only existing seasons), characters before
    the events that name them.
    """
    report = SeedReport()
    try:
        with transaction.atomic():
            user = system_user_ensure()
            for seed_kind in (
                _seed_seasons,
                _seed_characters,
                _seed_events,
                _seed_pages,
            ):
                seed_kind(fixtures, user=user, report=report)
    except Exception:
        # Forms read the seasons through the cache during the transaction; what
        # they cached from rolled-back rows must not outlive it.
        season_choices_forget()
        raise
    return report


def _seed_seasons(fixtures: Fixtures, *, user, report: SeedReport) -> None:
    for values in fixtures.seasons:
        number = values.get("number")
        if _seed_state(report, "seasons", Season, number=number):
            form = _valid(SeasonForm(_season_data(values)), f"season {number}")
            season_create(user=user, values=form.cleaned_data, summary=fixtures.summary)


def _seed_characters(fixtures: Fixtures, *, user, report: SeedReport) -> None:
    for record in fixtures.characters:
        slug = _slug(record.name)
        if CharacterAlias.objects.filter(slug=slug).exists():
            report.count("characters", "kept")  # a fan's alias holds the name
        elif _seed_state(report, "characters", Character, slug=slug):
            values = _character_values(record)
            with _labelled(f"character “{record.name}”"):
                character_create(user=user, values=values, summary=fixtures.summary)


def _seed_events(fixtures: Fixtures, *, user, report: SeedReport) -> None:
    for record in fixtures.events:
        if _seed_state(report, "events", Event, slug=_slug(record.title)):
            values = _event_values(record)
            with _labelled(f"event “{record.title}”"):
                event_create(user=user, values=values, summary=fixtures.summary)


def _seed_pages(fixtures: Fixtures, *, user, report: SeedReport) -> None:
    for record in fixtures.pages:
        if _seed_state(report, "pages", Page, slug=_slug(record.title)):
            label = f"page “{record.title}”"
            data = {"title": record.title, "body": record.body}
            cleaned = _valid(PageCreateForm(data), label).cleaned_data
            with _labelled(label):
                page_create(
                    user=user,
                    title=cleaned["title"],
                    body=cleaned["body"],
                    summary=fixtures.summary,
                )


def _slug(title: str) -> str:
    return slug_for_title(normalise_title(title))


def _seed_state(report: SeedReport, kind: str, model, **lookup) -> bool:
    """Count the record and say whether to create it: only if it never existed."""
    if model.objects.filter(**lookup).exists():
        state = "kept"
    elif model.history.filter(**lookup).exists():
        state = "deleted"
    else:
        state = "created"
    report.count(kind, state)
    return state == "created"


@contextmanager
def _labelled(label: str):
    """A service's refusal (a rule only the database can check) as a FixtureError."""
    try:
        yield
    except ValidationError as error:
        raise FixtureError(f"{label}: {' '.join(error.messages)}") from error


def _season_data(values: dict) -> dict:
    """The season's values, with the model's defaults for what a record leaves out
    (a form, unlike the model, has no defaults)."""
    fields = (Season._meta.get_field(name) for name in SeasonForm.base_fields)
    defaults = {f.name: f.default for f in fields if f.has_default()}
    return {**defaults, **values}


def _character_values(record) -> dict:
    data = {"aliases": "", "status_spoiler_season": "", **record.values}
    form = _valid(CharacterForm(data), f"character “{record.name}”")
    return form.content_values()


def _event_values(record) -> dict:
    label = f"event “{record.title}”"
    names = {_slug(name): name for name in record.character_names}
    # By name, or else by alias, as a [[link]] to the name would resolve.
    ids = dict(
        CharacterAlias.objects.filter(slug__in=names).values_list("slug", "character")
    )
    ids.update(Character.objects.filter(slug__in=names).values_list("slug", "pk"))
    missing = [name for slug, name in names.items() if slug not in ids]
    if missing:
        raise FixtureError(f"{label}: no character named {', '.join(missing)}.")
    if not record.sources:
        raise FixtureError(f"{label}: cite at least one source.")
    sources = [
        _valid(SourceForm(source), f"{label}, source {n}").as_source()
        for n, source in enumerate(record.sources, start=1)
    ]
    form = _valid(
        EventForm({**record.values, "character_ids": list(ids.values())}), label
    )
    return form.content_values(sources)


def _valid(form, label: str):
    if not form.is_valid():
        problems = "; ".join(
            f"{name}: {' '.join(errors)}" for name, errors in form.errors.items()
        )
        raise FixtureError(f"{label}: {problems}")
    return form
