import datetime
import random
import re
from html import unescape

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factories import (
    SOURCE,
    UserFactory,
    make_character,
    make_event,
    make_page,
    make_season,
)
from tests.timeline.test_services import ORDERED, make_events_in_random_order
from timeline.models import Event
from timeline.services import event_save

pytestmark = pytest.mark.django_db

TODAY_MARKER = 'class="today-marker"'


def days_from_today(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def source_data(index: int, **fields) -> dict:
    source = {
        "publisher": "Soompi",
        "title": "Season 2 confirmed",
        "date": "2024-05-07",
        "url": "https://www.soompi.com/article/1",
        "quoting": "",
        **fields,
    }
    return {f"sources-{index}-{name}": value for name, value in source.items()}


def event_data(*sources: dict, initial: int = 0, **fields) -> dict:
    """A POST of the event form: its fields, the sources formset and its
    management form."""
    data = {
        "title": "Season 2 confirmed",
        "date": "2024-06-07",
        "precision": "day",
        "kind": "announcement",
        "season": "",
        "description": "Netflix confirms it.",
        "summary": "",
        "sources-TOTAL_FORMS": str(len(sources)),
        "sources-INITIAL_FORMS": str(initial),
        "sources-MIN_NUM_FORMS": "0",
        "sources-MAX_NUM_FORMS": "20",
        **fields,
    }
    for source in sources:
        data.update(source)
    return data


def edit_data(event, *sources: dict, **fields) -> dict:
    """A POST of the edit form for `event` as it is, with `fields` changed."""
    sources = sources or tuple(
        source_data(index, url="", quoting="", **source)
        for index, source in enumerate(event.sources)
    )
    values = {
        "title": event.title,
        "date": event.date.isoformat(),
        "precision": event.precision,
        "kind": event.kind,
        "season": event.season or "",
        "character_ids": event.character_ids,
        "description": event.description,
        "base_version": event.version,
        "minor": "",
        **fields,
    }
    return event_data(*sources, initial=len(event.sources), **values)


def save(event, **values):
    return event_save(
        event=event,
        user=UserFactory(),
        values=values,
        base_version=values.pop("base_version", event.version),
        summary="",
    )


def textarea(html: str, name: str) -> str:
    """What the form's textarea `name` holds, as the browser shows it."""
    match = re.search(rf'<textarea name="{name}"[^>]*>\n?(.*?)</textarea>', html, re.S)
    assert match, f"no textarea {name}"
    return unescape(match.group(1)).strip()


def positions(html: str, *texts: str) -> list[int]:
    return [html.index(text) for text in texts]


# --- The timeline: order, years, today ---------------------------------------------


@pytest.mark.parametrize("seed", [4, 5])
def test_the_timeline_lists_events_in_date_order(client, seed):
    make_events_in_random_order(seed)

    response = client.get(reverse("timeline"))

    assert [event.title for event in response.context["events"]] == [
        title for title, _, _ in ORDERED
    ]
    html = response.content.decode()
    titles = [f">{title}</a>" for title, _, _ in ORDERED]
    assert positions(html, *titles) == sorted(positions(html, *titles))


def test_the_timeline_groups_events_under_year_headings_in_order(client):
    for title, year in [("C", 2025), ("A", 2022), ("B", 2024), ("A2", 2022)]:
        make_event(title=title, date=datetime.date(year, 3, 1))

    html = client.get(reverse("timeline")).content.decode()

    headings = re.findall(r'<h2 id="year-(\d+)">(\d+)</h2>', html)
    assert headings == [("2022", "2022"), ("2024", "2024"), ("2025", "2025")]
    assert html.count('<section class="timeline-year"') == 3
    assert (
        html.index('id="year-2022"')
        < html.index(">A</a>")
        < html.index(">A2</a>")
        < html.index('id="year-2024"')
        < html.index(">B</a>")
        < html.index('id="year-2025"')
        < html.index(">C</a>")
    )


def test_the_today_marker_sits_between_the_past_and_the_upcoming_events(client):
    make_event(title="Long ago", date=days_from_today(-400))
    make_event(title="Today", date=days_from_today(0))
    make_event(title="Tomorrow", date=days_from_today(1))
    make_event(title="Next year", date=days_from_today(400))

    html = client.get(reverse("timeline")).content.decode()

    assert html.count(TODAY_MARKER) == 1
    assert positions(html, ">Long ago</a>", ">Today</a>", TODAY_MARKER) == sorted(
        positions(html, ">Long ago</a>", ">Today</a>", TODAY_MARKER)
    )
    assert html.index(TODAY_MARKER) < html.index(">Tomorrow</a>")
    assert f'<time datetime="{timezone.localdate():%Y-%m-%d}">' in html


def test_a_period_that_began_before_today_is_not_upcoming(client):
    this_year = timezone.localdate().year
    make_event(title="This year", date=datetime.date(this_year, 1, 1), precision="year")
    make_event(title="Next year", date=datetime.date(this_year + 1, 1, 1))

    html = client.get(reverse("timeline")).content.decode()

    assert html.count(TODAY_MARKER) == 1
    assert (
        html.index(">This year</a>")
        < html.index(TODAY_MARKER)
        < html.index(">Next year</a>")
    )


def test_the_today_marker_comes_last_when_every_event_is_past(client):
    make_event(title="Long ago", date=days_from_today(-400))
    make_event(title="Yesterday", date=days_from_today(-1))

    html = client.get(reverse("timeline")).content.decode()

    assert html.count(TODAY_MARKER) == 1
    assert html.index(">Yesterday</a>") < html.index(TODAY_MARKER)
    assert "timeline-event--upcoming" not in html


def test_the_today_marker_comes_first_when_every_event_is_upcoming(client):
    make_event(title="Tomorrow", date=days_from_today(1))
    make_event(title="Next year", date=days_from_today(400))

    html = client.get(reverse("timeline")).content.decode()

    assert html.count(TODAY_MARKER) == 1
    assert html.index(TODAY_MARKER) < html.index(">Tomorrow</a>")
    assert html.count("timeline-event--upcoming") == 2


def test_an_empty_timeline_says_so_without_a_marker(client):
    html = client.get(reverse("timeline")).content.decode()

    assert "No events match these filters." in html
    assert TODAY_MARKER not in html


def test_the_today_marker_is_not_shown_on_a_page_followed_by_more_past_events(
    client, monkeypatch
):
    monkeypatch.setattr("timeline.views.EVENTS_PER_PAGE", 2)
    for n in range(3):
        make_event(title=f"Past {n}", date=days_from_today(-10 + n))

    first = client.get(reverse("timeline")).content.decode()
    second = client.get(reverse("timeline") + "?page=2").content.decode()

    assert TODAY_MARKER not in first
    assert second.count(TODAY_MARKER) == 1
    assert second.index(">Past 2</a>") < second.index(TODAY_MARKER)


@pytest.mark.parametrize(
    ("day", "precision", "words"),
    [
        (datetime.date(2022, 1, 28), "day", "28 January 2022"),
        (datetime.date(2024, 2, 10), "month", "February 2024"),
        (datetime.date(2024, 8, 15), "quarter", "Q3 2024"),
        (datetime.date(2024, 8, 15), "two_quarters", "Q3–Q4 2024"),
        (datetime.date(2024, 11, 30), "two_quarters", "Q4 2024 – Q1 2025"),
        (datetime.date(2024, 10, 1), "part_of_year", "late 2024"),
        (datetime.date(2024, 6, 1), "part_of_year", "mid-2024"),
        (datetime.date(2025, 9, 9), "half", "second half of 2025"),
        (datetime.date(2026, 5, 5), "year", "2026"),
    ],
)
def test_the_timeline_shows_each_date_in_words(client, day, precision, words):
    event = make_event(date=day, precision=precision)

    html = client.get(reverse("timeline")).content.decode()

    assert f'<time datetime="{event.date:%Y-%m-%d}" class="timeline-when">' in html
    assert f'class="timeline-when">{words}</time>' in html


def test_the_timeline_shows_kind_and_season_and_links_each_event(client):
    event = make_event(kind="release", season=2)

    html = client.get(reverse("timeline")).content.decode()

    assert f'href="{event.get_absolute_url()}">{event.title}</a>' in html
    assert '<span class="badge">Release</span>' in html
    assert "Season 2</span>" in html


def test_the_add_link_is_shown_to_logged_in_users_only(user_client):
    url = reverse("timeline")
    add = f'href="{reverse("event_create")}">Add an event</a>'

    assert add not in Client().get(url).content.decode()
    assert add in user_client.get(url).content.decode()


# --- Event page ----------------------------------------------------------------


def test_the_event_page_shows_facts_characters_and_sources(client):
    on_jo = make_character(name="Nam On-jo")
    event = make_event(
        title="Filming begins",
        date=datetime.date(2024, 10, 5),
        precision="part_of_year",
        kind="production",
        season=2,
        description="Cameras roll at **Hyosan**.\n",
        character_ids=[on_jo.pk],
        sources=[
            {
                "publisher": "Soompi",
                "title": "Season 2 starts filming",
                "date": "2024-10-07",
                "url": "https://www.soompi.com/article/2",
                "quoting": "Sports Chosun",
            }
        ],
    )

    response = client.get(event.get_absolute_url())
    html = response.content.decode()

    assert response.status_code == 200
    assert '<time datetime="2024-09-01">late 2024</time>' in html
    assert "<dd>Production</dd>" in html
    assert 'href="/timeline/?season=2">Season 2</a>' in html
    assert f'href="{on_jo.get_absolute_url()}">Nam On-jo</a>' in html
    assert "<strong>Hyosan</strong>" in html
    assert (
        '<cite><a href="https://www.soompi.com/article/2" '
        'rel="nofollow noopener noreferrer">Season 2 starts filming</a></cite>, '
        "Soompi, 7 October 2024 (quoting Sports Chosun)."
    ) in html


def test_a_source_without_a_url_is_cited_without_a_link(client):
    event = make_event(sources=[SOURCE])

    html = client.get(event.get_absolute_url()).content.decode()

    assert f"<cite>{SOURCE['title']}</cite>, Soompi, 7 May 2024." in html


def test_the_event_page_names_the_last_editor(client):
    editor = UserFactory(username="mi-jin")
    event = make_event(user=editor)

    html = client.get(event.get_absolute_url()).content.decode()

    assert 'href="/users/mi-jin/">mi-jin</a>' in html


def test_an_unknown_event_is_a_404(client):
    assert client.get("/timeline/no-such-event/").status_code == 404


def test_an_old_revision_shows_its_own_date_and_sources(client):
    event = make_event(date=datetime.date(2024, 5, 7), precision="day")
    first = event.history.get()
    newer_source = {**SOURCE, "title": "Release date set", "date": "2025-01-02"}
    save(
        event,
        date=datetime.date(2025, 7, 1),
        precision="half",
        kind="release",
        sources=[newer_source],
    )

    html = client.get(f"{event.get_absolute_url()}?revision={first.history_id}")
    html = html.content.decode()

    assert "This is an old revision of this event" in html
    assert '<time datetime="2024-05-07">7 May 2024</time>' in html
    assert "<dd>Announcement</dd>" in html
    assert SOURCE["title"] in html
    assert "Release date set" not in html
    assert '<time datetime="2025-07-01">' not in html


def test_the_current_event_page_shows_the_current_revision(client):
    event = make_event()
    save(event, precision="half", kind="release")

    html = client.get(event.get_absolute_url()).content.decode()

    assert "This is an old revision" not in html
    assert "first half of 2024" in html
    assert "<dd>Release</dd>" in html


def test_a_revision_of_another_event_is_a_404(client):
    event, other = make_event(title="A"), make_event(title="B")
    foreign = other.history.get().history_id

    response = client.get(f"{event.get_absolute_url()}?revision={foreign}")

    assert response.status_code == 404


@pytest.mark.parametrize("revision", ["abc", "1.0", "-1", "²", "999999"])
def test_a_revision_that_is_not_a_revision_number_is_a_404(client, revision):
    event = make_event()

    response = client.get(f"{event.get_absolute_url()}?revision={revision}")

    assert response.status_code == 404


# --- Create and edit: who may ----------------------------------------------------


@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_create_redirects_to_login(client, method):
    url = reverse("event_create")

    data = event_data(source_data(0)) if method == "post" else None
    response = getattr(client, method)(url, data)

    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={url}"
    assert not Event.objects.exists()


@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_edit_redirects_to_login(client, method):
    event = make_event()
    url = reverse("event_edit", args=[event.slug])

    data = edit_data(event, kind="release") if method == "post" else None
    response = getattr(client, method)(url, data)

    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={url}"
    event.refresh_from_db()
    assert (event.version, event.kind) == (1, "announcement")


def test_an_inactive_user_cannot_add_events(client):
    client.force_login(UserFactory(is_active=False))

    response = client.get(reverse("event_create"))

    assert response.status_code == 302


def test_the_create_form_is_shown_to_logged_in_users(user_client):
    response = user_client.get(reverse("event_create"))
    html = response.content.decode()

    assert response.status_code == 200
    assert 'name="sources-TOTAL_FORMS"' in html
    assert 'name="sources-0-publisher"' in html


def test_the_create_form_is_prefilled_from_a_red_link(user_client):
    response = user_client.get(reverse("event_create") + "?title=Season+3")

    assert b'value="Season 3"' in response.content


def test_the_edit_form_is_shown_with_the_events_values(user_client):
    event = make_event(kind="release")

    response = user_client.get(reverse("event_edit", args=[event.slug]))
    html = response.content.decode()

    assert response.status_code == 200
    assert '<option value="release" selected>' in html
    assert f'value="{SOURCE["publisher"]}"' in html
    assert 'name="base_version" value="1"' in html


def test_the_edit_form_of_an_unknown_event_is_a_404(user_client):
    response = user_client.get(reverse("event_edit", args=["no-such-event"]))

    assert response.status_code == 404


# --- Create ----------------------------------------------------------------------


def test_creating_an_event_with_sources_redirects_to_it(user_client, user):
    on_jo = make_character(name="Nam On-jo")
    make_season(2)
    data = event_data(
        source_data(0, quoting="Sports Chosun"),
        source_data(1, publisher="Netflix", title="Tudum", url=""),
        source_data(2, publisher="", title="", date="", url=""),  # the empty extra
        date="2024-08-15",
        precision="two_quarters",
        season="2",
        character_ids=[on_jo.pk],
        summary="from Soompi",
    )

    response = user_client.post(reverse("event_create"), data)

    event = Event.objects.get()
    assert response.status_code == 302
    assert response.url == event.get_absolute_url()
    assert (event.date, event.date_end) == (
        datetime.date(2024, 7, 1),
        datetime.date(2024, 12, 31),
    )
    assert (event.season, event.character_ids) == (2, [on_jo.pk])
    assert list(event.characters.all()) == [on_jo]
    assert event.description == "Netflix confirms it.\n"
    assert event.sources == [
        {
            "publisher": "Soompi",
            "title": "Season 2 confirmed",
            "date": "2024-05-07",
            "url": "https://www.soompi.com/article/1",
            "quoting": "Sports Chosun",
        },
        {"publisher": "Netflix", "title": "Tudum", "date": "2024-05-07"},
    ]
    revision = event.history.get()
    assert (revision.history_user, revision.history_change_reason) == (
        user,
        "from Soompi",
    )


def test_creating_an_event_says_so_on_its_page(user_client):
    response = user_client.post(
        reverse("event_create"), event_data(source_data(0)), follow=True
    )

    assert "Added “Season 2 confirmed” to the timeline." in response.content.decode()


def test_an_event_without_sources_is_refused_and_keeps_the_text(user_client):
    empty = source_data(0, publisher="", title="", date="", url="")
    data = event_data(empty, description="My precious description")

    response = user_client.post(reverse("event_create"), data)
    html = response.content.decode()

    assert response.status_code == 200
    assert "Cite at least one source" in html
    assert textarea(html, "description") == "My precious description"
    assert not Event.objects.exists()


def test_an_event_whose_only_source_is_deleted_is_refused(user_client):
    data = event_data(source_data(0, DELETE="on"))

    response = user_client.post(reverse("event_create"), data)

    assert "Cite at least one source" in response.content.decode()
    assert not Event.objects.exists()


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "data:text/html,<b>x</b>",
        "vbscript:msgbox",
        "ftp://x.org/",
    ],
)
def test_a_source_url_that_is_not_http_is_refused(user_client, url):
    response = user_client.post(
        reverse("event_create"), event_data(source_data(0, url=url))
    )
    html = response.content.decode()

    assert response.status_code == 200
    assert "Enter a valid URL." in html
    assert 'href="javascript:' not in html
    assert not Event.objects.exists()


