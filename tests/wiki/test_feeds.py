"""The Atom feeds of recent changes and of each object's history."""

import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from tests.factories import edit_page, make_character, make_event, make_page
from wiki.lifecycle import content_delete, content_rename
from wiki.visibility import revision_visibility_set

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
RECENT = "/feeds/recent.atom"


def atom(response) -> ET.Element:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return ET.fromstring(response.content)


def entries(feed: ET.Element) -> list[ET.Element]:
    return feed.findall(f"{ATOM}entry")


def titles(feed: ET.Element) -> list[str]:
    return [entry.findtext(f"{ATOM}title") for entry in entries(feed)]


def first_revision(obj):
    return obj.history.order_by("history_id").first()


def history_feed_url(obj, kind: str = "page") -> str:
    return reverse(f"{kind}_history_feed", args=[obj.slug])


@pytest.fixture
def edited_page(user):
    page = make_page(title="Rooftop", body="Up on the roof.\n")
    edit_page(page, "Up on the roof, at night.\n", user=user, summary="Night <b>")
    page.refresh_from_db()
    return page


def test_the_recent_changes_feed_is_atom_with_an_id_updated_and_title(
    client, edited_page
):
    feed = atom(client.get(RECENT))

    assert feed.tag == f"{ATOM}feed"
    assert feed.findtext(f"{ATOM}id")
    assert feed.findtext(f"{ATOM}updated")
    assert feed.findtext(f"{ATOM}title") == "Recent changes · Hyosan Wiki"
    for entry in entries(feed):
        assert entry.findtext(f"{ATOM}id")
        assert entry.findtext(f"{ATOM}updated")
        assert entry.findtext(f"{ATOM}title")


def test_a_recent_change_entry_names_the_revision_links_its_diff_and_credits_the_editor(
    client, edited_page, user
):
    newest = edited_page.history.order_by("-history_id").first()

    entry = entries(atom(client.get(RECENT)))[0]

    assert entry.findtext(f"{ATOM}title") == "Rooftop (revision 2)"
    link = entry.find(f"{ATOM}link").get("href")
    assert link == (
        f"http://testserver{reverse('page_diff', args=['rooftop'])}"
        f"?to={newest.history_id}"
    )
    assert entry.findtext(f"{ATOM}author/{ATOM}name") == user.username
    # The summary is HTML in Atom: the edit summary arrives as escaped text.
    assert entry.findtext(f"{ATOM}summary") == "Night &lt;b&gt;"


def test_the_recent_changes_feed_lists_every_kind_of_content_newest_first(client):
    make_page(title="Rooftop")
    make_character(name="Nam On-jo")
    make_event(title="Season 2 confirmed")

    assert titles(atom(client.get(RECENT))) == [
        "Season 2 confirmed (revision 1)",
        "Nam On-jo (revision 1)",
        "Rooftop (revision 1)",
    ]


def test_the_recent_changes_feed_keeps_only_the_newest_entries(client, monkeypatch):
    monkeypatch.setattr("wiki.feeds.FEED_SIZE", 2)
    for title in ("First", "Second", "Third"):
        make_page(title=title)

    assert titles(atom(client.get(RECENT))) == [
        "Third (revision 1)",
        "Second (revision 1)",
    ]


def test_the_recent_changes_feed_leaves_out_a_hidden_revision(
    client, edited_page, moderator
):
    revision_visibility_set(
        revision=first_revision(edited_page),
        moderator=moderator,
        text=True,
        summary=False,
        editor=False,
        reason="x",
    )

    assert titles(atom(client.get(RECENT))) == ["Rooftop (revision 2)"]


def test_the_recent_changes_feed_leaves_out_deleted_content(
    client, edited_page, moderator
):
    make_page(title="Classroom")

    content_delete(obj=edited_page, user=moderator, reason="x")

    assert titles(atom(client.get(RECENT))) == ["Classroom (revision 1)"]


def test_a_renamed_pages_entries_link_to_its_current_slug(client, moderator):
    page = make_page(title="Rooftop")
    content_rename(obj=page, user=moderator, new_title="School roof", reason="x")

    links = [
        entry.find(f"{ATOM}link").get("href")
        for entry in entries(atom(client.get(RECENT)))
    ]

    assert links
    assert all("/wiki/school-roof/diff/" in link for link in links)


