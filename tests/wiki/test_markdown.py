import re
from html.parser import HTMLParser

import markdown
import pytest

from wiki.markdown import (
    MAX_MARKDOWN_BYTES,
    Rendered,
    RenderError,
    markdownify,
    render_markdown,
)
from wiki.markdown_guard import MAX_NESTING

EXISTING = {"Nam On-jo": "/wiki/nam-on-jo/", "Hyosan High School": "/wiki/hyosan/"}


class Resolver:
    """Resolves the titles in EXISTING and records every call."""

    def __init__(self):
        self.calls = []

    def __call__(self, titles):
        self.calls.append(titles)
        return {title: EXISTING[title] for title in titles if title in EXISTING}


def missing_link_url(title):
    return f"/wiki/new/?title={title.replace(' ', '+')}"


def render(text, resolver=None):
    return render_markdown(
        text, resolve_links=resolver or Resolver(), missing_link_url=missing_link_url
    )


class Elements(HTMLParser):
    """Every start tag of a piece of HTML with its attributes, entities decoded."""

    def __init__(self, html):
        super().__init__()
        self.found = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))


def elements(html):
    return Elements(html).found


def url_scheme(url):
    """The scheme a browser sees: it drops tabs and newlines inside a URL and
    spaces around it; without a valid scheme the URL is relative."""
    compact = re.sub(r"[\x00-\x20]", "", url).lower()
    scheme = re.match(r"([a-z][a-z0-9+.-]*):", compact)
    return scheme.group(1) if scheme else ""


def realistic_page(size):
    """Headings, paragraphs with links and citations, lists, tables, quotes, code."""
    sections = []
    number = 0
    while sum(map(len, sections)) < size - 2500:
        number += 1
        sections.append(
            f"## Episode {number}\n\n"
            f"[[Nam On-jo]] and [[Lee Cheong-san|Cheong-san]] barricade the music "
            f"room while the infection spreads through **Hyosan High School**; "
            f"[[Choi Nam-ra]] *keeps* the class together.[^e{number}] Read more at "
            f"[the studio](https://studio.example/{number}).\n\n"
            "- The students reach the roof\n"
            "    - [[Yoon Gwi-nam]] follows them\n"
            f"- The army seals the city on day {number}\n\n"
            "| Character | Status | First seen |\n|---|:-:|--:|\n"
            f"| [[Lee Su-hyeok]] | alive | episode {number} |\n"
            f"| [[Jang Ha-ri]] | unknown | `episode {number}` |\n\n"
            "> We are not dead yet.\n> — Nam On-jo\n\n"
            f"```\nstatus: episode {number}\n```\n\n"
            f"[^e{number}]: Netflix press kit, episode {number}.\n\n"
        )
    return "".join(sections)


# Markdown ------------------------------------------------------------------------


def test_tables_render_with_alignment_attributes_not_styles():
    html = render("| a | b | c |\n|:-|:-:|-:|\n| 1 | 2 | 3 |").html

    assert "<table>" in html
    assert '<th align="left">a</th>' in html
    assert '<td align="center">2</td>' in html
    assert '<td align="right">3</td>' in html
    assert "style" not in html


def test_fenced_code_keeps_its_language_and_escapes_its_content():
    html = render('```python\nprint("<b>")\n```').html

    assert (
        html == '<pre><code class="language-python">print("&lt;b&gt;")\n</code></pre>'
    )


def test_footnotes_render_as_numbered_citations_with_back_links():
    html = render("Claim.[^press]\n\n[^press]: Netflix press kit.").html

    assert (
        '<sup id="fnref:press"><a class="footnote-ref" href="#fn:press">1</a>' in html
    )
    assert '<div class="footnote">' in html
    assert '<li id="fn:press">' in html
    assert 'class="footnote-backref" href="#fnref:press"' in html


def test_headings_get_ids_with_a_prefix_so_they_cannot_take_layout_ids():
    html = render("# Content\n\n## Main").html

    assert 'id="h-content">Content</h2>' in html
    assert 'id="h-main">Main</h3>' in html


def test_headings_start_at_h2_because_the_page_title_is_the_h1():
    html = render("# Top\n\n## Below").html

    assert "<h1" not in html
    assert '<h2 id="h-top">Top</h2>' in html
    assert '<h3 id="h-below">Below</h3>' in html


def test_headings_in_korean_get_readable_ids():
    html = render("## 효산고등학교").html

    assert '<h3 id="h-효산고등학교">' in html