def test_a_source_url_without_a_scheme_gets_https(user_client):
    user_client.post(
        reverse("event_create"), event_data(source_data(0, url="soompi.com/a"))
    )

    assert Event.objects.get().sources[0]["url"] == "https://soompi.com/a"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"title": ""}, "This field is required."),
        ({"title": "!!!"}, "at least one letter or digit"),
        ({"title": "new"}, "reserved by the wiki itself"),
        ({"title": "Taken"}, "An event with this title already exists."),
        ({"title": "taken "}, "An event with this title already exists."),
        ({"date": "2024-02-30"}, "Enter a valid date."),
        ({"date": "10000-01-01"}, "Enter a valid date."),
        ({"date": "9999-10-01"}, "Give a year between 1 and 9998."),
        ({"precision": "week"}, "Select a valid choice."),
        ({"kind": "rumour"}, "Select a valid choice."),
        ({"season": "7"}, "Select a valid choice."),
        ({"character_ids": ["999999"]}, "Select a valid choice."),
    ],
)
def test_create_form_errors_keep_the_description(user_client, fields, message):
    make_event(title="Taken")
    data = event_data(source_data(0), description="My precious text", **fields)

    response = user_client.post(reverse("event_create"), data)
    html = response.content.decode()

    assert response.status_code == 200
    assert message in html
    assert "My precious text" in html
    assert Event.objects.count() == 1


