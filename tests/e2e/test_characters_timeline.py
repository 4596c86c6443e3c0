import datetime
import random
import re

import pytest
from playwright.sync_api import expect

from characters.models import Character
from tests.factories import (
    UserFactory,
    make_character,
    make_event,
    make_page,
    make_season,
)

pytestmark = pytest.mark.django_db(transaction=True)


def field(scope, label: str):
    """The form control labelled exactly `label` (Django adds a ":" to labels), so
    that "Status" is not also "Status is a spoiler for season"."""
    return scope.get_by_label(re.compile(rf"^{re.escape(label)}:?$"))


def card_names(page) -> list[str]:
    return page.locator(".cards .card-title").all_inner_texts()


def test_filtering_characters_by_status_and_role_gives_a_url_that_shows_the_same_cards(
    page, browser, live_server
):
    make_season(1)
    make_character(name="Nam On-jo", role="student", status="alive")
    make_character(name="Lee Cheong-san", role="student", status="deceased")
    make_character(name="Lee Na-yeon", role="student", status="deceased")
    make_character(name="Park Sun-hwa", role="student", status="half_zombie")
    make_character(name="Lee Byeong-chan", role="teacher", status="deceased")

    page.goto("/characters/")
    expect(page.locator(".cards .card")).to_have_count(5)
    filters = page.get_by_role("search", name="Filter characters")
    field(filters, "Status").select_option(label="Deceased")
    field(filters, "Role").select_option(label="Student")
    filters.get_by_role("button", name="Filter").click()

    expect(page).to_have_url(re.compile(r"[?&]status=deceased(&|$)"))
    expect(page).to_have_url(re.compile(r"[?&]role=student(&|$)"))
    expect(page.locator(".cards .card")).to_have_count(2)
    assert card_names(page) == ["Lee Cheong-san", "Lee Na-yeon"]

    # The filtered list is shareable: someone else opening the URL sees the same.
    shared_url = page.url
    context = browser.new_context(base_url=live_server.url)
    try:
        friend = context.new_page()
        friend.goto(shared_url)
        expect(friend.locator(".cards .card")).to_have_count(2)
        assert card_names(friend) == ["Lee Cheong-san", "Lee Na-yeon"]
        friend_filters = friend.get_by_role("search", name="Filter characters")
        expect(field(friend_filters, "Status")).to_have_value("deceased")
        expect(field(friend_filters, "Role")).to_have_value("student")
    finally:
        context.close()


def test_an_invalid_filter_in_the_url_shows_an_error_and_no_cards(page):
    make_character(name="Nam On-jo", status="alive")

    response = page.goto("/characters/?status=zombie-king")

    assert response.status == 400
    expect(page.get_by_role("alert")).to_contain_text("Fix the filters")
    expect(page.locator(".cards .card")).to_have_count(0)
    expect(page.get_by_text("Nam On-jo")).to_have_count(0)


def test_the_timeline_shows_imprecise_dates_in_order_and_today_before_what_is_upcoming(
    page,
):
    upcoming_year = datetime.date.today().year + 2
    events = [
        ("Season 2 filming", datetime.date(2024, 8, 1), "two_quarters"),
        ("Season 2 filming wraps", datetime.date(2024, 10, 15), "part_of_year"),
        ("Series premiere", datetime.date(2022, 1, 28), "day"),
        ("Season 2 release window", datetime.date(2025, 9, 1), "half"),
        ("Season 3 release", datetime.date(upcoming_year, 3, 1), "year"),
    ]
    random.Random(7).shuffle(events)
    for title, date, precision in events:
        make_event(title=title, date=date, precision=precision)

    page.goto("/timeline/")

    assert page.locator(".timeline-event .timeline-title").all_inner_texts() == [
        "Series premiere",
        "Season 2 filming",
        "Season 2 filming wraps",
        "Season 2 release window",
        "Season 3 release",
    ]
    assert page.locator(".timeline-event .timeline-when").all_inner_texts() == [
        "28 January 2022",
        "Q3–Q4 2024",
        "late 2024",
        "second half of 2025",
        str(upcoming_year),
    ]
    assert page.locator(".timeline-year h2").all_inner_texts() == [
        "2022",
        "2024",
        "2025",
        str(upcoming_year),
    ]
    # Every row of the timeline, in page order: today comes exactly once, after the
    # last event that has happened and before the upcoming one.
    rows = page.locator(".timeline-events > li").evaluate_all(
        "items => items.map(item => item.classList.contains('today-marker')"
        " ? 'TODAY' : item.querySelector('.timeline-title').textContent)"
    )
    assert rows == [
        "Series premiere",
        "Season 2 filming",
        "Season 2 filming wraps",
        "Season 2 release window",
        "TODAY",
        "Season 3 release",
    ]
    marker = page.locator(".today-marker")
    expect(marker).to_have_count(1)
    expect(marker).to_contain_text("Today,")
    expect(page.locator(".timeline-event--upcoming")).to_have_count(1)


