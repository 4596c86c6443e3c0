"""Categories: `[[Category:Name]]` tags, the memberships they make, the category
pages, the categories at the foot of content and the category filter of /wiki/."""

import pytest
from django.urls import reverse

from tests.factories import (
    UserFactory,
    edit_page,
    make_character,
    make_event,
    make_moderator,
    make_page,
)
from wiki import category_views
from wiki.lifecycle import content_delete, content_rename, content_restore
from wiki.links import render_wiki_markdown
from wiki.markdown import render_markdown
from wiki.models import CategoryMembership, Page
from wiki.services import revision_revert

pytestmark = pytest.mark.django_db


def categories_of(obj) -> list[tuple[str, str]]:
    return [
        (row.category_slug, row.category_name)
        for row in CategoryMembership.objects.of_source(obj)
    ]


def category_url(slug: str) -> str:
    return reverse("category_detail", args=[slug])


@pytest.fixture(autouse=True)
def _season_choices_cached(db):
    """The header's spoiler menu lists the seasons from the cache; filling it is
    tested in tests/timeline."""
    from accounts.preferences import season_choices

    season_choices()


# --- Rendering ---------------------------------------------------------------------


def test_a_category_tag_renders_nothing_where_it_stands():
    rendered = render_wiki_markdown("Before [[Category:Students]] after.\n")

    assert rendered.html == "<p>Before  after.</p>"
    assert rendered.categories == {"Students"}


def test_a_category_tag_is_no_link_and_no_link_target():
    rendered = render_wiki_markdown("[[Category:Students]] and [[Nowhere]]\n")

    assert "Category" not in rendered.html
    assert rendered.link_targets == {"Nowhere"}


def test_a_line_of_category_tags_leaves_no_empty_paragraph():
    rendered = render_wiki_markdown("Text.\n\n[[Category:A]] [[Category:B]]\n")

    assert rendered.html == "<p>Text.</p>"
    assert rendered.categories == {"A", "B"}


def test_the_category_prefix_is_any_case_and_the_name_is_normalised():
    rendered = render_wiki_markdown("[[cAtEgOrY :  Hyosan\u200b   students ]]\n")

    assert rendered.categories == {"Hyosan students"}


def test_a_category_tagged_twice_keeps_its_first_spelling():
    rendered = render_wiki_markdown("[[Category:Students]] [[Category:students]]\n")

    assert rendered.categories == {"Students"}


def test_the_text_after_the_bar_of_a_category_tag_is_not_shown():
    rendered = render_wiki_markdown("[[Category:Students|Nam On-jo]]\n")

    assert rendered.html == ""
    assert rendered.categories == {"Students"}


def test_categories_are_found_in_headings_lists_and_footnotes():
    text = (
        "# Title [[Category:A]]\n\n- item [[Category:B]]\n\nNote[^1]\n\n"
        "[^1]: [[Category:C]]\n"
    )

    assert render_wiki_markdown(text).categories == {"A", "B", "C"}


def test_a_category_tagged_inside_a_spoiler_is_dropped_so_it_gives_nothing_away():
    rendered = render_wiki_markdown(
        ":::spoiler 2\nShe dies. [[Category:Deceased]]\n:::\n"
    )

    assert rendered.categories == frozenset()
    assert "Deceased" not in rendered.html


def test_a_category_tag_in_code_stays_text():
    rendered = render_wiki_markdown("`[[Category:Students]]`\n")

    assert rendered.html == "<p><code>[[Category:Students]]</code></p>"
    assert rendered.categories == frozenset()


def test_a_category_without_letters_or_digits_stays_text():
    rendered = render_wiki_markdown("[[Category:!!]] [[Category:]]\n")

    assert rendered.html == "<p>[[Category:!!]] [[Category:]]</p>"
    assert rendered.categories == frozenset()


def test_a_leading_colon_links_to_the_category_page():
    rendered = render_wiki_markdown("[[:Category:Students]]\n")

    assert rendered.html == (
        f'<p><a class="wikilink" href="{category_url("students")}">'
        "Category:Students</a></p>"
    )
    assert rendered.categories == frozenset()
    assert rendered.link_targets == frozenset()


def test_a_link_to_a_category_may_have_a_label():
    rendered = render_wiki_markdown("[[:category:Students|the students]]\n")

    assert ">the students</a>" in rendered.html


def test_a_link_to_a_category_is_plain_text_for_a_renderer_without_category_pages():
    rendered = render_markdown(
        "[[:Category:Students]]\n",
        resolve_links=lambda titles: {},
        missing_link_url=lambda title: "/new/",
    )

    assert rendered.html == "<p>Category:Students</p>"


# --- Memberships -------------------------------------------------------------------