def test_a_source_error_is_shown_next_to_the_source(user_client):
    data = event_data(source_data(0, date="not a date"))

    response = user_client.post(reverse("event_create"), data)

    assert "Enter a valid date." in response.content.decode()
    assert not Event.objects.exists()


def test_a_description_that_cannot_be_rendered_is_a_form_error(user_client):
    data = event_data(source_data(0), description="> " * 30 + "Deep")

    response = user_client.post(reverse("event_create"), data)

    assert response.status_code == 200
    assert "nested more than 20 levels deep" in response.content.decode()
    assert not Event.objects.exists()


def test_a_create_without_a_csrf_token_is_refused(user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)

    response = client.post(reverse("event_create"), event_data(source_data(0)))

    assert response.status_code == 403
    assert not Event.objects.exists()


def test_an_edit_without_a_csrf_token_is_refused(user):
    event = make_event()
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)

    response = client.post(
        reverse("event_edit", args=[event.slug]), edit_data(event, kind="release")
    )

    assert response.status_code == 403
    event.refresh_from_db()
    assert event.version == 1


XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def test_markup_typed_into_an_event_never_reaches_its_page_unescaped(user_client):
    data = event_data(
        source_data(0, publisher=XSS, title=XSS, quoting=XSS),
        title=f"Rumour {XSS}",
        description=XSS,
    )

    response = user_client.post(reverse("event_create"), data, follow=True)
    event = Event.objects.get()
    save(event, sources=[{**SOURCE, "publisher": f"{XSS}!", "url": "https://x.org"}])
    urls = [
        reverse("timeline"),
        reverse("event_history", args=[event.slug]),
        reverse("event_diff", args=[event.slug]),
        reverse("event_edit", args=[event.slug]),
        reverse("recent_changes"),
    ]
    pages = [response.content.decode()]
    pages += [user_client.get(url).content.decode() for url in urls]

    for html in pages:
        assert "<script>alert" not in html
        assert "<img src=x" not in html
    assert "&lt;script&gt;" in pages[0]
    assert "&lt;script&gt;" in pages[3]  # the diff shows the old and new publisher


