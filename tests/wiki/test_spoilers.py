import pytest
from django.template import Context, Template, TemplateSyntaxError
from django.utils.safestring import SafeString

from wiki.markdown import MAX_MARKDOWN_BYTES, RenderError, render_markdown
from wiki.templatetags.spoilers import spoilers_for

EXISTING = {"Nam On-jo": "/wiki/nam-on-jo/"}


class Resolver:
    def __init__(self):
        self.calls = []

    def __call__(self, titles):
        self.calls.append(titles)
        return {title: EXISTING[title] for title in titles if title in EXISTING}


def render(text, resolver=None):
    return render_markdown(
        text,
        resolve_links=resolver or Resolver(),
        missing_link_url=lambda title: f"/wiki/new/?title={title}",
    )


def start_tag(season):
    return f'<details class="spoiler" data-season="{season}">'


def spoiler(season, body):
    return (
        f'<details class="spoiler" data-season="{season}"><summary>Spoiler for season '
        f'{season}</summary><div class="spoiler-body">{body}</div></details>'
    )


# Syntax --------------------------------------------------------------------------


def test_spoiler_block_renders_as_details_tagged_with_its_season():
    html = render(":::spoiler 2\nOn-jo *survives*.\n:::").html

    assert html == spoiler(2, "\n<p>On-jo <em>survives</em>.</p>\n")


@pytest.mark.parametrize(
    "opening",
    [
        ":::spoiler 2",
        "::: spoiler 2",
        ":::Spoiler season 2",
        ":::SPOILER SEASON 2",
        ":::spoiler2",
        "   :::  spoiler \tseason  2  ",
    ],
)
def test_opening_line_accepts_spaces_case_and_the_word_season(opening):
    html = render(f"{opening}\nsecret\n:::").html

    assert html.startswith(start_tag(2))


def test_seasons_up_to_99_are_accepted():
    assert render(":::spoiler 99\nsecret").html.startswith(start_tag(99))


@pytest.mark.parametrize(
    "opening",
    [
        ":::spoiler",
        ":::spoiler 0",
        ":::spoiler 05",
        ":::spoiler 100",
        ":::spoiler two",
        ":::spoiler \u0662",  # Arabic-Indic digit two
        ":::spoiler 2 episodes",
        ":::spoiler season",
        ":: spoiler 2",
        ":::spoilers 2",
        "    :::spoiler 2",
        "> :::spoiler 2",
    ],
)
def test_opening_line_without_a_valid_season_is_text(opening):
    html = render(f"{opening}\n\nsecret\n\n:::").html

    assert "<details" not in html
    assert "secret" in html
    assert ":::" in html


def test_fence_lines_need_no_blank_lines_around_them():
    html = render("Before.\n:::spoiler 1\nSecret.\n:::\nAfter.").html

    assert html == (
        "<p>Before.</p>\n" + spoiler(1, "\n<p>Secret.</p>\n") + "\n<p>After.</p>"
    )


def test_closing_line_may_have_spaces_around_it():
    html = render(":::spoiler 1\nSecret.\n  :::  \nAfter.").html

    assert html.endswith("</details>\n<p>After.</p>")


def test_unclosed_block_runs_to_the_end_of_the_text():
    html = render(":::spoiler 1\nSecret.\n\n## Twist\n\nMore.").html

    assert html.startswith(start_tag(1))
    assert html.endswith("<p>More.</p>\n</div></details>")


def test_closing_line_outside_a_spoiler_is_text():
    assert render(":::\n\ntext").html == "<p>:::</p>\n<p>text</p>"


def test_empty_spoiler_block_renders():
    assert render(":::spoiler 3\n:::").html == spoiler(3, "")


def test_blocks_inside_a_spoiler_are_markdown():
    html = render(":::spoiler 1\n## Twist\n\n- one\n- two\n\n> quote\n:::").html

    assert '<h3 id="h-twist">Twist</h3>' in html
    assert "<li>one</li>" in html
    assert "<blockquote>" in html
    assert html.endswith("</blockquote>\n</div></details>")


@pytest.mark.parametrize("fence", ["```", "~~~"])
def test_fence_lines_inside_fenced_code_are_code(fence):
    html = render(f"{fence}\n:::spoiler 1\nx\n:::\n{fence}").html

    assert "<details" not in html
    assert html == "<pre><code>:::spoiler 1\nx\n:::\n</code></pre>"


def test_closing_line_inside_fenced_code_does_not_close_the_spoiler():
    html = render(":::spoiler 1\n```\n:::\n```\nStill secret.\n:::\nAfter.").html

    assert "<pre><code>:::\n</code></pre>" in html
    assert "<p>Still secret.</p>\n</div></details>\n<p>After.</p>" in html


