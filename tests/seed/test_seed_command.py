"""`manage.py seed` on a small fixture set: what it creates, and what it leaves."""

from io import StringIO

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from characters.models import Character
from tests.factories import UserFactory, make_character
from tests.seed.conftest import write_fixtures
from timeline.models import Event, Season
from wiki.models import Page
from wiki.services import page_save

pytestmark = pytest.mark.django_db


def seed(directory, *args) -> str:
    out = StringIO()
    call_command("seed", "--fixtures", str(directory), *args, stdout=out)
    return out.getvalue()


def test_seed_creates_every_record_at_revision_1_by_the_system_account(fixtures_dir):
    output = seed(fixtures_dir)

    assert "Created 1 season, 1 character, 1 event, 1 page." in output
    for model in (Page, Character, Event):
        obj = model.objects.get()
        revision = obj.history.get()
        assert obj.version == 1
        assert revision.history_user.username == settings.SYSTEM_USERNAME
        assert revision.history_change_reason == "Imported from the test article"
    season = Season.objects.get()
    assert season.history.get().history_user.username == settings.SYSTEM_USERNAME


def test_seeded_links_are_rendered_and_stored(fixtures_dir):
    seed(fixtures_dir)

    front = Page.objects.get(slug="front")
    assert 'href="/characters/gyeong-su/"' in front.rendered_html
    assert 'href="/timeline/season-1-announced/"' in front.rendered_html
    assert "wikilink-missing" not in front.rendered_html
    character = Character.objects.get()
    # The biography was rendered before "Front" existed: creating it turned it blue.
    assert 'href="/wiki/front/"' in character.rendered_html
    assert "wikilink-missing" not in character.rendered_html
    assert list(Event.objects.get().characters.all()) == [character]


def test_seeding_again_changes_nothing(fixtures_dir):
    seed(fixtures_dir)
    before = {model: list(model.objects.values()) for model in (Page, Character, Event)}

    output = seed(fixtures_dir)

    assert (
        "Created nothing; left 1 season, 1 character, 1 event, 1 page unchanged."
        in output
    )
    for model, rows in before.items():
        assert list(model.objects.values()) == rows
        assert model.history.count() == 1


def test_seeding_never_overwrites_a_fans_edit(fixtures_dir, user):
    seed(fixtures_dir)
    page = Page.objects.get()
    page_save(
        page=page,
        user=user,
        body="A fan's text.\n",
        base_version=1,
        summary="",
        minor=False,
    )

    seed(fixtures_dir)

    page.refresh_from_db()
    assert page.body == "A fan's text.\n"
    assert page.version == 2


def test_seeding_does_not_bring_back_what_was_deleted(fixtures_dir):
    seed(fixtures_dir)
    Page.objects.all().delete()

    output = seed(fixtures_dir)

    assert "left 1 page deleted" in output
    assert not Page.objects.exists()


def test_seeding_adds_records_new_to_the_fixtures(fixtures_dir):
    seed(fixtures_dir)
    (fixtures_dir / "back.md").write_text("Back to [[Front]].\n")
    pages = [
        {"title": "Front", "body": "front.md"},
        {"title": "Back", "body": "back.md"},
    ]
    write_fixtures(fixtures_dir, **{"pages.json": pages})

    output = seed(fixtures_dir)

    assert (
        "Created 1 page; left 1 season, 1 character, 1 event, 1 page unchanged"
        in output
    )
    assert Page.objects.get(slug="back").history.count() == 1


def test_a_fans_alias_holding_a_shipped_name_is_left_alone(fixtures_dir):
    make_character(name="Kim Gyeong-su", aliases="Gyeong-su")

    output = seed(fixtures_dir)

    assert "left 1 character unchanged" in output
    assert Character.objects.get().name == "Kim Gyeong-su"


def test_once_does_nothing_on_a_wiki_seeded_before(fixtures_dir):
    seed(fixtures_dir)
    Page.objects.all().delete()

    output = seed(fixtures_dir, "--once")

    assert "loaded before" in output
    assert not Page.objects.exists()


def test_once_seeds_a_new_wiki(fixtures_dir):
    seed(fixtures_dir, "--once")

    assert Page.objects.filter(title="Front").exists()