def test_markup_in_a_failed_form_is_shown_escaped(user_client):
    data = event_data(
        source_data(0, publisher="", title=XSS, url="javascript:alert(1)"),
        description=XSS,
    )

    html = user_client.post(reverse("event_create"), data).content.decode()

    assert "<script>alert" not in html
    assert "&lt;script&gt;" in html


# --- Edit ------------------------------------------------------------------------


def test_editing_an_event_saves_a_new_revision(user_client, user):
    event = make_event(kind="announcement")
    data = edit_data(event, kind="release", summary="it is out")

    response = user_client.post(
        reverse("event_edit", args=[event.slug]), data, follow=True
    )

    event.refresh_from_db()
    assert response.redirect_chain[-1][0] == event.get_absolute_url()
    assert "Your changes were saved." in response.content.decode()
    assert (event.kind, event.version) == ("release", 2)
    latest = event.history.first()
    assert (latest.history_user, latest.history_change_reason) == (user, "it is out")


def test_the_title_cannot_be_changed_in_the_edit_form(user_client):
    event = make_event(title="Season 2 confirmed")

    user_client.post(
        reverse("event_edit", args=[event.slug]), edit_data(event, title="Retitled")
    )

    event.refresh_from_db()
    assert event.title == "Season 2 confirmed"