def test_opening_line_inside_a_spoiler_is_text_and_does_not_nest():
    html = render(":::spoiler 1\nOne.\n:::spoiler 2\nTwo.\n:::\nAfter.").html

    assert html == (
        spoiler(1, "\n<p>One.\n:::spoiler 2\nTwo.</p>\n") + "\n<p>After.</p>"
    )


def test_consecutive_spoiler_blocks_are_separate():
    html = render(":::spoiler 1\nOne.\n:::\n:::spoiler 2\nTwo.\n:::").html

    assert html == (
        spoiler(1, "\n<p>One.</p>\n") + "\n" + spoiler(2, "\n<p>Two.</p>\n")
    )


# Headings and links --------------------------------------------------------------


def test_headings_inside_a_spoiler_are_left_out_of_the_table_of_contents():
    rendered = render(
        "# Plot\n\n:::spoiler 2\n## The twist\n:::\n\n## Aftermath\n\n# Cast"
    )

    assert '<h3 id="h-the-twist">The twist</h3>' in rendered.html
    assert "twist" not in rendered.toc_html
    assert rendered.toc_html == (
        '<ul class="toc"><li><a href="#h-plot">Plot</a><ul>'
        '<li><a href="#h-aftermath">Aftermath</a></li></ul></li>'
        '<li><a href="#h-cast">Cast</a></li></ul>'
    )


def test_headings_after_a_spoiler_heading_are_nested_as_if_it_were_absent():
    rendered = render("# Plot\n\n:::spoiler 1\n# Twist\n:::\n\n## Detail\n\n# Cast")

    assert rendered.toc_html == (
        '<ul class="toc"><li><a href="#h-plot">Plot</a><ul>'
        '<li><a href="#h-detail">Detail</a></li></ul></li>'
        '<li><a href="#h-cast">Cast</a></li></ul>'
    )


def test_table_of_contents_is_empty_when_the_other_headings_are_in_spoilers():
    rendered = render("# Plot\n\n:::spoiler 1\n# Twist\n\n# Ending\n:::")

    assert rendered.toc_html == ""
    assert 'id="h-ending"' in rendered.html


def test_wiki_links_inside_a_spoiler_are_resolved_with_the_others():
    resolver = Resolver()
    rendered = render(
        "[[Nam On-jo]]\n\n:::spoiler 1\n[[Lee Cheong-san]], [[Nam On-jo|On-jo]]\n:::",
        resolver,
    )

    assert resolver.calls == [{"Nam On-jo", "Lee Cheong-san"}]
    assert rendered.link_targets == {"Nam On-jo", "Lee Cheong-san"}
    assert '<a class="wikilink" href="/wiki/nam-on-jo/">On-jo</a>' in rendered.html
    assert 'class="wikilink wikilink-missing"' in rendered.html


# Sanitising ----------------------------------------------------------------------


def test_hand_written_spoiler_tag_is_stored_in_the_renderers_form():
    html = render(
        '<details data-season="2" class="evil spoiler" open onclick="alert(1)" '
        'style="color: red">secret</details>'
    ).html

    assert start_tag(2) + "secret</details>" in html
    for unwanted in ("open", "onclick", "style", "evil", "alert"):
        assert unwanted not in html


@pytest.mark.parametrize(
    "tag",
    [
        "<details>",
        "<details open ontoggle=alert(1)>",
        '<details class="spoiler">',
        '<details data-season="2">',
        '<details class="evil" data-season="2">',
        '<details class="spoiler" data-season="0">',
        '<details class="spoiler" data-season="100">',
        '<details class="spoiler" data-season="2x">',
        '<details class="spoiler" data-season=" 2">',
        '<details class="spoiler" data-season="\u0662">',
    ],
)
def test_hand_written_details_that_are_not_spoilers_are_dropped(tag):
    html = render(f"Text {tag}secret</details> text").html

    assert "<details" not in html
    assert "secret" in html


def test_reader_state_cannot_be_stored():
    html = render(
        '<details class="spoiler spoiler--seen" data-season="1" open>x</details>'
    ).html

    assert start_tag(1) + "x</details>" in html


def test_summary_keeps_no_attributes():
    html = render('<summary class="a" onclick="alert(1)" id="h-x">Hint</summary>').html

    assert "<summary>Hint</summary>" in html


def test_spoiler_body_class_is_kept_and_others_dropped():
    html = render('<div class="spoiler-body evil">x</div>').html

    assert '<div class="spoiler-body">x</div>' in html


# The per-reader filter -----------------------------------------------------------

TWO_SPOILERS = render(":::spoiler 1\nOne.\n:::\n\n:::spoiler 2\nTwo.\n:::").html


def seen(season):
    return f'<details class="spoiler spoiler--seen" data-season="{season}" open>'