def test_a_fan_creates_a_character_changes_its_status_compares_and_reverts(page_for):
    make_season(1)
    make_season(2)
    make_page(title="Hyosan High School")
    page = page_for(UserFactory())

    page.goto("/characters/")
    page.get_by_role("link", name="Add a character").click()
    field(page, "Name").fill("Lee Su-hyeok")
    field(page, "Portrayed by").fill("Park Solomon")
    field(page, "Role").select_option(label="Student")
    field(page, "Status").select_option(label="Alive")
    page.get_by_role("checkbox", name="Season 1").check()
    page.get_by_role("checkbox", name="Season 2").check()
    field(page, "Biography").fill("A student of [[Hyosan High School]].")
    page.get_by_role("button", name="Add character").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Lee Su-hyeok")
    infobox = page.locator(".infobox")
    expect(infobox.get_by_role("heading")).to_have_text("Lee Su-hyeok")
    expect(infobox).to_contain_text("Park Solomon")
    expect(infobox).to_contain_text("Student")
    expect(infobox.locator(".status")).to_have_text("Alive")
    expect(infobox.get_by_role("link", name="1", exact=True)).to_be_visible()
    expect(infobox.get_by_role("link", name="2", exact=True)).to_be_visible()
    link = page.locator(".markdown-body").get_by_role("link", name="Hyosan High School")
    expect(link).to_have_attribute("href", "/wiki/hyosan-high-school/")

    page.get_by_role("link", name="Edit", exact=True).click()
    field(page, "Status").select_option(label="Deceased")
    page.get_by_role("button", name="Save changes").click()
    expect(page.locator(".infobox .status")).to_have_text("Deceased")

    page.get_by_role("link", name="History", exact=True).click()
    expect(page.locator("table.history tbody tr")).to_have_count(2)
    page.get_by_role("button", name="Compare selected revisions").click()
    status_change = page.locator(".field-diff").filter(
        has=page.get_by_role("heading", name="Status", exact=True)
    )
    expect(status_change.locator("del")).to_have_text("Alive")
    expect(status_change.locator("ins")).to_have_text("Deceased")
    expect(page.locator(".field-diff")).to_have_count(1)

    page.get_by_role("button", name="Revert to revision 1").click()
    expect(page.get_by_role("status")).to_contain_text("Reverted to revision 1")
    expect(page.locator(".infobox .status")).to_have_text("Alive")
    assert Character.objects.get().status == "alive"


def test_a_fan_adds_an_event_with_a_source_and_finds_it_cited(page_for):
    make_event(title="Series premiere", date=datetime.date(2022, 1, 28))
    page = page_for(UserFactory())

    page.goto("/timeline/")
    page.get_by_role("link", name="Add an event").click()
    field(page, "Title").first.fill("Season 2 confirmed")
    field(page, "Date").fill("2022-06-07")
    field(page, "Precision").select_option(label="Exact day")
    field(page, "Kind").select_option(label="Announcement")
    source = page.get_by_role("group", name="Source 1")
    field(source, "Publisher").fill("Netflix")
    field(source, "Title").fill("All of Us Are Dead returns for season 2")
    field(source, "Published on").fill("2022-06-07")
    field(source, "URL").fill("https://about.netflix.com/en/news/aouad-season-2")
    page.get_by_role("button", name="Add event").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Season 2 confirmed")
    expect(page.get_by_role("status")).to_contain_text("Added “Season 2 confirmed”")
    expect(page.locator(".event-facts")).to_contain_text("7 June 2022")
    citation = page.locator(".citations li")
    expect(citation).to_have_count(1)
    expect(citation).to_contain_text("Netflix")
    expect(citation).to_contain_text("7 June 2022")
    cited_link = citation.get_by_role(
        "link", name="All of Us Are Dead returns for season 2"
    )
    expect(cited_link).to_have_attribute(
        "href", "https://about.netflix.com/en/news/aouad-season-2"
    )

    page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Timeline"
    ).click()
    titles = page.locator(".timeline-event .timeline-title")
    expect(titles).to_have_text(["Series premiere", "Season 2 confirmed"])
    titles.filter(has_text="Season 2 confirmed").click()
    expect(page.locator(".citations")).to_contain_text("Netflix")