def test_resubmitting_the_same_edit_creates_no_revision(user_client):
    event = make_event()
    url = reverse("event_edit", args=[event.slug])
    data = edit_data(event, kind="release")
    user_client.post(url, data)

    response = user_client.post(url, data, follow=True)

    event.refresh_from_db()
    assert event.version == 2
    assert "Nothing changed" in response.content.decode()


def test_a_stale_edit_of_the_same_field_shows_the_conflict_and_keeps_my_text(
    user_client,
):
    event = make_event(description="Line A\n")
    stale = edit_data(event, description="My line C\n")
    save(event, description="Their line B\n")

    response = user_client.post(reverse("event_edit", args=[event.slug]), stale)
    html = response.content.decode()

    assert response.status_code == 200
    assert "Edit conflict" in html
    assert textarea(html, "description") == "My line C"
    assert "Their line B" in html
    assert 'name="base_version" value="2"' in html
    event.refresh_from_db()
    assert (event.description, event.version) == ("Their line B\n", 2)


def test_a_stale_edit_of_the_same_scalar_field_names_both_values(user_client):
    event = make_event(kind="announcement")
    stale = edit_data(event, kind="reception")
    save(event, kind="release")

    response = user_client.post(reverse("event_edit", args=[event.slug]), stale)
    html = response.content.decode()

    assert response.status_code == 200
    assert "<strong>Kind</strong>: now <q>Release</q>; yours <q>Reception</q>" in html
    assert '<option value="reception" selected>' in html