def test_table_of_contents_lists_the_headings_nested_by_level():
    toc = render("# Plot\n\n## Season 1\n\n## Season 2\n\n# Cast").toc_html

    assert toc == (
        '<ul class="toc"><li><a href="#h-plot">Plot</a><ul>'
        '<li><a href="#h-season-1">Season 1</a></li>'
        '<li><a href="#h-season-2">Season 2</a></li></ul></li>'
        '<li><a href="#h-cast">Cast</a></li></ul>'
    )


def test_table_of_contents_escapes_heading_text():
    toc = render("## Tom & <b>Jerry</b>\n\n## Two").toc_html

    assert "Tom &amp; Jerry" in toc
    assert "<b>" not in toc


@pytest.mark.parametrize("text", ["No heading.", "## Only one\n\nText."])
def test_table_of_contents_is_empty_below_two_headings(text):
    assert render(text).toc_html == ""


def test_toc_marker_in_the_body_stays_text():
    assert "<p>[TOC]</p>" in render("[TOC]\n\n# A\n\n# B").html


def test_lists_keep_their_start_number():
    assert '<ol start="3">' in render("3. three\n4. four").html


def test_allowed_raw_html_survives():
    html = render("H<sub>2</sub>O <del>old</del> <kbd>Ctrl</kbd><br>x").html

    assert "H<sub>2</sub>O <del>old</del> <kbd>Ctrl</kbd><br>x" in html


def test_images_keep_relative_and_https_sources():
    html = render(
        "![Poster](/media/poster.png) ![Still](https://img.example/a.jpg)"
    ).html

    assert elements(html)[1:] == [
        ("img", {"alt": "Poster", "src": "/media/poster.png"}),
        ("img", {"alt": "Still", "src": "https://img.example/a.jpg"}),
    ]


def test_control_characters_cannot_forge_markdown_placeholders():
    html = render("a\x02wzxhzdk:0\x03b \x02klzzwxh:0\x03").html

    assert "\x02" not in html
    assert "awzxhzdk:0b" in html


# Wiki links ----------------------------------------------------------------------


def test_wiki_link_to_an_existing_page_links_to_it():
    html = render("See [[Nam On-jo]].").html

    assert '<a class="wikilink" href="/wiki/nam-on-jo/">Nam On-jo</a>' in html


def test_wiki_link_to_a_missing_page_is_a_red_link_to_the_create_form():
    html = render("See [[Choi Nam-ra]].").html

    assert (
        '<a class="wikilink wikilink-missing" href="/wiki/new/?title=Choi+Nam-ra" '
        'title="Choi Nam-ra (page does not exist)">Choi Nam-ra</a>'
    ) in html


def test_wiki_link_label_is_shown_instead_of_the_title():
    html = render("[[Nam On-jo|On-jo]] and [[Nam On-jo|]]").html

    assert '"/wiki/nam-on-jo/">On-jo</a>' in html
    assert '"/wiki/nam-on-jo/">Nam On-jo</a>' in html


def test_wiki_link_label_is_escaped_text():
    html = render('[[Nam On-jo|<img src=x onerror="alert(1)"> *b*]]').html

    assert '"/wiki/nam-on-jo/">&lt;img src=x onerror="alert(1)"&gt; *b*</a>' in html


def test_wiki_link_targets_are_normalised():
    rendered = render("[[  Nam\u200b On-jo\t]]")

    assert rendered.link_targets == {"Nam On-jo"}
    assert 'href="/wiki/nam-on-jo/"' in rendered.html


@pytest.mark.parametrize(
    "text",
    ["[[ ]]", "[[\u200b]]", "[[|label]]", "[[" + "x" * 300 + "]]", "[[a\nb]]"],
    ids=["blank", "invisible", "no-target", "too-long", "newline"],
)
def test_wiki_links_with_empty_or_invalid_targets_stay_text(text):
    rendered = render(text)

    assert "<a" not in rendered.html
    assert "[[" in rendered.html
    assert rendered.link_targets == frozenset()


@pytest.mark.parametrize(
    "text",
    ["`[[Nam On-jo]]`", "```\n[[Nam On-jo]]\n```", "Code:\n\n    [[Nam On-jo]]"],
    ids=["code-span", "fenced", "indented"],
)
def test_wiki_links_inside_code_are_neither_links_nor_targets(text):
    rendered = render(text)

    assert "[[Nam On-jo]]" in rendered.html
    assert "<a" not in rendered.html
    assert rendered.link_targets == frozenset()


