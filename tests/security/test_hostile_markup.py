"""Hostile markup, at the HTTP level: script in every markdown field, and in
titles, names, aliases, sources and edit summaries; javascript: and data: links.

Markdown is content, so an edit full of hostile markup is saved (it is a
revision like any other); what must hold is that nothing of it runs where it is
shown: the page, an old revision's permalink, a diff, the editor's preview, the
API's HTML. Plain-text fields (titles, names, summaries, sources) are shown as
text wherever they appear, and a link field takes web addresses only: anything
else there is a form error that writes nothing.
"""

import xml.etree.ElementTree as ElementTree
from urllib.parse import quote

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from characters.models import Character
from tests.factories import make_character, make_event, make_page
from tests.security.hostile import (
    character_form,
    edit_form,
    edit_url,
    event_form,
    executable_markup,
    form_errors,
    kind_of,
    page_text,
)
from timeline.models import Event
from wiki.models import Page

pytestmark = pytest.mark.django_db

SENTINEL = "Sentinel paragraph of the hostile body"

MARKDOWN_PAYLOADS = {
    "script tag": '<script>alert("xss")</script>',
    "script in svg": "<svg><script>alert(1)</script></svg>",
    "img onerror": '<img src="x" onerror="alert(\'xss\')">',
    "svg onload": '<svg onload="alert(\'xss\')"><circle r="9"/></svg>',
    "iframe": '<iframe src="https://evil.example/"></iframe>',
    "object and embed": '<object data="javascript:alert(1)"></object>'
    '<embed src="javascript:alert(1)">',
    "meta refresh and base": '<meta http-equiv="refresh" content="0;url=https://evil.'
    'example/"><base href="https://evil.example/">',
    "style": '<style>body{display:none}</style><p style="color:red">styled</p>',
    "form posting off-site": '<form action="https://evil.example/"><button '
    'formaction="javascript:alert(1)">go</button></form>',
    "mathml xlink": '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    "javascript link": '[click](javascript:alert("xss"))',
    "javascript link in capitals": "[click](JaVaScRiPt:alert(1))",
    "javascript link with a tab": '<a href="jav&#x09;ascript:alert(1)">click</a>',
    "javascript link by reference": '[click][x]\n\n[x]: javascript:alert("xss")',
    "javascript autolink": "<javascript:alert(1)>",
    "javascript image": "![pic](javascript:alert(1))",
    "data link": "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "data image": "![pic](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    "vbscript link": "[click](vbscript:msgbox(1))",
    "attribute list": 'A paragraph\n{: onclick="alert(1)" }',
    "wiki link label": '[[Nam On-jo|<img src=x onerror=alert("xss")>]]',
    "wiki link to javascript": "[[javascript:alert(1)]]",
    "spoiler attributes": ':::spoiler 2" onmouseover="alert(1)\nHidden\n:::',
    "footnote": 'Cited[^a]\n\n[^a]: <img src="x" onerror="alert(\'fn\')">',
    "heading": '## <img src="x" onerror="alert(\'toc\')">\n\n## Second',
}
EVERY_PAYLOAD = "\n\n".join(MARKDOWN_PAYLOADS.values())


def hostile_body(payload: str) -> str:
    return f"{SENTINEL}\n\n{payload}\n"


def assert_inert(response, *, showing: str = SENTINEL) -> None:
    assert response.status_code == 200
    html = page_text(response)
    assert showing in html, "the hostile text is not shown, so nothing was tested"
    assert executable_markup(html) == []


@pytest.mark.parametrize(
    "html",
    [
        "<p><script>alert(1)</script></p>",
        '<img src="x" onerror="alert(1)">',
        '<a href=" JAVA\tSCRIPT:alert(1)">x</a>',
        '<a href="data:text/html,x">x</a>',
        '<img srcset="a.png 1x, javascript:alert(1) 2x">',
        '<p style="color:red">x</p>',
        '<iframe src="https://example.org/"></iframe>',
        '<form action="https://evil.example/"></form>',
        '<script src="https://evil.example/x.js"></script>',
    ],
)
def test_the_scanner_finds_what_a_browser_would_run(html):
    # The tests below are only as good as this check.
    assert executable_markup(html)


def test_the_scanner_passes_the_sites_own_pages(client):
    make_page(title="Rooftop", body="**Up** on the [roof](https://example.org/).\n")

    assert_inert(client.get(reverse("page_detail", args=["rooftop"])), showing="Up")


# --- Markdown fields --------------------------------------------------------------


@pytest.mark.parametrize(
    "payload", MARKDOWN_PAYLOADS.values(), ids=MARKDOWN_PAYLOADS.keys()
)
def test_markup_in_a_page_body_is_saved_but_runs_nowhere(editor_client, payload):
    page = make_page(title="Rooftop", body="Up on the roof.\n")
    body = hostile_body(payload)

    response = editor_client.post(edit_url(page), edit_form(page, body=body))

    assert response.status_code == 302
    page.refresh_from_db()
    assert page.body == body
    saved = page.history.latest("history_id").history_id
    reader = Client()
    assert_inert(reader.get(page.get_absolute_url()))
    assert_inert(reader.get(f"{page.get_absolute_url()}?revision={saved}"))
    diff = reader.get(reverse("page_diff", args=[page.slug]) + f"?to={saved}")
    # The diff shows the markdown itself, as text.
    assert_inert(diff, showing=escape(payload.splitlines()[-1]))
    preview = editor_client.post(reverse("markdown_preview"), {"content": body})
    assert_inert(preview)


def post_page_create(client, body):
    data = {"title": "Hostile page", "body": body, "summary": ""}
    client.post(reverse("page_create"), data)
    return Page.objects.get(title="Hostile page")


def post_character_create(client, body):
    client.post(reverse("character_create"), character_form(biography=body))
    return Character.objects.get(name="Yoon Gwi-nam")


def post_event_create(client, body):
    client.post(reverse("event_create"), event_form(description=body))
    return Event.objects.get(title="Filming of season 2 begins")


def post_edit(make, field):
    def post(client, body):
        obj = make()
        client.post(edit_url(obj), edit_form(obj, **{field: body}))
        obj.refresh_from_db()
        return obj

    return post


MARKDOWN_WRITE_PATHS = {
    "page create (body)": post_page_create,
    "character create (biography)": post_character_create,
    "character edit (biography)": post_edit(make_character, "biography"),
    "event create (description)": post_event_create,
    "event edit (description)": post_edit(make_event, "description"),
}
API_DETAIL = {
    "page": "api:page-detail",
    "character": "api:character-detail",
    "event": "api:event-detail",
}


@pytest.mark.parametrize(
    "post", MARKDOWN_WRITE_PATHS.values(), ids=MARKDOWN_WRITE_PATHS.keys()
)
def test_markup_in_every_markdown_field_runs_nowhere(editor_client, season, post):
    obj = post(editor_client, hostile_body(EVERY_PAYLOAD))

    assert SENTINEL in obj.rendered_html
    assert executable_markup(obj.rendered_html) == []
    reader = Client()
    assert_inert(reader.get(obj.get_absolute_url()))
    saved = obj.history.latest("history_id").history_id
    assert_inert(reader.get(f"{obj.get_absolute_url()}?revision={saved}"))
    api = reader.get(reverse(API_DETAIL[kind_of(obj)], args=[obj.slug]))
    assert api["Content-Type"] == "application/json"
    assert executable_markup(api.json()["rendered_html"]) == []


# --- Link fields ------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        " javascript:alert(1)",
        "java\tscript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "data:image/png;base64,iVBORw0KGgo=",
        "vbscript:msgbox(1)",
        "file:///etc/passwd",
    ],
)
def test_a_source_link_that_is_not_a_web_address_is_a_form_error(
    editor_client, unchanged, url
):
    with unchanged():
        response = editor_client.post(
            reverse("event_create"), event_form(**{"sources-0-url": url})
        )

    assert response.status_code == 200
    assert "Enter a valid URL." in form_errors(response)
    assert executable_markup(page_text(response)) == []