def test_resubmitting_after_a_conflict_saves_my_value(user_client):
    event = make_event(kind="announcement")
    url = reverse("event_edit", args=[event.slug])
    stale = edit_data(event, kind="reception")
    save(event, kind="release")
    user_client.post(url, stale)

    user_client.post(url, {**stale, "base_version": "2"})

    event.refresh_from_db()
    assert (event.kind, event.version) == ("reception", 3)


def test_a_stale_edit_of_another_field_merges(user_client):
    event = make_event(kind="announcement", season=None)
    make_season(2)
    stale = edit_data(event, season="2")
    save(event, kind="release")

    response = user_client.post(
        reverse("event_edit", args=[event.slug]), stale, follow=True
    )

    event.refresh_from_db()
    assert "your changes were merged" in response.content.decode()
    assert (event.kind, event.season, event.version) == ("release", 2, 3)


def test_a_source_is_removed_with_its_delete_checkbox(user_client):
    second = {**SOURCE, "publisher": "Netflix", "title": "Tudum"}
    event = make_event(sources=[SOURCE, second])
    data = edit_data(
        event,
        source_data(0, url="", **SOURCE, DELETE="on"),
        source_data(1, url="", **second),
    )

    user_client.post(reverse("event_edit", args=[event.slug]), data)

    event.refresh_from_db()
    assert event.sources == [second]
    assert event.version == 2


def test_a_source_is_added_in_the_empty_extra_form(user_client):
    event = make_event(sources=[SOURCE])
    extra = source_data(1, publisher="Netflix", title="Tudum", url="")
    data = edit_data(event, source_data(0, url="", **SOURCE), extra)

    user_client.post(reverse("event_edit", args=[event.slug]), data)

    event.refresh_from_db()
    assert [source["publisher"] for source in event.sources] == ["Soompi", "Netflix"]