def test_escaped_wiki_link_is_text():
    assert "<a" not in render(r"\[[Nam On-jo]]").html


def test_all_wiki_links_of_a_body_are_resolved_in_one_call():
    resolver = Resolver()
    render(
        "[[Nam On-jo]] [[Choi Nam-ra]] [[Nam On-jo|again]]\n\n"
        "| who |\n|---|\n| [[Lee Su-hyeok]] |\n\n"
        "Cited.[^1]\n\n[^1]: See [[Hyosan High School]].",
        resolver,
    )

    assert resolver.calls == [
        {"Nam On-jo", "Choi Nam-ra", "Lee Su-hyeok", "Hyosan High School"}
    ]
    assert isinstance(resolver.calls[0], frozenset)


def test_body_without_wiki_links_does_not_call_the_resolver():
    resolver = Resolver()
    render("Plain [link](/wiki/x/).", resolver)

    assert resolver.calls == []


def test_link_targets_are_every_wiki_link_existing_or_not():
    rendered = render("[[Nam On-jo]], [[Choi Nam-ra|Nam-ra]] and [[Choi Nam-ra]].")

    assert rendered == Rendered(
        html=rendered.html,
        toc_html="",
        link_targets=frozenset({"Nam On-jo", "Choi Nam-ra"}),
    )


def test_errors_of_the_resolver_are_not_turned_into_render_errors():
    def failing_resolver(titles):
        raise ConnectionError("database is down")

    with pytest.raises(ConnectionError, match="database is down"):
        render("[[Nam On-jo]]", failing_resolver)


# Sanitising ----------------------------------------------------------------------

ALLOWED_TAGS = {
    "h1", "h2", "h3", "h4", "h5", "h6", "a", "abbr", "blockquote", "br", "code",
    "del", "div", "em", "hr", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre",
    "s", "small", "strong", "sub", "sup", "table", "tbody", "td", "th", "thead",
    "tr", "ul",
}  # fmt: skip
XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    "<IMG SRC=x OnErRoR=alert(1)>",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<math><mi xlink:href=javascript:alert(1)>x</mi></math>",
    "<iframe src=https://evil.example></iframe>",
    "<object data=https://evil.example/x.swf></object>",
    "<embed src=https://evil.example/x.swf>",
    "<form action=https://evil.example><input name=q><button>go</button></form>",
    "<style>body { display: none }</style>",
    '<p style="position: fixed; top: 0">x</p>',
    "<details open ontoggle=alert(1)>x</details>",
    '<a href="/x" onclick="alert(1)">x</a>',
    "<base href=//evil.example/>",
    "<meta http-equiv=refresh content='0;url=https://evil.example'>",
    "<link rel=stylesheet href=//evil.example/x.css>",
    "<!--<script>alert(1)</script>-->",
    "<textarea><script>alert(1)</script></textarea>",
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href="&#106;avascript:alert(1)">x</a>',
    '<a href="jav&#x09;ascript:alert(1)">x</a>',
    '<a href="  \njavascript:alert(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<img src="data:image/svg+xml,<svg onload=alert(1)>">',
    "[x](javascript:alert(1))",
    "[x](JAVASCRIPT:alert(1))",
    "[x](&#106;avascript:alert(1))",
    "[x](jav&#x09;ascript:alert(1))",
    "[x](  javascript:alert(1))",
    "[x](<javascript:alert(1)>)",
    "[x](vbscript:msgbox(1))",
    "[x](data:text/html,<script>alert(1)</script>)",
    "![x](javascript:alert(1))",
    "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    "[x][ref]\n\n[ref]: javascript:alert(1)",
    "<javascript:alert(1)>",
    "[[Nam On-jo|x]](javascript:alert(1))",
]


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_sanitiser_leaves_no_scripts_handlers_styles_or_unsafe_urls(payload):
    html = render(f"Text {payload} text\n\n{payload}").html

    for tag, attributes in elements(html):
        assert tag in ALLOWED_TAGS
        for name, value in attributes.items():
            assert not name.startswith("on")
            assert name != "style"
            if name in {"href", "src"}:
                assert url_scheme(value) in {"", "http", "https", "mailto"}
    assert "<script" not in html.lower()


@pytest.mark.parametrize(
    "text",
    [
        '# Heading {: onclick="alert(1)"}',
        'Paragraph\n{: onclick="alert(1)" }',
        "## Heading {#content .evil}",
        "Paragraph {: #content .evil style='color: red' }",
    ],
)
def test_attribute_list_syntax_stays_text(text):
    html = render(text).html

    assert "{" in html
    for _, attributes in elements(html):
        assert "onclick" not in attributes
        assert "style" not in attributes
        assert attributes.get("id", "h-").startswith("h-")
        assert "class" not in attributes