def test_a_source_link_is_checked_on_an_edit_too(editor_client, unchanged):
    event = make_event()
    data = edit_form(event, **{"sources-0-url": "javascript:alert(1)"})

    with unchanged():
        response = editor_client.post(edit_url(event), data)

    assert "Enter a valid URL." in form_errors(response)


# --- Titles, names, aliases, sources and summaries --------------------------------

PAGE_TITLE = 'Rooftop <script>alert("title")</script>'
CHARACTER_NAME = 'Gwi-nam <img src=x onerror=alert("name")>'
ALIAS = '<svg onload=alert("alias")>Bully'
ACTOR = '"><script>alert("actor")</script>'
EVENT_TITLE = "Finale <iframe src=\"javascript:alert('event')\">"
PUBLISHER = '<b onmouseover=alert("publisher")>Soompi</b>'
SOURCE_TITLE = '</title><script>alert("source")</script>'
SUMMARY = '"><img src=x onerror=alert("summary")> <a href="javascript:alert(1)">w</a>'
REASON = '<script>alert("reason")</script>'
HOSTILE_TEXTS = [
    PAGE_TITLE,
    CHARACTER_NAME,
    ALIAS,
    ACTOR,
    EVENT_TITLE,
    PUBLISHER,
    SOURCE_TITLE,
    SUMMARY,
    REASON,
]