def test_removing_every_source_in_an_edit_is_refused(user_client):
    event = make_event(sources=[SOURCE])
    data = edit_data(event, source_data(0, url="", **SOURCE, DELETE="on"))

    response = user_client.post(reverse("event_edit", args=[event.slug]), data)

    assert "Cite at least one source" in response.content.decode()
    event.refresh_from_db()
    assert event.sources == [SOURCE]


def test_more_sources_than_the_limit_are_refused(user_client):
    sources = [source_data(n, title=f"Source {n}") for n in range(21)]

    response = user_client.post(reverse("event_create"), event_data(*sources))

    assert response.status_code == 200
    assert not Event.objects.exists()


# --- History, diff, revert --------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["event_detail", "event_history", "event_diff", "event_links"]
)
def test_anonymous_visitors_can_read_an_event_and_its_history(client, name):
    event = make_event()

    assert client.get(reverse(name, args=[event.slug])).status_code == 200


def test_history_lists_the_events_revisions_newest_first(client):
    event = make_event()
    save(event, kind="release")
    event_save(
        event=event,
        user=UserFactory(username="dae-su"),
        values={"season": 2},
        base_version=2,
        summary="season",
        minor=True,
    )

    response = client.get(reverse("event_history", args=[event.slug]))
    html = response.content.decode()

    assert [rev.version for rev in response.context["revisions"]] == [3, 2, 1]
    assert "Added the event" in html
    assert 'href="/users/dae-su/">dae-su</a>' in html
    assert 'title="minor edit"' in html


def test_the_diff_shows_changed_fields_in_words(client):
    on_jo, nam_ra = make_character(name="Nam On-jo"), make_character(name="Nam-ra")
    event = make_event(
        kind="announcement", season=1, character_ids=[on_jo.pk], sources=[SOURCE]
    )
    netflix = {
        **SOURCE,
        "publisher": "Netflix",
        "url": "https://netflix.com/tudum",
        "quoting": "Tudum",
    }
    save(
        event,
        kind="release",
        season=2,
        date=datetime.date(2025, 1, 1),
        precision="year",
        character_ids=[on_jo.pk, nam_ra.pk],
        sources=[SOURCE, netflix],
    )

    response = client.get(reverse("event_diff", args=[event.slug]))
    html = response.content.decode()

    changes = {change.name: change for change in response.context["changes"]}
    assert (changes["kind"].old, changes["kind"].new) == ("Announcement", "Release")
    assert (changes["season"].old, changes["season"].new) == ("Season 1", "Season 2")
    assert changes["character_ids"].new == "Nam On-jo, Nam-ra"
    assert changes["sources"].new.splitlines() == [
        "Soompi, ““All Of Us Are Dead” Confirms Season 2”, 7 May 2024",
        "Netflix, ““All Of Us Are Dead” Confirms Season 2”, 7 May 2024, "
        "https://netflix.com/tudum (quoting Tudum)",
    ]
    assert "<del>Announcement</del> → <ins>Release</ins>" in html
    assert "<del>Season 1</del> → <ins>Season 2</ins>" in html
    assert "<del>Nam On-jo</del> → <ins>Nam On-jo, Nam-ra</ins>" in html
    assert "https://netflix.com/tudum (quoting Tudum)" in html
    assert "description" not in changes


def test_the_diff_names_a_removed_character(client):
    on_jo = make_character(name="Nam On-jo")
    on_jo_id = on_jo.pk
    event = make_event(character_ids=[on_jo_id])
    save(event, character_ids=[])
    on_jo.delete()

    response = client.get(reverse("event_diff", args=[event.slug]))

    changes = {change.name: change for change in response.context["changes"]}
    assert (changes["character_ids"].old, changes["character_ids"].new) == (
        f"(removed character {on_jo_id})",
        "—",
    )


def test_the_diff_of_the_first_revision_says_there_is_nothing_before(client):
    event = make_event()

    html = client.get(reverse("event_diff", args=[event.slug])).content.decode()

    assert "is the first revision" in html


def test_a_diff_with_a_revision_of_another_event_is_a_404(client):
    event, other = make_event(title="A"), make_event(title="B")
    foreign = other.history.get().history_id

    url = reverse("event_diff", args=[event.slug])

    assert client.get(f"{url}?from={foreign}").status_code == 404
    assert client.get(f"{url}?to=abc").status_code == 404


