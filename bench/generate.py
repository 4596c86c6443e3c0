"""Fill a migrated, empty database with a synthetic wiki of N pages for `make bench`.

    python bench/generate.py --pages 1000 [--seed 1]

or, after django.setup(), `generate(pages=1000, seed=1)`; both return (the script
prints) a summary. The database is the one DATABASE_URL names, SQLite or PostgreSQL.

Lorem-like pages "Bench page 00000"…, characters and timeline events in three
seasons, each with revisions, are written with bulk_create, a transaction per
batch: the per-object services would take hours. What the services derive is
written too (rendered HTML, links, categories, aliases, the search index, edit
counts) as they derive it: bodies come from templates rendered by the real renderer
(bodies.py), and at the end a sample is derived again through the registered
`prepare` and search document, failing loudly on any difference.
"""
# Run as a script, Django is set up before the models are imported:
# ruff: noqa: E402

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from itertools import accumulate
from pathlib import Path

import django

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR))  # bodies.py, however this module was imported
if __name__ == "__main__":
    sys.path.insert(0, str(BENCH_DIR.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()

import bodies
from django.conf import settings
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX, make_password
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import Count

from accounts.models import User
from accounts.services import system_user_ensure
from characters.models import Character, CharacterAlias
from moderation.services import moderators_add
from search.documents import Document, document_for
from search.models import SearchEntry, SearchName
from search.querying import results
from search.services import _vector
from timeline.dates import period_end
from timeline.models import Event
from timeline.services import season_create
from wiki.models import CategoryMembership, Page, PageLink
from wiki.revisions import entries, entry_for
from wiki.services import page_create
from wiki.titles import slug_for_title

PASSWORD = "bench-password"
# The markdown field and the first revision's summary (the services' defaults).
CONTENT = {
    Page: ("body", "Created the page"),
    Character: ("biography", "Created the character"),
    Event: ("description", "Added the event"),
}
SEARCH_FIELDS = ("kind", "object_id", "title", "slug", "extra", "text", "spoilers")
BATCH = 1000  # objects per transaction
VOCABULARY = 20_000
# History ends here (or yesterday, if that is earlier): reproducible, and older
# than any edit the benchmark itself makes.
HISTORY_END = datetime(2026, 11, 1, tzinfo=UTC)
HISTORY_DAYS = 3 * 365
SEASONS = [  # number, status, first day of the release period, its precision
    (1, "released", date(2021, 3, 1), "month"),
    (2, "released", date(2023, 7, 1), "quarter"),
    (3, "announced", date(2027, 1, 1), "year"),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, required=True)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    print(json.dumps(generate(args.pages, args.seed), indent=2))


def generate(pages: int, seed: int = 1) -> dict:
    """Generate the wiki; return counts, timings and sample values for the load test."""
    if pages < 10:
        raise ValueError("Generate at least 10 pages.")
    if Page.objects.exists():
        raise RuntimeError("generate.py fills an empty database; this one has pages.")
    return _Generator(pages, seed).run()


@dataclass
class _Item:
    """One piece of content: its current row, its revisions and derived data."""

    history: list[dict]
    links: list[str]  # slugs, as PageLink stores them
    category: str
    filled: bodies.Filled
    obj: object = None
    aliases: tuple[str, ...] = ()
    extra: str = ""


@contextmanager
def _timestamps_kept(*models):
    """bulk_create stamps auto_now fields with the present; this history is past."""
    fields = [
        field
        for model in models
        for field in model._meta.concrete_fields
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
    ]
    saved = [(field, field.auto_now, field.auto_now_add) for field in fields]
    for field in fields:
        field.auto_now = field.auto_now_add = False
    try:
        yield
    finally:
        for field, auto_now, auto_now_add in saved:
            field.auto_now, field.auto_now_add = auto_now, auto_now_add


class _Generator:
    def __init__(self, pages: int, seed: int):
        self.rng = random.Random(seed)
        self.seed = seed
        self.started = time.perf_counter()
        self.counts = Counter()
        self.page_count = pages
        self.width = max(5, len(str(pages - 1)))
        self.end = min(HISTORY_END, datetime.now(UTC) - timedelta(days=1))
        self.span = timedelta(days=HISTORY_DAYS).total_seconds()
        self.words = [bodies.coined(n, "um") for n in range(VOCABULARY)]
        # Each page's intro has a word that it shares with two other pages only.
        self.few_word = bodies.coined(2, "ix")
        self.few_titles = [self._page_link(n)[0] for n in (6, 7, 8)]

    def run(self) -> dict:
        self._tune_database()
        self._log("templates")
        build = bodies.templates_build
        many = min(300, max(60, self.page_count // 20))
        self.page_templates = build(self.rng, many, sizes=(3300, 4700), links=(5, 15))
        self.bio_templates = build(self.rng, 40, sizes=(500, 1400), links=(2, 5))
        self.event_templates = build(self.rng, 30, sizes=(250, 700), links=(1, 3))
        self._log("users and seasons")
        self._users()
        self._seasons()
        with _timestamps_kept(Page, Character, Event, SearchEntry):
            self._characters()
            self._batches(Page, self.page_count, self._page)
            self.character_ids = list(Character.objects.values_list("pk", flat=True))
            events = max(20, self.page_count // 20)
            self._batches(Event, events, self._event, self._event_links)
        self._main_page()
        self._edit_counts()
        self._bench_accounts()
        self._verify()
        return self._summary()

    def _tune_database(self) -> None:
        # A generated database need not survive a power cut, so this connection's
        # commits do not wait for the disk; and the indexes of a 4 GB SQLite file
        # do not fit its default 2 MB page cache.
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                cursor.execute("PRAGMA cache_size = -1000000")
                cursor.execute("PRAGMA synchronous = NORMAL")
            elif connection.vendor == "postgresql":
                cursor.execute("SET synchronous_commit = off")

    def _log(self, what: str) -> None:
        print(f"[{time.perf_counter() - self.started:6.1f}s] {what}", flush=True)

    def _users(self) -> None:
        count = max(50, self.page_count // 100)
        self.joined = self.end - timedelta(days=HISTORY_DAYS + 30)
        users = User.objects.bulk_create(
            User(
                username=f"bench-user-{n:04d}",
                password=f"{UNUSABLE_PASSWORD_PREFIX}bench",
                date_joined=self.joined,
            )
            for n in range(count)
        )
        self.user_ids = [user.pk for user in users]
        # A few prolific editors and a long tail, as on any wiki.
        self.weights = list(accumulate(1 / (rank + 1) for rank in range(count)))
        self.counts["users"] = count

    def _seasons(self) -> None:
        """Through the real service: there are three, and the season choices'
        cache must hear of them."""
        self.system_user = system_user_ensure()
        for number, status, released, precision in SEASONS:
            values = {"number": number, "status": status, "release_date": released}
            values["release_precision"] = precision
            season_create(
                user=self.system_user, values=values, summary="Added the season"
            )

    # Content ---------------------------------------------------------------------

    def _page_link(self, index: int) -> tuple[str, str, str]:
        """(written title, slug of its URL, slug of the link), as for any link."""
        title = f"Bench page {index:0{self.width}d}"
        slug = title.lower().replace(" ", "-")
        return title, slug, slug

    def _links(self, template: bodies.Template, own: tuple) -> list[tuple]:
        links = []
        for kind in template.link_kinds:
            link = own
            while link == own:
                if kind == "page":
                    link = self._page_link(self.rng.randrange(self.page_count))
                elif kind == "character":
                    link = self.rng.choice(self.character_links)
                else:
                    number = self.rng.randrange(self.page_count // 10)
                    link = (f"Missing topic {number}", "", f"missing-topic-{number}")
            links.append(link)
        return links

    def _word(self) -> str:
        # Log-uniform: a few words are everywhere, most are in a few pages.
        return self.words[int(VOCABULARY ** self.rng.random()) - 1]

    def _item(self, model, template, *, words, versions, facts, **derived) -> _Item:
        """`model`'s object with its revisions and what its text derives;
        `facts(version)` are its other fields at each version."""
        text, created = CONTENT[model]
        first = facts(1)
        own = (first[entry_for(model).title_field], first["slug"], first["slug"])
        links = self._links(template, own)
        category = self.rng.choice(bodies.CATEGORIES)
        values = bodies.values_for([link[:2] for link in links], words, category)
        plan = bodies.revisions_plan(
            self.rng,
            template,
            words=words,
            versions=versions,
            vocabulary=self._word,
            created=created,
        )
        start = self.rng.random() * self.span
        offsets = [start, *sorted(self.rng.uniform(start, self.span) for _ in plan[1:])]
        history = bodies.revision_rows(
            template,
            values,
            plan,
            text=text,
            facts=facts,
            times=[self.end - timedelta(seconds=self.span - s) for s in offsets],
            editors=self.rng.choices(
                self.user_ids, cum_weights=self.weights, k=versions
            ),
        )
        filled = template.render(values)
        names = {field.attname for field in model._meta.concrete_fields}
        current = {k: v for k, v in history[-1].items() if k in names}
        derived |= {"rendered_html": filled.html, "rendered_toc": filled.toc}
        obj = model(**current, **{k: v for k, v in derived.items() if k in names})
        slugs = sorted({link[2] for link in links})
        return _Item(history, slugs, category, filled, obj)

    def _characters(self) -> None:
        count = max(20, self.page_count // 20)
        names, self.character_links = [], []
        for n in range(count):
            first = bodies.coined(n, "n").capitalize()
            name = f"{first} {bodies.coined(self.rng.randrange(4000), 'son').title()}"
            alias = first if self.rng.random() < 0.5 else ""
            slug = slug_for_title(name)
            names.append((name, slug, alias))
            self.character_links.append((name, slug, slug))
            if alias:  # [[Alias]] leads to the character too
                self.character_links.append((alias, slug, slug_for_title(alias)))
        self.character_facts = [
            bodies.character_facts(self.rng, name=n, slug=s, alias=a)
            for n, s, a in names
        ]
        self._batches(Character, count, self._character, self._aliases)

    def _character(self, index: int) -> _Item:
        facts = self.character_facts[index]
        template = self.rng.choice(self.bio_templates)
        versions = self.rng.choice([1, 2, 2, 3, 3, 3, 4, 5])
        learnt = self.rng.randint(1, versions)  # what became of the character
        item = self._item(
            Character,
            template,
            versions=versions,
            words=[self._word() for _ in range(template.words)],
            facts=lambda v: facts if v >= learnt else {**facts, "status": "alive"},
        )
        item.aliases = (facts["aliases"],) if facts["aliases"] else ()
        item.extra = facts["actor"]
        return item

    def _aliases(self, items: list[_Item]) -> None:
        CharacterAlias.objects.bulk_create(
            CharacterAlias(character=item.obj, name=alias, slug=slug_for_title(alias))
            for item in items
            for alias in item.aliases
        )

    def _page(self, index: int) -> _Item:
        template = self.rng.choice(self.page_templates)
        title, slug, _ = self._page_link(index)
        words = [bodies.coined(index // 3, "ix")]  # the intro's few-pages word
        words += [self._word() for _ in range(template.words - 1)]
        versions = 1 + sum(self.rng.random() < 0.5 for _ in range(8))
        return self._item(
            Page,
            template,
            words=words,
            versions=versions,
            facts=lambda v: {"title": title, "slug": slug},
        )

    def _event(self, index: int) -> _Item:
        template = self.rng.choice(self.event_templates)
        title = f"Bench event {index:0{self.width}d}"
        facts = bodies.event_facts(
            self.rng,
            title=title,
            slug=title.lower().replace(" ", "-"),
            characters=self.character_ids,
            latest=self.end.date(),
        )
        return self._item(
            Event,
            template,
            versions=self.rng.choice([1, 1, 2, 2, 3, 4]),
            words=[self._word() for _ in range(template.words)],
            facts=lambda v: facts,
            date_end=period_end(facts["date"], facts["precision"]),
        )

    def _event_links(self, items: list[_Item]) -> None:
        through = Event.characters.through
        through.objects.bulk_create(
            through(event_id=item.obj.pk, character_id=character)
            for item in items
            for character in item.obj.character_ids
        )

    # Writing ---------------------------------------------------------------------

    def _batches(self, model, count: int, make, after=None) -> None:
        """Make and write `count` objects of `model`, a transaction per batch."""
        kind = entry_for(model).kind
        for start in range(0, count, BATCH):
            done = min(count, start + BATCH)
            self._write(model, [make(n) for n in range(start, done)], after)
            if done * 10 // count != start * 10 // count:
                self._log(f"{kind}s: {done}/{count}")

    def _write(self, model, items: list[_Item], after=None) -> None:
        """Every row the services' saves would have written for `items`."""
        entry = entry_for(model)
        history = entry.history_model
        with transaction.atomic():
            model.objects.bulk_create([item.obj for item in items], batch_size=500)
            history.objects.bulk_create(
                [
                    history(id=item.obj.pk, **row)
                    for item in items
                    for row in item.history
                ],
                batch_size=500,
            )
            source_type = ContentType.objects.get_for_model(model)
            sources = [
                {
                    "source_type": source_type,
                    "source_id": item.obj.pk,
                    "source_title": entry.title_of(item.obj),
                    "source_url": item.obj.get_absolute_url(),
                }
                for item in items
            ]
            PageLink.objects.bulk_create(
                [
                    PageLink(**source, target_slug=slug)
                    for source, item in zip(sources, items, strict=True)
                    for slug in item.links
                ],
                batch_size=500,
            )
            CategoryMembership.objects.bulk_create(
                CategoryMembership(
                    **source,
                    category_slug=slug_for_title(item.category),
                    category_name=item.category,
                )
                for source, item in zip(sources, items, strict=True)
            )
            self._index(entry, items)
            if after is not None:
                after(items)
        self.counts[f"{entry.kind}s"] += len(items)
        self.counts[f"{entry.kind}_revisions"] += sum(len(i.history) for i in items)

    def _index(self, entry, items: list[_Item]) -> None:
        """Search entries and names as search.services.document_write makes them,
        with each template's text extracted once (bodies.py)."""
        rows = SearchEntry.objects.bulk_create(
            [self._search_entry(entry, item) for item in items], batch_size=500
        )
        SearchName.objects.bulk_create(
            [
                SearchName(
                    entry=row, name=name, slug=slug_for_title(name), is_title=n == 0
                )
                for row, item in zip(rows, items, strict=True)
                for n, name in enumerate((row.title, *item.aliases))
            ],
            batch_size=500,
        )

    def _search_entry(self, entry, item: _Item) -> SearchEntry:
        document = Document(
            kind=entry.kind,
            object_id=item.obj.pk,
            title=entry.title_of(item.obj),
            slug=item.obj.slug,
            aliases=item.aliases,
            extra=item.extra,
            text=item.filled.text,
            spoilers=item.filled.spoilers,
        )
        postgres = connection.vendor == "postgresql"
        return SearchEntry(
            **{name: getattr(document, name) for name in SEARCH_FIELDS},
            aliases="\n".join(document.aliases),
            search_vector=_vector(document) if postgres else None,
            updated_at=item.obj.updated_at,
        )

    def _main_page(self) -> None:
        """The page the home page shows, through the real service: it is one."""
        pages = "".join(f"- [[{self._page_link(n)[0]}]]\n" for n in range(10))
        categories = "".join(f"- [[:Category:{name}]]\n" for name in bodies.CATEGORIES)
        body = (
            "Lorem ipsum: a generated wiki for load tests.\n\n"
            f"# Some pages\n\n{pages}\n# Categories\n\n{categories}"
        )
        self.main_page = page_create(
            user=self.system_user, title=settings.MAIN_PAGE_TITLE, body=body
        )

    def _edit_counts(self) -> None:
        """User.edit_count as the services keep it: one per revision saved."""
        counts = Counter()
        for entry in entries():
            rows = entry.history_model.objects.values_list("history_user_id")
            for user_id, count in rows.annotate(count=Count("pk")).order_by():
                counts[user_id] += count
        counts.pop(None, None)
        User.objects.bulk_update(
            [User(pk=pk, edit_count=count) for pk, count in counts.items()],
            ["edit_count"],
            batch_size=500,
        )

    def _bench_accounts(self) -> None:
        """The load test's log-ins; the editors are moderators, whom no rate
        limit applies to."""
        hashed = make_password(PASSWORD)  # slow on purpose: hash once
        self.accounts = {
            role: User.objects.bulk_create(
                User(
                    username=f"bench-{role}-{n}",
                    password=hashed,
                    date_joined=self.joined,
                )
                for n in range(8)
            )
            for role in ("reader", "editor")
        }
        moderators_add(users=self.accounts["editor"], by=self.system_user)

    # Checks and summary ----------------------------------------------------------

    def _verify(self) -> None:
        """Derive a sample again as the services do and compare; raise on any
        difference. Search must find the few pages of a rare word."""
        self._log("checking a sample against the real renderer and search")
        for model in (Page, Character, Event):
            pks = list(model.objects.order_by("pk").values_list("pk", flat=True))
            sample = {pks[0], pks[len(pks) // 2], pks[-1], *self.rng.sample(pks, 5)}
            for pk in sorted(sample):
                self._verify_one(model, pk)
        found = {hit.title for hit in results([self.few_word], offset=0, limit=10)}
        if found != set(self.few_titles):
            raise RuntimeError(f"search for {self.few_word!r} found {sorted(found)}")
        if len(results(["lorem"], offset=0, limit=20)) != 20:
            raise RuntimeError("search for 'lorem' found fewer than 20 results")

    def _verify_one(self, model, pk: int) -> None:
        entry = entry_for(model)
        stored, fresh = model.objects.get(pk=pk), model.objects.get(pk=pk)
        slugs = entry.prepare(fresh)
        wrong = [
            name
            for name in (*entry.derived_fields, "size")
            if getattr(fresh, name) != getattr(stored, name)
        ]
        source_type = ContentType.objects.get_for_model(model)
        source = {"source_type": source_type, "source_id": pk}
        links = PageLink.objects.filter(**source).values_list("target_slug", flat=True)
        if set(links) != slugs:
            wrong.append("links")
        categories = CategoryMembership.objects.filter(**source)
        names = categories.values_list("category_name", flat=True)
        if set(names) != fresh.rendered_categories:
            wrong.append("categories")
        document = document_for(fresh, kind=entry.kind, title_field=entry.title_field)
        row = SearchEntry.objects.get(kind=entry.kind, object_id=pk)
        for name in SEARCH_FIELDS:
            if getattr(row, name) != getattr(document, name):
                wrong.append(f"search {name}")
        names = SearchName.objects.filter(entry=row).values_list("name", flat=True)
        aliases = "\n".join(document.aliases)
        if row.aliases != aliases or set(names) != {document.title, *document.aliases}:
            wrong.append("search names")
        revisions = list(stored.history.order_by("version"))
        if [r.version for r in revisions] != list(range(1, stored.version + 1)):
            wrong.append("versions")
        if any(getattr(revisions[-1], n) != getattr(stored, n) for n in entry.fields):
            wrong.append("last revision")
        if sum(r.size_change for r in revisions) != stored.size:
            wrong.append("size changes")
        if wrong:
            raise RuntimeError(f"{entry.kind} {stored}: {', '.join(wrong)} differ")

    def _summary(self) -> dict:
        facts = Counter((f["status"], f["role"]) for f in self.character_facts)
        (status, role), matches = facts.most_common(1)[0]
        step = self.page_count // 10
        return {
            "database": connection.vendor,
            "seed": self.seed,
            **dict(sorted(self.counts.items())),
            "seasons": len(SEASONS),
            "categories": len(bodies.CATEGORIES),
            "page_links": PageLink.objects.count(),
            "category_memberships": CategoryMembership.objects.count(),
            "search_entries": SearchEntry.objects.count(),
            "elapsed_seconds": round(time.perf_counter() - self.started, 1),
            "main_page_slug": self.main_page.slug,
            "page_slugs": [self._page_link(n)[1] for n in range(0, 10 * step, step)],
            "character_slugs": [f["slug"] for f in self.character_facts[:5]],
            "event_slugs": [f"bench-event-{n:0{self.width}d}" for n in range(5)],
            "category_slugs": [slug_for_title(name) for name in bodies.CATEGORIES],
            "character_filter": f"status={status}&role={role}",
            "character_filter_matches": matches,
            # Every intro starts with "Lorem ipsum", the main page's too.
            "search_word_many": "lorem",
            "search_word_many_matches": SearchEntry.objects.count(),
            "search_word_few": self.few_word,
            "search_word_few_matches": len(self.few_titles),
            "readers": [user.username for user in self.accounts["reader"]],
            "editors": [user.username for user in self.accounts["editor"]],
            "password": PASSWORD,
        }


if __name__ == "__main__":
    main()