def test_renaming_a_page_keeps_the_ids_of_its_entries(client, moderator):
    page = make_page(title="Rooftop")
    first = page.history.get().history_id
    before = [e.findtext(f"{ATOM}id") for e in entries(atom(client.get(RECENT)))]

    content_rename(obj=page, user=moderator, new_title="School roof", reason="x")

    after = [e.findtext(f"{ATOM}id") for e in entries(atom(client.get(RECENT)))]
    assert before == [f"http://testserver/wiki/rooftop/diff/?to={first}"]
    assert after[-1] == before[0]


@pytest.mark.parametrize("edits", [1, 8])
def test_the_recent_changes_feed_runs_one_query_per_kind_of_content(
    client, django_assert_num_queries, edits
):
    page = make_page(title="Rooftop")
    for n in range(edits):
        edit_page(page, f"Edit {n}.\n", summary=f"edit {n}")
        page.refresh_from_db()
    make_character(name="Nam On-jo")
    make_event(title="Season 2 confirmed")

    # The newest revisions of pages, characters and events, each with its editor.
    with django_assert_num_queries(3):
        response = client.get(RECENT)

    assert len(entries(atom(response))) == edits + 3


def test_every_page_links_the_recent_changes_feed(client, db):
    response = client.get(reverse("page_list"))

    assert (
        '<link rel="alternate" type="application/atom+xml" '
        'title="Recent changes · Hyosan Wiki" href="/feeds/recent.atom">'
    ) in response.content.decode()


def test_a_history_feed_is_atom_with_the_objects_revisions_newest_first(
    client, edited_page
):
    make_page(title="Classroom")

    feed = atom(client.get(history_feed_url(edited_page)))

    assert feed.findtext(f"{ATOM}title") == "History of Rooftop · Hyosan Wiki"
    assert feed.findtext(f"{ATOM}id")
    assert feed.findtext(f"{ATOM}updated")
    assert titles(feed) == ["Rooftop (revision 2)", "Rooftop (revision 1)"]
    for entry in entries(feed):
        assert entry.findtext(f"{ATOM}id")
        assert entry.findtext(f"{ATOM}updated")


@pytest.mark.parametrize(
    ("kind", "make", "title"),
    [
        ("character", lambda: make_character(name="Nam On-jo"), "Nam On-jo"),
        ("event", lambda: make_event(title="Season 2 confirmed"), "Season 2 confirmed"),
    ],
)
def test_every_kind_of_content_has_a_history_feed(client, kind, make, title):
    obj = make()

    feed = atom(client.get(history_feed_url(obj, kind)))

    assert titles(feed) == [f"{title} (revision 1)"]


def test_a_history_feed_leaves_out_a_hidden_revision(client, edited_page, moderator):
    revision_visibility_set(
        revision=first_revision(edited_page),
        moderator=moderator,
        text=True,
        summary=False,
        editor=False,
        reason="x",
    )

    feed = atom(client.get(history_feed_url(edited_page)))

    assert titles(feed) == ["Rooftop (revision 2)"]


def test_the_history_feed_of_deleted_content_is_not_found(
    client, edited_page, moderator
):
    url = history_feed_url(edited_page)

    content_delete(obj=edited_page, user=moderator, reason="x")

    assert client.get(url).status_code == 404


@pytest.mark.parametrize("edits", [1, 8])
def test_a_history_feed_runs_two_queries(client, django_assert_num_queries, edits):
    page = make_page(title="Rooftop")
    for n in range(edits):
        edit_page(page, f"Edit {n}.\n", summary=f"edit {n}")
        page.refresh_from_db()

    # 1. the page  2. its newest revisions with their editors
    with django_assert_num_queries(2):
        response = client.get(history_feed_url(page))

    assert len(entries(atom(response))) == edits + 1


def test_the_history_page_links_its_feed(client, edited_page):
    response = client.get(reverse("page_history", args=[edited_page.slug]))

    assert (
        '<link rel="alternate" type="application/atom+xml" '
        'title="History of Rooftop" href="/wiki/rooftop/history.atom">'
    ) in response.content.decode()


def test_an_entry_without_an_editor_still_has_an_atom_author(client):
    from wiki.services import page_create

    page_create(user=None, title="Rooftop", body="On the roof.\n")

    feed = atom(client.get(RECENT))

    (entry,) = entries(feed)
    assert entry.findtext(f"{ATOM}author/{ATOM}name") == "an unknown editor"