def test_external_links_get_nofollow_noopener_noreferrer():
    html = render(
        "[studio](https://studio.example/) <https://auto.example/> "
        '[mail](mailto:fan@example.org) <a href="https://raw.example/">raw</a>'
    ).html

    links = [attributes for tag, attributes in elements(html) if tag == "a"]
    assert len(links) == 4
    assert {link["rel"] for link in links} == {"nofollow noopener noreferrer"}


def test_raw_html_links_cannot_choose_their_own_rel():
    html = render('<a rel="opener" href="https://raw.example/">raw</a>').html

    [(_, attributes)] = elements(html)[1:]
    assert attributes["rel"] == "nofollow noopener noreferrer"


def test_internal_links_get_no_rel():
    html = render(
        "[[Nam On-jo]] [[Choi Nam-ra]] [home](/) [section](#h-plot) cited[^1]"
        "\n\n[^1]: Source."
    ).html

    links = [attributes for tag, attributes in elements(html) if tag == "a"]
    assert len(links) == 6
    assert not any("rel" in link for link in links)


def test_classes_other_than_the_renderers_are_dropped():
    html = render(
        '<a class="wikilink evil" href="/x">a</a> <div class="evil">b</div> '
        '<code class="language-js evil">c</code>'
    ).html

    found = dict(elements(html))
    assert found["a"]["class"] == "wikilink"
    assert "class" not in found["div"]
    assert found["code"]["class"] == "language-js"


def test_ids_other_than_the_renderers_are_dropped():
    html = render(
        '<h2 id="content">a</h2> <sup id="main">b</sup> <li id="fn">c</li>'
    ).html

    assert "id=" not in html


# The guard -----------------------------------------------------------------------


def test_body_over_the_size_limit_is_refused_with_the_limit_and_its_size():
    text = "a" * (MAX_MARKDOWN_BYTES + 1)

    with pytest.raises(RenderError) as error:
        render(text)

    assert str(error.value) == (
        "The text is 204,801 bytes long; the limit is 204,800 bytes (200 KB). "
        "Split it into several pages."
    )