def test_saving_a_page_files_it_under_its_categories():
    page = make_page(
        title="Nam On-jo", body="[[Category:Students]] [[Category:Hyosan]]"
    )

    rows = CategoryMembership.objects.filter(source_id=page.pk)
    assert {(r.category_slug, r.source_title, r.source_url) for r in rows} == {
        ("students", "Nam On-jo", page.get_absolute_url()),
        ("hyosan", "Nam On-jo", page.get_absolute_url()),
    }


def test_characters_and_events_are_filed_by_their_text():
    character = make_character(biography="A student. [[Category:Students]]\n")
    event = make_event(description="Announced. [[Category:Announcements]]\n")

    assert categories_of(character) == [("students", "Students")]
    assert categories_of(event) == [("announcements", "Announcements")]


def test_editing_the_text_rebuilds_the_categories():
    page = make_page(title="Rooftop", body="[[Category:Places]] [[Category:Old]]")

    edit_page(page, "[[Category:Places]] [[Category:New]]\n")

    assert categories_of(page) == [("new", "New"), ("places", "Places")]


def test_removing_every_tag_takes_the_content_out_of_every_category():
    page = make_page(title="Rooftop", body="[[Category:Places]]")

    edit_page(page, "No categories now.\n")

    assert categories_of(page) == []


def test_reverting_brings_back_the_categories_of_the_old_revision():
    page = make_page(title="Rooftop", body="[[Category:Places]]")
    edit_page(page, "[[Category:Other]]\n")
    first = page.history.get(version=1)

    revision_revert(obj=Page.objects.get(pk=page.pk), revision=first, user=None)

    assert categories_of(page) == [("places", "Places")]


def test_deleting_content_takes_it_out_of_its_categories():
    page = make_page(title="Rooftop", body="[[Category:Places]]")
    character = make_character(biography="[[Category:Places]]\n")

    content_delete(obj=page, user=make_moderator(), reason="Spam")
    content_delete(obj=character, user=make_moderator(), reason="Spam")

    assert not CategoryMembership.objects.exists()


def test_restoring_content_puts_it_back_in_its_categories():
    page = make_page(title="Rooftop", body="[[Category:Places]]")
    page_id = page.pk
    moderator = make_moderator()
    content_delete(obj=page, user=moderator, reason="Spam")

    restored = content_restore(
        model=Page, object_id=page_id, user=moderator, reason="Not spam"
    )

    assert categories_of(restored) == [("places", "Places")]


def test_renaming_content_gives_its_memberships_the_new_title_and_address():
    page = make_page(title="Rooftop", body="[[Category:Places]]")

    renamed = content_rename(
        obj=page, user=make_moderator(), new_title="School rooftop", reason=""
    )

    row = CategoryMembership.objects.get(source_id=renamed.pk)
    assert (row.source_title, row.source_url) == (
        "School rooftop",
        renamed.get_absolute_url(),
    )


# --- Category pages ----------------------------------------------------------------


def test_the_category_list_shows_each_category_with_its_number_of_members(client):
    make_page(title="Gym", body="[[Category:Places]]")
    make_page(title="Rooftop", body="[[Category:places]] [[Category:Fights]]")

    response = client.get(reverse("category_list"))

    assert [
        (row["category_slug"], row["category_name"], row["members"])
        for row in response.context["categories"]
    ] == [("fights", "Fights", 1), ("places", "Places", 2)]
    assert f'href="{category_url("places")}"' in response.content.decode()


def test_a_category_page_lists_pages_characters_and_events_by_title(client):
    make_page(title="Rooftop", body="[[Category:Season 1]]")
    make_character(name="Nam On-jo", biography="[[Category:Season 1]]\n")
    make_event(title="Filming starts", description="[[Category:Season 1]]\n")

    response = client.get(category_url("season-1"))

    assert response.context["name"] == "Season 1"
    assert [
        (member["row"].source_title, member["label"])
        for member in response.context["members"]
    ] == [
        ("Filming starts", "Event"),
        ("Nam On-jo", "Character"),
        ("Rooftop", "Page"),
    ]


def test_a_category_page_links_to_its_members(client):
    page = make_page(title="Rooftop", body="[[Category:Places]]")

    response = client.get(category_url("places"))

    assert f'href="{page.get_absolute_url()}"' in response.content.decode()


def test_a_category_with_no_members_has_a_page_that_says_so(client):
    response = client.get(category_url("nobody-here"))

    assert response.status_code == 200
    assert "Nothing is in this category." in response.content.decode()


def test_a_category_address_that_is_not_its_slug_redirects_to_it(client):
    response = client.get(category_url("Places"))

    assert response.status_code == 301
    assert response["Location"] == category_url("places")


def test_an_address_no_category_can_have_is_not_found(client):
    assert client.get(category_url("_")).status_code == 404


def test_a_long_category_is_shown_a_page_at_a_time(client, monkeypatch):
    monkeypatch.setattr(category_views, "MEMBERS_PAGE_SIZE", 2)
    for title in ["A", "B", "C"]:
        make_page(title=title, body="[[Category:Letters]]")

    first = client.get(category_url("letters"))
    second = client.get(category_url("letters") + "?page=2")

    assert [m["row"].source_title for m in first.context["members"]] == ["A", "B"]
    assert first.context["has_next"]
    assert [m["row"].source_title for m in second.context["members"]] == ["C"]
    assert not second.context["has_next"]


