"""The render's speed-ups (a reused Markdown instance per thread, the cheaper
inline step, the search text read without html.parser) change nothing it gives."""

from search.documents import _Text, _TextParser, _tidy, plain_text
from tests.wiki.test_markdown import render


def _render(text, resolve=None):
    return render(text, resolve)


def test_a_blank_text_after_one_with_links_reports_none():
    assert _render("See [[Nam On-jo]].\n\n[[Category:Students]]\n").link_targets
    blank = _render("   \n")
    assert not blank.link_targets
    assert not blank.categories


def test_a_render_started_from_inside_a_link_resolver_gets_its_own_instance():
    inner = {}

    def resolve(titles):
        inner["html"] = _render("**inner** [[Other page]]").html
        return {}

    outer = _render("Outer [[Nam On-jo]] *text*.", resolve)
    assert "Outer" in outer.html and "inner" not in outer.html
    assert "<strong>inner</strong>" in inner["html"]
    assert "Other page" in inner["html"]


def test_the_same_text_renders_the_same_after_any_other():
    text = "# Title\n\nSee [[Nam On-jo]], `code` and *em*.[^1]\n\n[^1]: A note.\n"
    first = _render(text)
    _render("| a | b |\n|---|---|\n| 1 | 2 |\n\n:::spoiler 2\nSecret.\n:::\n")
    again = _render(text)
    assert (again.html, again.toc_html, again.link_targets) == (
        first.html,
        first.toc_html,
        first.link_targets,
    )


def _slow_plain_text(html):
    text = _Text()
    parser = _TextParser(text)
    parser.feed(html)
    parser.close()
    return _tidy(text.plain), _tidy(text.spoiler)


def test_the_search_text_of_rendered_html_is_what_html_parser_reads():
    bodies = [
        '# Heading\n\nWords & <more> "quoted" [[Nam On-jo|On-jo]].[^1]\n\n'
        "[^1]: Cited.\n",
        ":::spoiler 2\nHidden *words* here.\n:::\n\nAfter the spoiler.\n",
        "- one\n- two\n\n| a | b |\n|---|---|\n| x | y |\n\n```\ncode <b>\n```\n",
        "Plain text with an entity &amp; a [link](https://example.org/?a=1&b=2).\n",
    ]
    for body in bodies:
        html = _render(body).html
        assert plain_text(html) == _slow_plain_text(html), body