@pytest.fixture
def hostile_content(editor_client, season):
    """A page and a character created with hostile titles, and an event renamed
    to one, each edited once more with a hostile summary, all through the forms."""
    make_page(title="Hyosan High School")
    client = editor_client
    body = "See [[Hyosan High School]].\n\n[[Category:Hostile]]\n"
    client.post(
        reverse("page_create"), {"title": PAGE_TITLE, "body": body, "summary": SUMMARY}
    )
    page = Page.objects.get(title=PAGE_TITLE)
    client.post(edit_url(page), edit_form(page, body=f"{body}More.\n", summary=SUMMARY))
    fields = {"name": CHARACTER_NAME, "aliases": ALIAS, "actor": ACTOR}
    client.post(reverse("character_create"), character_form(**fields, summary=SUMMARY))
    character = Character.objects.get()
    client.post(
        edit_url(character), edit_form(character, biography="More.\n", summary=SUMMARY)
    )
    sources = {"sources-0-publisher": PUBLISHER, "sources-0-title": SOURCE_TITLE}
    client.post(
        reverse("event_create"),
        event_form(**sources, character_ids=[character.pk], summary=SUMMARY),
    )
    event = Event.objects.get()
    client.post(
        reverse("event_rename", args=[event.slug]),
        {"new_title": EVENT_TITLE, "reason": REASON},
    )
    event.refresh_from_db()
    client.post(
        edit_url(event), edit_form(event, description="More.\n", summary=SUMMARY)
    )
    page = Page.objects.get(title=PAGE_TITLE)
    character.refresh_from_db()
    event.refresh_from_db()
    assert (page.version, character.version, event.version) == (2, 2, 3)
    assert character.aliases == ALIAS and character.actor == ACTOR
    assert event.sources[0]["publisher"] == PUBLISHER
    return page, character, event


def surfaces(page, character, event) -> dict[str, tuple[str, list[str]]]:
    """Every HTML page that shows the hostile content, and what it must show."""
    first = page.history.earliest("history_id").history_id
    return {
        "page": (page.get_absolute_url(), [PAGE_TITLE]),
        "old revision": (f"{page.get_absolute_url()}?revision={first}", [PAGE_TITLE]),
        "page history": (reverse("page_history", args=[page.slug]), [SUMMARY]),
        "page diff": (reverse("page_diff", args=[page.slug]), [PAGE_TITLE, SUMMARY]),
        "page edit form": (edit_url(page), [PAGE_TITLE]),
        "page rename form": (reverse("page_rename", args=[page.slug]), [PAGE_TITLE]),
        "page list": (reverse("page_list"), [PAGE_TITLE]),
        "what links here": (
            reverse("page_links", args=["hyosan-high-school"]),
            [PAGE_TITLE],
        ),
        "category": (reverse("category_detail", args=["hostile"]), [PAGE_TITLE]),
        "character": (character.get_absolute_url(), [CHARACTER_NAME, ALIAS, ACTOR]),
        "character history": (
            reverse("character_history", args=[character.slug]),
            [CHARACTER_NAME, SUMMARY],
        ),
        "character diff": (
            reverse("character_diff", args=[character.slug]),
            [CHARACTER_NAME, SUMMARY],
        ),
        "character list": (reverse("character_list"), [CHARACTER_NAME]),
        "event": (
            event.get_absolute_url(),
            [EVENT_TITLE, PUBLISHER, SOURCE_TITLE, CHARACTER_NAME],
        ),
        "event history": (
            reverse("event_history", args=[event.slug]),
            [EVENT_TITLE, SUMMARY, REASON],
        ),
        "event diff": (reverse("event_diff", args=[event.slug]), [EVENT_TITLE]),
        "timeline": (reverse("timeline"), [EVENT_TITLE]),
        "recent changes": (
            reverse("recent_changes"),
            [PAGE_TITLE, CHARACTER_NAME, EVENT_TITLE, SUMMARY, REASON],
        ),
        "contributions": (
            reverse("user_profile", args=["Mallory"]),
            [PAGE_TITLE, CHARACTER_NAME, EVENT_TITLE, SUMMARY],
        ),
        "home": ("/", [CHARACTER_NAME, EVENT_TITLE]),
        "search results": (
            reverse("search") + "?q=alert&fulltext=1",
            [PAGE_TITLE, CHARACTER_NAME, EVENT_TITLE],
        ),
    }


