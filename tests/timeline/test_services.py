import datetime
import random

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError

from accounts.preferences import season_choices
from tests.factories import (
    SOURCE,
    UserFactory,
    make_character,
    make_event,
    make_page,
    make_season,
)
from timeline.models import Event
from timeline.services import SEASON_CHOICES_KEY, event_save
from wiki.services import MERGED_NOTE, EditConflict, revision_revert

pytestmark = pytest.mark.django_db


def save(event, **values):
    return event_save(
        event=event,
        user=UserFactory(),
        values=values,
        base_version=values.pop("base_version", event.version),
        summary="",
    )


# --- Creating ------------------------------------------------------------------


def test_a_new_event_is_at_version_one_with_one_revision():
    event = make_event(description="Netflix **confirms** it.\n")

    assert event.version == 1
    assert event.history.count() == 1
    assert event.history.get().history_change_reason == "Added the event"
    assert "<strong>confirms</strong>" in event.rendered_html


def test_the_date_is_stored_as_the_start_of_its_period_with_the_end_derived():
    event = make_event(date=datetime.date(2024, 8, 15), precision="two_quarters")

    event.refresh_from_db()
    assert event.date == datetime.date(2024, 7, 1)
    assert event.date_end == datetime.date(2024, 12, 31)
    assert event.when == "Q3–Q4 2024"


def test_an_edit_of_the_precision_moves_the_date_to_the_new_period():
    event = make_event(date=datetime.date(2025, 11, 20), precision="day")

    save(event, precision="half")

    event.refresh_from_db()
    assert (event.date, event.date_end) == (
        datetime.date(2025, 7, 1),
        datetime.date(2025, 12, 31),
    )


def test_a_taken_title_is_a_validation_error():
    make_event(title="Season 2 confirmed")

    with pytest.raises(ValidationError) as error:
        make_event(title="Season 2 confirmed")

    assert "already exists" in str(error.value)
    assert Event.objects.count() == 1


def test_a_description_that_cannot_be_rendered_is_a_validation_error():
    too_deep = "> " * 30 + "Deep\n"

    with pytest.raises(ValidationError) as error:
        make_event(description=too_deep)

    assert "description" in error.value.message_dict
    assert not Event.objects.exists()


def test_an_edit_whose_description_cannot_be_rendered_saves_nothing():
    event = make_event(description="Fine.\n")

    with pytest.raises(ValidationError):
        save(event, description="> " * 30 + "Deep\n")

    event.refresh_from_db()
    assert (event.version, event.description) == (1, "Fine.\n")


# --- Characters ------------------------------------------------------------------


def test_the_characters_relation_is_built_from_the_character_ids_on_create():
    on_jo, cheong_san = make_character(name="Nam On-jo"), make_character(name="Cheong")

    event = make_event(character_ids=[on_jo.pk, cheong_san.pk])

    assert set(event.characters.all()) == {on_jo, cheong_san}
    assert list(on_jo.events.all()) == [event]


def test_the_characters_relation_is_rebuilt_on_every_edit():
    on_jo, nam_ra = make_character(name="Nam On-jo"), make_character(name="Nam-ra")
    event = make_event(character_ids=[on_jo.pk])

    save(event, character_ids=[nam_ra.pk])

    assert list(event.characters.all()) == [nam_ra]
    assert not on_jo.events.exists()


def test_a_character_id_that_no_longer_exists_is_left_out_of_the_relation():
    on_jo = make_character(name="Nam On-jo")

    event = make_event(character_ids=[on_jo.pk, 999_999])

    assert list(event.characters.all()) == [on_jo]
    assert event.character_ids == [on_jo.pk, 999_999]


def test_a_revert_restores_the_older_set_of_characters():
    on_jo, nam_ra = make_character(name="Nam On-jo"), make_character(name="Nam-ra")
    event = make_event(character_ids=[on_jo.pk])
    save(event, character_ids=[on_jo.pk, nam_ra.pk])
    first = event.history.get(version=1)

    result = revision_revert(obj=event, revision=first, user=UserFactory())

    event.refresh_from_db()
    assert result.saved
    assert (event.version, event.character_ids) == (3, [on_jo.pk])
    assert list(event.characters.all()) == [on_jo]


def test_a_revert_restores_the_date_sources_and_kind():
    event = make_event(kind="announcement", precision="quarter")
    first = event.history.get(version=1)
    other_source = {**SOURCE, "title": "Release date", "date": "2025-01-02"}
    save(
        event,
        kind="release",
        date=datetime.date(2025, 1, 1),
        precision="year",
        sources=[other_source],
    )

    revision_revert(obj=event, revision=first, user=UserFactory())

    event.refresh_from_db()
    assert event.kind == "announcement"
    assert (event.date, event.precision) == (datetime.date(2024, 4, 1), "quarter")
    assert event.date_end == datetime.date(2024, 6, 30)
    assert event.sources == [SOURCE]


# --- Concurrent edits ------------------------------------------------------------


def test_concurrent_edits_of_different_fields_merge():
    event = make_event(kind="announcement", season=None)
    save(event, kind="production")

    result = save(event, season=2, base_version=1)

    event.refresh_from_db()
    assert result.merged
    assert (event.kind, event.season, event.version) == ("production", 2, 3)
    assert event.history.first().history_change_reason == MERGED_NOTE


