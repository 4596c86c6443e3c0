"""Loading the shipped content through the same forms and services fans use.

Each record is validated by the form a fan would fill in (so shipped content obeys
every rule fans' content does) and written by the content services (so it has its
revision 1, rendered HTML and stored links). Whatever already exists, matched by
its address, is left exactly as it is: seeding again changes nothing and never
overwrites an edit.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction

from accounts.services import system_user_ensure
from characters.forms import CharacterForm
from characters.models import Character
from characters.services import character_create
from seed.fixtures import FixtureError, Fixtures
from timeline.forms import EventForm, SourceForm
from timeline.models import Event, Season
from timeline.services import event_create, season_create
from wiki.forms import PageCreateForm
from wiki.models import Page
from wiki.services import page_create
from wiki.titles import normalise_title, slug_for_title


@dataclass
class SeedReport:
    created: dict[str, int] = field(default_factory=dict)
    kept: dict[str, int] = field(default_factory=dict)

    def count(self, kind: str, *, created: bool) -> None:
        tally = self.created if created else self.kept
        tally[kind] = tally.get(kind, 0) + 1

    def __str__(self) -> str:
        def words(tally: dict[str, int]) -> str:
            return ", ".join(f"{n} {kind}" for kind, n in tally.items()) or "nothing"

        return f"Created {words(self.created)}; kept {words(self.kept)} as it was."


def content_seed(*, fixtures: Fixtures) -> SeedReport:
    """Create what the fixtures describe and the wiki lacks, in one transaction.

    Raises FixtureError, with nothing written, when a record fails validation.
    """
    report, summary = SeedReport(), fixtures.summary
    with transaction.atomic():
        user = system_user_ensure()
        for values in fixtures.seasons:
            created = not Season.objects.filter(number=values["number"]).exists()
            if created:
                season_create(user=user, values=values, summary=summary)
            report.count("seasons", created=created)
        for record in fixtures.characters:
            created = not _exists(Character, record.name)
            if created:
                character_create(
                    user=user, values=_character_values(record), summary=summary
                )
            report.count("characters", created=created)
        for record in fixtures.events:
            created = not _exists(Event, record.title)
            if created:
                event_create(user=user, values=_event_values(record), summary=summary)
            report.count("events", created=created)
        for record in fixtures.pages:
            created = not _exists(Page, record.title)
            if created:
                _valid(
                    PageCreateForm({"title": record.title, "body": record.body}),
                    f"page “{record.title}”",
                )
                page_create(
                    user=user, title=record.title, body=record.body, summary=summary
                )
            report.count("pages", created=created)
    return report


def _exists(model, title: str) -> bool:
    return model.objects.filter(slug=slug_for_title(normalise_title(title))).exists()


def _character_values(record) -> dict:
    data = {"aliases": "", "status_spoiler_season": "", **record.values}
    form = _valid(CharacterForm(data), f"character “{record.name}”")
    return form.content_values()


def _event_values(record) -> dict:
    names = {slug_for_title(name): name for name in record.character_names}
    ids = dict(Character.objects.filter(slug__in=names).values_list("slug", "pk"))
    missing = [name for slug, name in names.items() if slug not in ids]
    if missing:
        raise FixtureError(
            f"event “{record.title}”: no character named {', '.join(missing)}."
        )
    label = f"event “{record.title}”"
    form = _valid(
        EventForm({**record.values, "character_ids": list(ids.values())}), label
    )
    for source in record.sources:
        _valid(SourceForm(source), f"{label}, source “{source['title']}”")
    return form.content_values(record.sources)


def _valid(form, label: str):
    if not form.is_valid():
        problems = "; ".join(
            f"{name}: {' '.join(errors)}" for name, errors in form.errors.items()
        )
        raise FixtureError(f"{label}: {problems}")
    return form