@pytest.mark.parametrize(
    ("reader_season", "opened", "closed"),
    [(0, [], [1, 2]), (1, [1], [2]), (2, [1, 2], []), (3, [1, 2], [])],
)
def test_filter_opens_the_spoilers_of_the_seasons_the_reader_has_watched(
    reader_season, opened, closed
):
    html = spoilers_for(TWO_SPOILERS, reader_season)

    assert [season for season in (1, 2) if seen(season) in html] == opened
    assert [season for season in (1, 2) if start_tag(season) in html] == closed


def test_filter_changes_nothing_but_the_spoiler_start_tags():
    html = spoilers_for(TWO_SPOILERS, 2)

    assert html.replace(seen(1), start_tag(1)).replace(seen(2), start_tag(2)) == (
        TWO_SPOILERS
    )


@pytest.mark.parametrize("reader_season", [None, "2", 2.0, "", [2]])
def test_filter_counts_a_reader_season_that_is_not_an_int_as_zero(reader_season):
    assert spoilers_for(TWO_SPOILERS, reader_season) == TWO_SPOILERS


def test_filter_returns_safe_html():
    assert isinstance(spoilers_for(TWO_SPOILERS, 0), SafeString)


def test_filter_ignores_spoiler_tags_shown_as_code():
    html = render('`<details class="spoiler" data-season="1">`').html

    assert spoilers_for(html, 5) == html


def test_filter_works_in_a_template():
    template = Template("{% load spoilers %}{{ html|spoilers_for:reader_season }}")

    html = template.render(Context({"html": TWO_SPOILERS, "reader_season": 1}))

    assert seen(1) in html
    assert start_tag(2) in html


# The block tag -------------------------------------------------------------------

FIELD = Template("{% load spoilers %}{% spoiler season %}{{ value }}{% endspoiler %}")


def render_field(**context):
    return FIELD.render(Context({"value": "Dies in episode 8", **context}))


def test_tag_wraps_content_in_a_closed_spoiler_for_a_reader_before_the_season():
    assert render_field(season=2, reader_season=1) == (
        '<details class="spoiler" data-season="2"><summary>Spoiler for season 2'
        '</summary><span class="spoiler-body">Dies in episode 8</span></details>'
    )


def test_tag_opens_the_spoiler_for_a_reader_who_reached_the_season():
    assert render_field(season=2, reader_season=2) == (
        '<details class="spoiler spoiler--seen" data-season="2" open><summary>'
        'Spoiler for season 2</summary><span class="spoiler-body">Dies in episode 8'
        "</span></details>"
    )


def test_tag_keeps_the_spoiler_closed_without_a_reader_season():
    assert render_field(season=1).startswith(start_tag(1))


@pytest.mark.parametrize("season", [None, 0, ""])
def test_tag_renders_the_content_plainly_when_the_field_has_no_season(season):
    assert render_field(season=season, reader_season=0) == "Dies in episode 8"


def test_tag_content_is_autoescaped():
    html = render_field(season=1, value="<b>Nam-ra</b> & co")

    assert (
        '<span class="spoiler-body">&lt;b&gt;Nam-ra&lt;/b&gt; &amp; co</span>' in html
    )


def test_tag_takes_a_literal_season():
    template = Template("{% load spoilers %}{% spoiler 3 %}x{% endspoiler %}")

    assert template.render(Context({"reader_season": 3})).startswith(seen(3))


def test_tag_without_a_season_is_a_template_syntax_error():
    with pytest.raises(TemplateSyntaxError, match="takes one argument"):
        Template("{% load spoilers %}{% spoiler %}x{% endspoiler %}")


# The guard -----------------------------------------------------------------------

# Each is about 200 KB or as much as the guard accepts: a renderer that rescanned
# the rest of the text at each fence line would take minutes.
PATHOLOGICAL = {
    "opening-lines": ":::spoiler 1\n" * 15_000,
    "opening-and-closing-lines": ":::spoiler 1\n" + ":::\n:::spoiler 2\n" * 6_000,
    "closing-lines": ":::\n" * 19_000,
    "colon-run": ":" * (MAX_MARKDOWN_BYTES - 10),
    "spaced-colons": "::: " * (MAX_MARKDOWN_BYTES // 4 - 10),
    "almost-openings": ":::spoiler season spoiler " * 7_500,
    "unclosed-with-many-paragraphs": ":::spoiler 1\n" + "x\n\n" * 6_000,
    "fences-in-code": "```\n" + ":::spoiler 1\n:::\n" * 6_000 + "```",
    "too-many-lines": ":::spoiler 1\n:::\n" * 12_000,
    "too-big": ":::spoiler 1\n" * 50_000,
}


@pytest.mark.parametrize("text", PATHOLOGICAL.values(), ids=PATHOLOGICAL.keys())
def test_pathological_spoiler_input_renders_or_is_refused(text):
    try:
        html = render(text).html
    except RenderError as error:
        assert str(error).endswith(".")
    else:
        assert html