def test_concurrent_edits_of_different_lines_of_the_description_merge():
    event = make_event(description="one\n\ntwo\n\nthree\n")
    save(event, description="ONE\n\ntwo\n\nthree\n")

    result = save(event, description="one\n\ntwo\n\nTHREE\n", base_version=1)

    event.refresh_from_db()
    assert result.merged
    assert event.description == "ONE\n\ntwo\n\nTHREE\n"


def test_concurrent_edits_of_the_same_scalar_field_conflict():
    event = make_event(kind="announcement")
    save(event, kind="production")

    with pytest.raises(EditConflict) as conflict:
        save(event, kind="release", base_version=1)

    assert conflict.value.fields == ["kind"]
    assert conflict.value.mine == {"kind": "release"}
    event.refresh_from_db()
    assert (event.kind, event.version) == ("production", 2)


def test_concurrent_edits_of_the_sources_conflict():
    event = make_event()
    save(event, sources=[{**SOURCE, "publisher": "Netflix"}])

    with pytest.raises(EditConflict) as conflict:
        save(event, sources=[{**SOURCE, "publisher": "Soompi EN"}], base_version=1)

    assert conflict.value.fields == ["sources"]


def test_saving_what_is_already_there_creates_no_revision():
    event = make_event(kind="announcement")

    result = save(event, kind="announcement")

    assert not result.saved
    assert event.history.count() == 1


# --- Links -----------------------------------------------------------------------


def test_a_wiki_link_to_an_event_title_leads_to_the_event():
    event = make_event(title="Season 2 confirmed")

    page = make_page(title="Season 2", body="See [[Season 2 confirmed]].\n")

    assert f'href="{event.get_absolute_url()}"' in page.rendered_html


def test_creating_an_event_turns_red_links_to_it_blue():
    page = make_page(title="Season 2", body="See [[Season 2 confirmed]].\n")
    assert "wikilink-missing" in page.rendered_html

    event = make_event(title="Season 2 confirmed")

    page.refresh_from_db()
    assert "wikilink-missing" not in page.rendered_html
    assert f'href="{event.get_absolute_url()}"' in page.rendered_html


def test_links_in_an_event_description_are_stored_for_what_links_here():
    from wiki.models import PageLink

    event = make_event(description="Starring [[Nam On-jo]].\n")

    link = PageLink.objects.get()
    assert (link.source_title, link.target_slug) == (event.title, "nam-on-jo")
    assert link.source_url == event.get_absolute_url()


# --- Ordering --------------------------------------------------------------------

# The order timeline/dates.py states, with the reason each follows the one before.
ORDERED = [
    ("January 2022", datetime.date(2022, 1, 1), "month"),
    ("Q1 2022", datetime.date(2022, 1, 1), "quarter"),  # same start, longer
    ("First half of 2022", datetime.date(2022, 1, 1), "half"),  # longer still
    ("All of 2022", datetime.date(2022, 1, 1), "year"),  # longest
    ("28 January 2022", datetime.date(2022, 1, 28), "day"),  # starts later
    ("Mid-2024", datetime.date(2024, 5, 1), "part_of_year"),
    ("July 2024", datetime.date(2024, 7, 1), "month"),
    ("A: Q3 2024", datetime.date(2024, 7, 1), "quarter"),
    ("B: Q3 2024", datetime.date(2024, 7, 1), "quarter"),  # same period: title
    ("Q3–Q4 2024", datetime.date(2024, 7, 1), "two_quarters"),
    ("August 2024", datetime.date(2024, 8, 1), "month"),  # before a later quarter
    ("Q4 2024", datetime.date(2024, 10, 1), "quarter"),
]


def make_events_in_random_order(seed: int) -> None:
    shuffled = ORDERED[:]
    random.Random(seed).shuffle(shuffled)
    for title, day, precision in shuffled:
        make_event(title=title, date=day, precision=precision)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_events_are_listed_in_the_order_the_dates_module_states(seed):
    make_events_in_random_order(seed)

    titles = [event.title for event in Event.objects.for_listing()]

    assert titles == [title for title, _, _ in ORDERED]


def test_the_listing_leaves_out_the_description():
    make_event(description="Long text.\n")

    event = Event.objects.for_listing().get()

    assert "description" in event.get_deferred_fields()


# --- Season choices --------------------------------------------------------------


def test_season_choices_are_read_once_and_then_served_from_the_cache(
    django_assert_num_queries,
):
    make_season(1)
    make_season(2)

    with django_assert_num_queries(1):
        first = season_choices()
    with django_assert_num_queries(0):
        second = season_choices()

    assert first == second == [(0, "Nothing yet"), (1, "Season 1"), (2, "Season 2")]


def test_adding_a_season_forgets_the_cached_choices():
    make_season(1)
    season_choices()

    make_season(2)

    assert [number for number, _ in season_choices()] == [0, 1, 2]


def test_changing_a_season_forgets_the_cached_choices():
    season = make_season(1)
    season_choices()

    season.number = 3
    season.save()

    assert season_choices() == [(0, "Nothing yet"), (3, "Season 3")]


def test_deleting_a_season_forgets_the_cached_choices():
    make_season(1)
    second = make_season(2)
    season_choices()

    second.delete()

    assert season_choices() == [(0, "Nothing yet"), (1, "Season 1")]


def test_saving_a_season_empties_the_cache_entry(django_assert_num_queries):

    season = make_season(1)
    season_choices()
    assert cache.get(SEASON_CHOICES_KEY) == [(1, "Season 1")]

    season.save()

    assert cache.get(SEASON_CHOICES_KEY) is None
    with django_assert_num_queries(1):
        season_choices()