def test_content_failing_the_fans_validation_loads_nothing(tmp_path):
    character = {
        "name": "Nobody",
        "actor": "",
        "role": "wizard",
        "status": "unknown",
        "biography": "",
    }
    write_fixtures(tmp_path, **{"characters.json": [character]})

    with pytest.raises(CommandError, match=r"character “Nobody”: role: Select a valid"):
        seed(tmp_path)

    assert not Season.objects.exists()
    assert not Character.objects.exists()


def test_an_event_naming_an_unknown_character_loads_nothing(tmp_path):
    event = {
        "title": "Lost",
        "date": "2024-01-01",
        "precision": "day",
        "kind": "release",
        "characters": ["Nobody"],
        "sources": ["news"],
    }
    write_fixtures(tmp_path, **{"events.json": [event]})

    with pytest.raises(CommandError, match="no character named Nobody"):
        seed(tmp_path)

    assert not Character.objects.exists()


def test_an_invalid_source_is_refused_like_the_event_form_does(tmp_path):
    sources = {
        "documents": {
            "bad": {
                "publisher": "P",
                "title": "T",
                "date": "2024-01-01",
                "url": "javascript:alert(1)",
            }
        },
        "citations": {"news": {"document": "bad"}, "herald": {"document": "bad"}},
    }
    write_fixtures(tmp_path, **{"sources.json": sources})

    with pytest.raises(CommandError, match=r"source 1: url: Enter a valid URL\.$"):
        seed(tmp_path)

    assert not Event.objects.exists()


def test_a_missing_fixtures_directory_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="Nothing was loaded: .*no such file"):
        seed(tmp_path / "nowhere")


def test_a_real_account_holding_the_system_name_stops_seeding_with_a_reason(
    fixtures_dir,
):
    UserFactory(username=settings.SYSTEM_USERNAME)

    with pytest.raises(CommandError, match="can log in, so it cannot sign"):
        seed(fixtures_dir, "--once")

    assert not Page.objects.exists()


def test_an_event_without_sources_loads_nothing(tmp_path):
    event = {
        "title": "Uncited",
        "date": "2024-01-01",
        "precision": "day",
        "kind": "release",
        "sources": [],
    }
    write_fixtures(tmp_path, **{"events.json": [event]})

    with pytest.raises(CommandError, match="“Uncited”: cite at least one source"):
        seed(tmp_path)

    assert not Season.objects.exists()


def test_an_invalid_season_is_a_clear_error(tmp_path):
    write_fixtures(tmp_path, **{"seasons.json": [{"number": 1, "status": "rumoured"}]})

    with pytest.raises(CommandError, match="season 1: status: Select a valid choice"):
        seed(tmp_path)


def test_sources_are_stored_as_the_event_form_cleans_them(tmp_path):
    sources = {
        "documents": {
            "news": {
                "publisher": " Test Times ",
                "title": "A season",
                "date": "2024-05-07",
                "url": "example.org/a",
                "extra": "<b>not a source field</b>",
            }
        },
        "citations": {"news": {"document": "news"}, "herald": {"document": "news"}},
    }
    write_fixtures(tmp_path, **{"sources.json": sources})

    seed(tmp_path)

    assert Event.objects.get().sources[0] == {
        "publisher": "Test Times",
        "title": "A season",
        "date": "2024-05-07",
        "url": "https://example.org/a",
    }


def test_page_titles_and_bodies_are_stored_as_the_page_form_cleans_them(tmp_path):
    (tmp_path / "front.md").write_text("Text with CRLF\r\n\r\n\r\n")
    write_fixtures(
        tmp_path, **{"pages.json": [{"title": "  Front   page ", "body": "front.md"}]}
    )

    seed(tmp_path)

    page = Page.objects.get()
    assert (page.title, page.body) == ("Front page", "Text with CRLF\n")


def test_a_failed_seed_leaves_no_seasons_in_the_season_cache(tmp_path):
    from accounts.preferences import season_choices

    season_choices()
    write_fixtures(
        tmp_path,
        **{
            "events.json": [
                {
                    "title": "Uncited",
                    "date": "2024-01-01",
                    "precision": "day",
                    "kind": "release",
                    "sources": [],
                }
            ]
        },
    )

    with pytest.raises(CommandError):
        seed(tmp_path)

    assert season_choices()[1:] == []