def test_size_limit_counts_utf8_bytes_not_characters():
    text = "효" * (MAX_MARKDOWN_BYTES // 3 + 1)

    with pytest.raises(RenderError, match="204,801 bytes long"):
        render(text)


@pytest.mark.parametrize("size", [50_000, MAX_MARKDOWN_BYTES - 1_000])
def test_realistic_pages_up_to_the_size_limit_render(size):
    text = realistic_page(size)
    rendered = render(text)

    assert size - 3_000 < len(text.encode()) <= size
    assert rendered.html.count("<table>") == text.count("| Character |")
    assert rendered.html.count('class="footnote-ref"') == text.count("## Episode")
    assert rendered.link_targets == {
        "Nam On-jo",
        "Lee Cheong-san",
        "Choi Nam-ra",
        "Yoon Gwi-nam",
        "Lee Su-hyeok",
        "Jang Ha-ri",
    }
    assert rendered.toc_html.count("<li>") == text.count("## Episode")


def nested_list(depth, marker="-", indent="    "):
    return "".join(indent * level + f"{marker} item\n" for level in range(depth))


PATHOLOGICAL = {
    "list-500-deep": nested_list(500, indent="\t"),
    "ordered-list-500-deep": nested_list(500, "1.", indent="\t"),
    "blockquote-500-deep": ">" * 500 + " deep",
    "blockquote-lines-500-deep": "".join(">" * depth + " a\n" for depth in range(500)),
    "quote-in-list-300-deep": "".join("\t" * depth + "- > a\n" for depth in range(300)),
    "open-brackets-20000": "[" * 20_000,
    "double-brackets-10000": "[[" * 10_000,
    "image-brackets-10000": "![" * 10_000,
    "footnote-brackets-10000": "[^" * 10_000,
    "balanced-brackets-5000": "[" * 5_000 + "]" * 5_000,
    "unclosed-link-parens": "[a](" * 5_000,
    "unclosed-wiki-labels": "[[a|" * 5_000,
    "nested-emphasis": "*a " * 5_000 + "b" + " a*" * 5_000,
    "nested-strong": "**a " * 5_000 + "b" + " a**" * 5_000,
    "emphasis-runs": "*a" * 50_000,
    "code-spans-in-one-paragraph": "`a` " * 40_000,
    "hard-breaks-in-one-paragraph": "a  \n" * 40_000,
    "unclosed-html-tags": "<a " * 30_000,
    "unclosed-cdata": "<![CDATA[" * 10_000,
    "headings-without-blank-lines": "# a\nb\n" * 30_000,
    "setext-headings-in-one-block": ("x" * 60 + "\n-\n") * 3_000,
    "rules-in-one-block": "* * *\n" * 30_000,
    "footnote-markers": "".join(f"x[^{n}]\n\n[^{n}]: y\n\n" for n in range(1_001)),
    "footnote-cited-too-often": "x[^1] " * 500 + "\n\n[^1]: y",
    "blank-paragraphs": "a\n\n" * 60_000,
    "table-cells": "a|b\n-|-\n" + "|a" * 50_000,
}


@pytest.mark.parametrize("text", PATHOLOGICAL.values(), ids=PATHOLOGICAL.keys())
def test_pathological_input_is_refused_with_a_sentence(text):
    with pytest.raises(RenderError) as error:
        render(text)

    message = str(error.value)
    assert message.endswith(".")
    assert "Traceback" not in message


def test_a_footnote_cited_too_often_is_named():
    with pytest.raises(RenderError, match=r"footnote \[\^press\] appears 102 times"):
        render("x[^press] " * 101 + "\n\n[^press]: Press kit.")


def test_nesting_up_to_the_limit_renders():
    html = render(nested_list(MAX_NESTING)).html

    assert html.count("<li>") == MAX_NESTING


def test_nesting_beyond_the_limit_names_the_line():
    with pytest.raises(RenderError, match=f"Line {MAX_NESTING + 1} is nested"):
        render(nested_list(MAX_NESTING + 1))


def test_horizontal_rules_made_of_many_markers_are_not_nesting():
    assert "<hr>" in render("- " * 100 + "-").html


def test_escaped_brackets_are_not_counted_as_unclosed():
    paragraph = "[ word " * 3_000

    with pytest.raises(RenderError, match="brackets"):
        render(paragraph)
    assert render(paragraph.replace("[", r"\[")).html.count("[") == 3_000


def test_escaped_asterisks_are_not_counted_as_emphasis():
    paragraph = "*a " * 300

    with pytest.raises(RenderError, match="bold or italic"):
        render(paragraph)
    assert render(paragraph.replace("*", r"\*")).html.count("*") == 300


def test_recursion_error_in_python_markdown_becomes_a_render_error(monkeypatch):
    def overflow(self, text):
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(markdown.Markdown, "convert", overflow)

    with pytest.raises(RenderError, match="nested too deeply") as error:
        render("- a")
    assert isinstance(error.value.__cause__, RecursionError)


def test_any_other_python_markdown_failure_becomes_a_render_error(monkeypatch):
    def crash(self, text):
        raise IndexError("list index out of range")

    monkeypatch.setattr(markdown.Markdown, "convert", crash)

    with pytest.raises(RenderError, match="could not be displayed"):
        render("a")


# Preview -------------------------------------------------------------------------


@pytest.fixture
def preview_links(monkeypatch):
    """markdownify resolves through wiki.links; here without a database."""
    resolver = Resolver()
    monkeypatch.setattr("wiki.links.resolve_link_targets", resolver)
    monkeypatch.setattr("wiki.links.missing_link_url", missing_link_url)
    return resolver


def test_markdownify_returns_the_sanitised_html(preview_links):
    html = markdownify("**[[Nam On-jo]]** <script>alert(1)</script>")

    assert html == (
        '<p><strong><a class="wikilink" href="/wiki/nam-on-jo/">Nam On-jo</a>'
        "</strong> </p>"
    )
    assert preview_links.calls == [{"Nam On-jo"}]


def test_markdownify_returns_an_error_paragraph_instead_of_raising(preview_links):
    html = markdownify("[" * 20_000)

    assert html.startswith('<p class="preview-error">The text has too many ')
    assert html.endswith("</p>")


def test_markdownify_escapes_the_error_message(preview_links, monkeypatch):
    def refuse(text):
        raise RenderError("Bad <b>markup</b> & more.")

    monkeypatch.setattr("wiki.links.render_wiki_markdown", refuse)

    assert markdownify("x") == (
        '<p class="preview-error">Bad &lt;b&gt;markup&lt;/b&gt; &amp; more.</p>'
    )