def test_hostile_titles_names_and_summaries_are_text_on_every_page(
    hostile_content, editor_client
):
    failures = {}
    for name, (url, shown) in surfaces(*hostile_content).items():
        response = editor_client.get(url)
        html = page_text(response)
        problems = executable_markup(html)
        problems += [f"raw {text!r}" for text in HOSTILE_TEXTS if text in html]
        problems += [f"missing {text!r}" for text in shown if escape(text) not in html]
        if response.status_code != 200:
            problems.append(f"status {response.status_code}")
        if problems:
            failures[name] = problems
    assert failures == {}


def test_an_error_quoting_a_hostile_title_shows_it_as_text(
    hostile_content, editor_client
):
    # The form error names the page that has the title already.
    data = {"title": PAGE_TITLE.upper(), "body": "x", "summary": ""}

    response = editor_client.post(reverse("page_create"), data)

    html = page_text(response)
    assert "A page with this title already exists" in html
    assert escape(PAGE_TITLE) in html
    assert executable_markup(html) == []


@pytest.mark.parametrize("feed", ["recent", "history"])
def test_feeds_carry_hostile_titles_and_summaries_as_text(hostile_content, feed):
    page = hostile_content[0]
    url = (
        reverse("recent_feed")
        if feed == "recent"
        else reverse("page_history_feed", args=[page.slug])
    )

    response = Client().get(url)

    assert response.status_code == 200
    atom = "{http://www.w3.org/2005/Atom}"
    entries = ElementTree.fromstring(response.content).findall(f"{atom}entry")
    titles = [entry.find(f"{atom}title") for entry in entries]
    # Titles are plain text (Atom's default), so a reader never parses them.
    assert {title.get("type", "text") for title in titles} == {"text"}
    assert any(PAGE_TITLE in title.text for title in titles)
    summaries = [entry.find(f"{atom}summary") for entry in entries]
    html = [summary.text for summary in summaries if summary is not None]
    # Summaries are HTML to a feed reader: the summary must arrive escaped in it.
    assert escape(SUMMARY) in html
    assert all(executable_markup(text) == [] for text in html)


def test_the_api_and_suggestions_return_hostile_titles_as_json_data(hostile_content):
    page, character, event = hostile_content
    client = Client()
    answers = {
        PAGE_TITLE: client.get(reverse("api:page-detail", args=[page.slug])),
        CHARACTER_NAME: client.get(
            reverse("api:character-detail", args=[character.slug])
        ),
        EVENT_TITLE: client.get(reverse("api:event-detail", args=[event.slug])),
    }
    for title, response in answers.items():
        assert response["Content-Type"] == "application/json"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert title in response.json().values()
    suggest = client.get(reverse("search_suggest") + "?q=rooftop")
    assert suggest["Content-Type"] == "application/json"
    assert suggest.json()["results"][0]["title"] == PAGE_TITLE


# --- Hostile text in the address ------------------------------------------------------

REFLECTED = '"><script>alert(1)</script><img src=x onerror=alert(2)>'


def test_hostile_text_in_an_address_is_shown_back_as_text(editor_client, season):
    # Search boxes, filter forms, create forms prefilled from a red link, and
    # 404 pages all show what the address says.
    hostile = quote(REFLECTED)
    urls = [
        f"/search/?q={hostile}&fulltext=1",
        f"/wiki/new/?title={hostile}",
        f"/characters/new/?name={hostile}",
        f"/timeline/new/?title={hostile}",
        f"/wiki/?title={hostile}",
        f"/wiki/?category={hostile}",
        f"/wiki/?updated_since={hostile}",
        f"/characters/?q={hostile}",
        f"/recent/?user={hostile}",
        f"/timeline/?character={hostile}",
        f"/accounts/preferences/?next=/{hostile}",
        f"/users/{hostile}/",
        f"/nowhere/{hostile}",
    ]
    shown = {}
    for url in urls:
        html = page_text(editor_client.get(url))
        shown[url] = (escape(REFLECTED) in html, executable_markup(html))

    assert shown == dict.fromkeys(urls, (True, []))
    suggest = editor_client.get(f"/search/suggest/?q={hostile}")
    assert suggest["Content-Type"] == "application/json"
    assert suggest["X-Content-Type-Options"] == "nosniff"
