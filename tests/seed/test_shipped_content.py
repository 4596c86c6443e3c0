"""The content the project ships (fixtures/), loaded into an empty database."""

import re
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from characters.models import Character
from timeline.dates import DatePrecision
from timeline.models import Event, EventKind, Season
from wiki.models import Page, PageLink

pytestmark = pytest.mark.django_db

CONTENT = (Page, Character, Event)
QUOTED_OUTLETS = {"The Korea Herald", "The Chosun Daily", "Netflix Korea's Instagram"}
# What the issue asks the shipped pages to cover, besides the main page.
TOPICS = {
    "All of Us Are Dead",
    "Season 1",
    "Season 2",
    "Hyosan High School",
    "Zombie outbreak",
    "Lee Jae-kyoo",
    "Reception of season 1",
    "Setting of season 2",
}
FOOTNOTE = re.compile(r'<a class="footnote-ref" href="#fn:([^"]+)"')


@pytest.fixture
def seeded(db):
    call_command("seed", stdout=StringIO())


def every_object():
    for model in CONTENT:
        yield from model.objects.all()


def test_every_object_has_exactly_one_revision_by_the_system_account(seeded):
    for obj in every_object():
        revisions = list(obj.history.all())
        assert len(revisions) == 1, obj
        assert obj.version == 1
        assert revisions[0].history_user.username == settings.SYSTEM_USERNAME
        assert revisions[0].history_change_reason == "Imported from the source article"
    for season in Season.objects.all():
        assert season.history.count() == 1


def test_nothing_shipped_has_a_red_link(seeded):
    for obj in every_object():
        assert "wikilink-missing" not in obj.rendered_html, obj


def test_the_issues_pages_and_a_main_page_ship(seeded):
    titles = set(Page.objects.values_list("title", flat=True))

    assert titles >= TOPICS | {settings.MAIN_PAGE_TITLE}


def test_every_page_and_biography_cites_the_source_article(seeded):
    for obj in [*Page.objects.all(), *Character.objects.all()]:
        assert FOOTNOTE.search(obj.rendered_html), obj
        assert "Source article" in obj.rendered_html, obj


def test_every_character_has_an_actor_and_a_citation(seeded):
    characters = list(Character.objects.all())

    assert len(characters) >= 8
    for character in characters:
        assert character.actor, character
        assert FOOTNOTE.search(character.rendered_html), character


def test_every_event_has_a_precision_a_kind_and_a_source(seeded):
    for event in Event.objects.all():
        assert event.precision in DatePrecision.values, event
        assert event.kind in EventKind.values, event
        assert event.sources, event
        for source in event.sources:
            assert source["publisher"] and source["title"] and source["date"]


def test_the_outlets_the_article_quotes_are_cited(seeded):
    texts = " ".join(obj.body for obj in Page.objects.all())

    for outlet in QUOTED_OUTLETS:
        assert f"quoting {outlet}." in texts, outlet


def test_every_page_links_to_others_and_is_linked_to(seeded):
    pages = {page.slug: page for page in Page.objects.all()}
    main = pages.pop(Page.objects.get(title=settings.MAIN_PAGE_TITLE).slug)
    linked_from_main = set(
        PageLink.objects.filter(
            source_id=main.pk, source_type__model="page"
        ).values_list("target_slug", flat=True)
    )

    assert set(pages) <= linked_from_main
    assert set(Character.objects.values_list("slug", flat=True)) <= linked_from_main
    for slug, page in pages.items():
        outgoing = PageLink.objects.filter(source_id=page.pk, source_type__model="page")
        assert outgoing.count() >= 3, page
        assert (
            PageLink.objects.filter(target_slug=slug)
            .exclude(source_id=main.pk, source_type__model="page")
            .exists()
        ), page


def test_events_are_linked_to_seasons_and_characters(seeded):
    events = list(Event.objects.all())

    assert all(event.season for event in events)
    assert any(event.characters.exists() for event in events)


def test_seeding_twice_is_a_no_op(seeded):
    before = {model: list(model.objects.values()) for model in (*CONTENT, Season)}
    history = {model: model.history.count() for model in (*CONTENT, Season)}
    links = list(PageLink.objects.values())

    call_command("seed", stdout=StringIO())

    for model, rows in before.items():
        assert list(model.objects.values()) == rows, model
        assert model.history.count() == history[model], model
    assert list(PageLink.objects.values()) == links


def test_every_shipped_object_reads_without_error(client, seeded):
    urls = [reverse("home")] + [obj.get_absolute_url() for obj in every_object()]

    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url


def test_seeding_after_fans_edited_keeps_every_edit(seeded, user):
    from characters.services import character_save
    from timeline.services import event_save
    from wiki.services import page_save

    page = Page.objects.get(title="Season 2")
    page_save(
        page=page,
        user=user,
        body="Fan text.\n",
        base_version=1,
        summary="",
        minor=False,
    )
    character = Character.objects.get(name="Nam-ra")
    character_save(
        character=character,
        user=user,
        values={"biography": "Fan biography.\n"},
        base_version=1,
        summary="",
    )
    event = Event.objects.order_by("pk").first()
    event_save(
        event=event,
        user=user,
        values={"description": "Fan note.\n"},
        base_version=1,
        summary="",
    )

    call_command("seed", stdout=StringIO())

    assert Page.objects.get(pk=page.pk).body == "Fan text.\n"
    assert Character.objects.get(pk=character.pk).biography == "Fan biography.\n"
    assert Event.objects.get(pk=event.pk).description == "Fan note.\n"
    for obj in (page, character, event):
        assert obj.history.count() == 2
