"""Every page has a description, OpenGraph tags and a canonical URL."""

from html.parser import HTMLParser

import pytest
from django.template import Context, Template
from django.urls import reverse

from tests.factories import edit_page, make_character, make_event, make_page

pytestmark = pytest.mark.django_db


class HeadTags(HTMLParser):
    """The meta tags of a document by name or property, and its canonical link."""

    def __init__(self):
        super().__init__()
        self.meta: dict[str, str] = {}
        self.canonical: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and ("name" in attrs or "property" in attrs):
            self.meta[attrs.get("property") or attrs["name"]] = attrs["content"]
        if tag == "link" and attrs.get("rel") == "canonical":
            self.canonical = attrs["href"]


def head_tags(response) -> HeadTags:
    parser = HeadTags()
    parser.feed(response.content.decode())
    return parser


def test_a_page_other_than_content_is_a_website_with_the_sites_name(client):
    tags = head_tags(client.get(reverse("page_list")))

    assert tags.meta["og:site_name"] == "Hyosan Wiki"
    assert tags.meta["og:type"] == "website"
    assert tags.meta["og:title"] == "All pages"
    assert tags.meta["og:description"] == tags.meta["description"]
    assert tags.meta["og:url"] == "http://testserver/wiki/"
    assert tags.canonical == "http://testserver/wiki/"


def test_the_canonical_url_of_a_list_leaves_out_its_query_string(client):
    tags = head_tags(client.get(reverse("page_list") + "?q=roof"))

    assert tags.canonical == "http://testserver/wiki/"


def test_a_wiki_page_is_an_article_described_by_the_start_of_its_text(client):
    page = make_page(title="Rooftop", body="# Roof\n\nThe students hide *up* here.\n")

    tags = head_tags(client.get(page.get_absolute_url()))

    assert tags.meta["og:type"] == "article"
    assert tags.meta["og:title"] == "Rooftop"
    assert tags.meta["description"] == "Roof The students hide up here."
    assert tags.meta["og:description"] == tags.meta["description"]
    assert tags.meta["og:url"] == "http://testserver/wiki/rooftop/"
    assert tags.canonical == "http://testserver/wiki/rooftop/"


def test_a_wiki_pages_description_is_cut_to_160_characters(client):
    page = make_page(title="Rooftop", body="word " * 100)

    description = head_tags(client.get(page.get_absolute_url())).meta["description"]

    assert len(description) == 160
    assert description.endswith("…")


def test_a_wiki_pages_description_leaves_out_spoilers_and_footnotes(client):
    body = (
        'Tom & "Jerry" hide here[^1].\n\n'
        ":::spoiler 2\nOn-jo dies.\n:::\n\n"
        "They escape.\n\n[^1]: A source.\n"
    )
    page = make_page(title="Rooftop", body=body)

    description = head_tags(client.get(page.get_absolute_url())).meta["description"]

    assert description == 'Tom & "Jerry" hide here. They escape.'


def test_a_wiki_page_of_nothing_but_spoilers_is_described_by_its_title(client):
    page = make_page(title="Rooftop", body=":::spoiler 2\nOn-jo dies.\n:::\n")

    description = head_tags(client.get(page.get_absolute_url())).meta["description"]

    assert description == "Rooftop: a page of Hyosan Wiki."


def test_an_old_revisions_canonical_url_is_the_pages_own(client):
    page = make_page(title="Rooftop")
    revision = page.history.first()

    url = f"{page.get_absolute_url()}?revision={revision.history_id}"
    tags = head_tags(client.get(url))

    assert tags.canonical == "http://testserver/wiki/rooftop/"


def test_an_old_revision_is_described_by_the_title_not_the_current_text(client):
    page = make_page(title="Rooftop", body="First text.\n")
    first = page.history.get()
    edit_page(page, "Second text.\n")

    url = f"{page.get_absolute_url()}?revision={first.history_id}"
    tags = head_tags(client.get(url))

    assert tags.meta["description"] == "Rooftop: a page of Hyosan Wiki."


def test_a_character_is_described_by_actor_and_role_not_status(client):
    character = make_character(
        name="Nam On-jo", actor="Park Ji-hu", role="student", status="deceased"
    )

    tags = head_tags(client.get(character.get_absolute_url()))

    assert tags.meta["og:type"] == "article"
    assert tags.meta["description"] == (
        "Nam On-jo, played by Park Ji-hu (Student): a character on Hyosan Wiki."
    )
    assert tags.canonical == "http://testserver/characters/nam-on-jo/"


def test_an_event_is_described_by_its_kind_and_date(client):
    event = make_event(title="Season 2 confirmed")

    tags = head_tags(client.get(event.get_absolute_url()))

    assert tags.meta["og:type"] == "article"
    assert tags.meta["description"].startswith(
        f"Season 2 confirmed: announcement, {event.when}."
    )
    assert tags.canonical == "http://testserver/timeline/season-2-confirmed/"


def test_the_meta_tags_escape_quotes_in_titles(client):
    page = make_page(title='The "safe" room')

    tags = head_tags(client.get(page.get_absolute_url()))

    assert tags.meta["og:title"] == 'The "safe" room'


def test_a_page_rendered_without_a_request_has_no_canonical_url():
    html = Template('{% extends "base.html" %}').render(Context({}))

    assert 'rel="canonical"' not in html
    assert 'property="og:title" content="Welcome"' in html


def test_the_page_refusing_a_foreign_host_names_no_url_on_it(client, db):
    response = client.get("/", HTTP_HOST="evil.example.com")

    assert response.status_code == 400
    assert "evil.example.com" not in response.content.decode()


@pytest.mark.parametrize(
    "html",
    [
        # Text far beyond the first cut, behind long tags.
        "".join(
            f'<p><a class="wikilink" href="/wiki/{"x" * 300}-{n}/">w{n}</a></p>'
            for n in range(120)
        ),
        # An entity and a spoiler around the places where the text is cut.
        '<p>Tom &amp; Jerry</p><details class="spoiler"><summary>S</summary>'
        + "<p>secret</p>" * 400
        + "</details>"
        + "<p>after &lt;the&gt; spoiler</p>" * 30,
        "<p>short</p>",
        "no tags at all " * 40,
    ],
)
def test_the_summary_only_strips_as_much_html_as_it_needs_and_says_the_same(html):
    from html import unescape

    from django.utils.html import strip_tags
    from django.utils.text import Truncator

    from wiki.templatetags.meta_tags import _FOOTNOTE_MARK, _NOT_SUMMARY, summary_text

    whole = _FOOTNOTE_MARK.sub("", _NOT_SUMMARY.sub(" ", html))
    expected = Truncator(" ".join(unescape(strip_tags(whole)).split())).chars(160)
    assert summary_text(html) == expected
    assert "secret" not in summary_text(html)
