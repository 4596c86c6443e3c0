"""Each read view runs a fixed number of queries, however big the wiki gets.

Every test builds a page with many revisions and links first, so that a query per
revision, per link or per editor would show up as a larger count.
"""

import pytest
from django.urls import reverse

from tests.factories import edit_page, make_page
from wiki.revisions import entries

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_page_cache")]

REVISIONS = 12


@pytest.fixture(autouse=True)
def _season_choices_cached(db):
    """Every page's spoiler menu lists the seasons from the cache; the one query
    that fills it after a season changes is tested in tests/timeline."""
    from accounts.preferences import season_choices

    season_choices()


@pytest.fixture
def busy_page():
    targets = [make_page(title=f"Target {n}") for n in range(5)]
    links = " ".join(f"[[{target.title}]]" for target in targets)
    categories = " ".join(f"[[Category:Group {n}]]" for n in range(4))
    page = make_page(title="Busy", body=f"# Busy\n\n{links}\n\n{categories}\n")
    for n in range(REVISIONS):
        edit_page(page, f"{page.body}\nline {n}", summary=f"edit {n}", minor=n % 2 == 0)
        page.refresh_from_db()
    for n in range(3):
        make_page(title=f"Linker {n}", body="[[Busy]]")
    return page


def test_page_view_runs_three_queries(client, busy_page, django_assert_num_queries):
    # 1. the page (without its markdown body)  2. its latest revision with the editor
    # 3. its categories, at its foot (one query, however many)
    with django_assert_num_queries(3):
        response = client.get(busy_page.get_absolute_url())
    assert response.status_code == 200


def test_page_view_for_a_logged_in_user_adds_only_the_session_user_and_blocks(
    user_client, busy_page, django_assert_num_queries
):
    # 1. session  2. user  3. page  4. the user's blocks (for the edit link)
    # 5. latest revision with its editor  6. its categories
    with django_assert_num_queries(6):
        user_client.get(busy_page.get_absolute_url())


def test_old_revision_view_runs_two_queries(
    client, busy_page, django_assert_num_queries
):
    first = busy_page.history.last()
    # 1. the page  2. the revision with its editor; links resolve with 3. one query
    with django_assert_num_queries(3):
        client.get(f"{busy_page.get_absolute_url()}?revision={first.history_id}")


def test_history_runs_two_queries(client, busy_page, django_assert_num_queries):
    # 1. the page  2. one page of revisions joined with their editors
    with django_assert_num_queries(2):
        response = client.get(reverse("page_history", args=[busy_page.slug]))
    assert len(response.context["revisions"]) == REVISIONS + 1


def test_diff_runs_three_queries(client, busy_page, django_assert_num_queries):
    first, last = busy_page.history.last(), busy_page.history.first()
    url = reverse("page_diff", args=[busy_page.slug])
    # 1. the page  2. the "from" revision  3. the "to" revision (each with editor)
    with django_assert_num_queries(3):
        client.get(f"{url}?from={first.history_id}&to={last.history_id}")


def test_what_links_here_runs_two_queries(client, busy_page, django_assert_num_queries):
    # 1. the page  2. its stored incoming links
    with django_assert_num_queries(2):
        response = client.get(reverse("page_links", args=[busy_page.slug]))
    assert len(response.context["links"]) == 3


def test_recent_changes_runs_one_query_per_registered_kind(
    client, busy_page, django_assert_num_queries
):
    # the newest revisions of each kind (pages, characters, events) with editors
    with django_assert_num_queries(len(entries())):
        response = client.get(reverse("recent_changes"))
    # 5 targets + the busy page and its edits + 3 linkers, each one revision
    assert len(response.context["changes"]) == 5 + 1 + REVISIONS + 3


def test_page_list_runs_one_query(client, busy_page, django_assert_num_queries):
    # 1. one page of titles (LIMIT 51, no COUNT)
    with django_assert_num_queries(1):
        response = client.get(reverse("page_list") + "?title=e&sort=-updated")
    # "Busy" is the only page without an "e"; pages per revision would show up here.
    assert len(response.context["pages"]) == 8


def test_contributions_run_a_query_per_kind_and_two_more(
    client, busy_page, django_assert_num_queries
):
    editor = busy_page.history.first().history_user
    # 1. the user  2. their newest revisions of each kind  3. their active blocks
    with django_assert_num_queries(2 + len(entries())):
        client.get(reverse("user_profile", args=[editor.username]))