# --- The foot of content pages -----------------------------------------------------


def test_a_page_shows_its_categories_at_its_foot(client):
    page = make_page(title="Rooftop", body="Up there. [[Category:Places]]")

    html = client.get(page.get_absolute_url()).content.decode()

    assert '<nav class="categories"' in html
    assert f'<a href="{category_url("places")}">Places</a>' in html


def test_characters_and_events_show_their_categories_at_their_foot(client):
    character = make_character(biography="[[Category:Students]]\n")
    event = make_event(description="[[Category:Announcements]]\n")

    character_html = client.get(character.get_absolute_url()).content.decode()
    event_html = client.get(event.get_absolute_url()).content.decode()

    assert f'href="{category_url("students")}"' in character_html
    assert f'href="{category_url("announcements")}"' in event_html


def test_content_in_no_category_shows_no_categories(client):
    page = make_page(title="Rooftop", body="Up there.")

    html = client.get(page.get_absolute_url()).content.decode()

    assert '<nav class="categories"' not in html


def test_an_old_revision_shows_no_categories_at_its_foot(client):
    page = make_page(title="Rooftop", body="[[Category:Places]]")
    first = page.history.get().history_id

    html = client.get(f"{page.get_absolute_url()}?revision={first}").content.decode()

    assert '<nav class="categories"' not in html


# --- The category filter of /wiki/ -------------------------------------------------


@pytest.fixture
def filed():
    make_page(title="Gym", body="[[Category:Places]]")
    make_page(title="Rooftop", body="[[Category:Places]]")
    make_page(title="Nam On-jo", body="[[Category:Students]]")
    make_character(name="Lee Cheong-san", biography="[[Category:Places]]\n")


def listed(client, query: str):
    response = client.get(reverse("page_list"), {"category": query})
    return response.status_code, [page.title for page in response.context["pages"]]


@pytest.mark.usefixtures("filed")
@pytest.mark.parametrize("query", ["Places", "places", "Category:Places", " PLACES "])
def test_the_page_list_shows_only_the_pages_in_a_category(client, query):
    assert listed(client, query) == (200, ["Gym", "Rooftop"])


@pytest.mark.usefixtures("filed")
def test_a_category_nothing_is_in_lists_no_pages(client):
    assert listed(client, "Teachers") == (200, [])


@pytest.mark.usefixtures("filed")
@pytest.mark.parametrize("query", ["!!!", "Category:", "x" * 201])
def test_a_value_that_names_no_category_is_refused_with_a_400(client, query):
    assert listed(client, query) == (400, [])


def test_the_page_list_shows_the_category_filter(client):
    html = client.get(reverse("page_list")).content.decode()

    assert 'name="category"' in html


# --- Query budgets -----------------------------------------------------------------


@pytest.fixture
def many_categories():
    """Many members in many categories, so that a query per member, per category
    or per kind of content would show up as a larger count."""
    for n in range(6):
        tags = " ".join(f"[[Category:Group {m}]]" for m in range(n + 1))
        make_page(title=f"Page {n}", body=tags)
        make_character(name=f"Student {n}", biography=f"{tags}\n")
        make_event(title=f"Event {n}", description=f"{tags}\n")


@pytest.mark.usefixtures("no_page_cache")
@pytest.mark.usefixtures("many_categories")
def test_the_category_list_runs_one_query(client, django_assert_num_queries):
    # 1. one page of categories with their counts (GROUP BY, LIMIT 101)
    with django_assert_num_queries(1):
        response = client.get(reverse("category_list"))
    assert len(response.context["categories"]) == 6


@pytest.mark.usefixtures("no_page_cache")
@pytest.mark.usefixtures("many_categories")
def test_a_category_page_runs_one_query(client, django_assert_num_queries):
    # 1. one page of members with their content types (LIMIT 101)
    with django_assert_num_queries(1):
        response = client.get(category_url("group-0"))
    assert len(response.context["members"]) == 18


@pytest.mark.usefixtures("no_page_cache")
@pytest.mark.usefixtures("many_categories")
def test_filtering_pages_by_category_runs_one_query(client, django_assert_num_queries):
    # 1. one page of titles in the category (EXISTS, LIMIT 51)
    with django_assert_num_queries(1):
        response = client.get(reverse("page_list") + "?category=Group+5")
    assert [page.title for page in response.context["pages"]] == ["Page 5"]


def test_a_logged_in_reader_adds_only_the_session_and_user(
    client, django_assert_num_queries
):
    make_page(title="Rooftop", body="[[Category:Places]]")
    client.force_login(UserFactory())
    # 1. session  2. user  3. the members
    with django_assert_num_queries(3):
        client.get(category_url("places"))