def test_revert_refuses_get(user_client):
    event = make_event()
    url = reverse("event_revert", args=[event.slug, event.history.get().history_id])

    assert user_client.get(url).status_code == 405


def test_anonymous_revert_redirects_to_login(client):
    event = make_event(kind="announcement")
    first = event.history.get()
    save(event, kind="release")

    response = client.post(reverse("event_revert", args=[event.slug, first.history_id]))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    event.refresh_from_db()
    assert event.kind == "release"


def test_revert_requires_a_csrf_token(user):
    event = make_event()
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)

    url = reverse("event_revert", args=[event.slug, event.history.get().history_id])

    assert client.post(url).status_code == 403


def test_revert_creates_a_revision_equal_to_the_old_one(user_client, user):
    on_jo, nam_ra = make_character(name="Nam On-jo"), make_character(name="Nam-ra")
    event = make_event(kind="announcement", character_ids=[on_jo.pk])
    first = event.history.get()
    save(
        event,
        kind="release",
        precision="year",
        character_ids=[nam_ra.pk],
        description="Changed.\n",
        sources=[{**SOURCE, "publisher": "Netflix"}],
    )

    response = user_client.post(
        reverse("event_revert", args=[event.slug, first.history_id])
    )

    event.refresh_from_db()
    assert response.status_code == 302
    assert response.url == event.get_absolute_url()
    assert event.version == 3
    latest = event.history.first()
    for name in ("title", "date", "precision", "kind", "season", "description"):
        assert getattr(latest, name) == getattr(first, name), name
    assert latest.sources == first.sources == [SOURCE]
    assert latest.character_ids == first.character_ids == [on_jo.pk]
    assert list(event.characters.all()) == [on_jo]
    assert latest.history_user == user
    assert latest.history_change_reason.startswith("Reverted to revision 1")


def test_a_revert_with_a_revision_of_another_event_is_a_404(user_client):
    event, other = make_event(title="A"), make_event(title="B")
    foreign = other.history.get().history_id

    response = user_client.post(reverse("event_revert", args=[event.slug, foreign]))

    assert response.status_code == 404


def test_what_links_here_lists_pages_linking_to_the_event(client):
    event = make_event(title="Season 2 confirmed")
    make_page(title="Season 2", body="[[Season 2 confirmed]]\n")

    html = client.get(reverse("event_links", args=[event.slug])).content.decode()

    assert "Season 2" in html


# --- Recent changes --------------------------------------------------------------


def test_recent_changes_list_event_edits(client):
    event = make_event(title="Season 2 confirmed")
    save(event, kind="release")

    response = client.get(reverse("recent_changes"))

    event_changes = [c for c in response.context["changes"] if c.entry.kind == "event"]
    assert [c.revision.version for c in event_changes] == [2, 1]
    assert event_changes[0].url == event.get_absolute_url()
    assert "Season 2 confirmed" in response.content.decode()


def test_recent_changes_filter_by_the_event_kind(client):
    event = make_event(title="Season 2 confirmed")
    save(event, kind="release")
    make_page(title="Not an event")
    make_character(name="Nam On-jo")

    response = client.get(reverse("recent_changes") + "?kind=event")

    changes = response.context["changes"]
    assert response.status_code == 200
    assert [(c.entry.kind, c.title, c.revision.version) for c in changes] == [
        ("event", "Season 2 confirmed", 2),
        ("event", "Season 2 confirmed", 1),
    ]
    assert changes[0].diff_url.startswith(reverse("event_diff", args=[event.slug]))


def test_the_timeline_is_unaffected_by_random_creation_order(client):
    # Titles that sort differently from their dates: the date must win.
    rng = random.Random(7)
    days = [datetime.date(2024, 1, 1) + datetime.timedelta(days=n) for n in range(8)]
    named = [(f"Event {chr(ord('Z') - n)}", day) for n, day in enumerate(days)]
    for title, day in rng.sample(named, len(named)):
        make_event(title=title, date=day)

    response = client.get(reverse("timeline"))

    assert [e.title for e in response.context["events"]] == [t for t, _ in named]
