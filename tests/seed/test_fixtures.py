import pytest

from seed.fixtures import (
    FixtureError,
    citation_footnote,
    fixtures_read,
    footnotes_append,
)
from tests.seed.conftest import write_fixtures

ARTICLE = {"publisher": "Test Times", "title": "A season", "date": "2024-05-07"}


def test_a_footnote_names_title_publisher_date_and_quoted_outlet():
    citation = {**ARTICLE, "quoting": "The Herald"}

    assert citation_footnote(citation) == (
        "“A season”, Test Times, 7 May 2024, quoting The Herald."
    )


def test_a_footnote_links_the_title_to_the_documents_wiki_page():
    citation = {**ARTICLE, "page": "About the source"}

    assert citation_footnote(citation).startswith("[[About the source|“A season”]],")


def test_footnotes_are_defined_once_each_in_order_of_first_use():
    citations = {"a": ARTICLE, "b": {**ARTICLE, "quoting": "X"}}

    text = footnotes_append("One.[^b] Two.[^a] Three.[^b]\n", citations)

    assert text == (
        "One.[^b] Two.[^a] Three.[^b]\n\n"
        "[^b]: “A season”, Test Times, 7 May 2024, quoting X.\n"
        "[^a]: “A season”, Test Times, 7 May 2024.\n"
    )


def test_text_without_footnotes_is_left_alone():
    assert footnotes_append("Plain.\n", {"a": ARTICLE}) == "Plain.\n"


def test_reading_resolves_markdown_files_citations_and_sources(fixtures_dir):
    fixtures = fixtures_read(fixtures_dir)

    assert fixtures.summary == "Imported from the test article"
    assert fixtures.pages[0].body.endswith(
        "[^herald]: “A season is announced”, Test Times, 7 May 2024, "
        "quoting The Herald.\n"
    )
    event = fixtures.events[0]
    assert event.character_names == ["Gyeong-su"]
    assert event.sources[1] == {
        "publisher": "Test Times",
        "title": "A season is announced",
        "date": "2024-05-07",
        "quoting": "The Herald",
    }
    assert "[^news]:" in fixtures.characters[0].values["biography"]


def test_an_unknown_footnote_names_the_file_and_the_key(tmp_path):
    (tmp_path / "front.md").write_text("Cited.[^nowhere]\n")
    write_fixtures(tmp_path)

    with pytest.raises(
        FixtureError, match=r"front\.md: unknown citation \[\^nowhere\]"
    ):
        fixtures_read(tmp_path)


def test_an_unknown_event_source_is_an_error(tmp_path):
    event = {
        "title": "Bad",
        "date": "2024-01-01",
        "precision": "day",
        "kind": "release",
        "sources": ["rumour"],
    }
    write_fixtures(tmp_path, **{"events.json": [event]})

    with pytest.raises(FixtureError, match="“Bad”: unknown citation rumour"):
        fixtures_read(tmp_path)


def test_a_record_missing_a_field_names_the_file_and_record(tmp_path):
    write_fixtures(tmp_path, **{"pages.json": [{"title": "No body"}]})

    with pytest.raises(FixtureError, match=r"pages\.json, record 1: missing body"):
        fixtures_read(tmp_path)


def test_invalid_json_is_an_error_naming_the_file(tmp_path):
    write_fixtures(tmp_path)
    (tmp_path / "seasons.json").write_text("[{")

    with pytest.raises(FixtureError, match=r"seasons\.json: not valid JSON"):
        fixtures_read(tmp_path)


def test_a_missing_markdown_file_is_an_error(tmp_path):
    write_fixtures(tmp_path, **{"pages.json": [{"title": "T", "body": "gone.md"}]})

    with pytest.raises(FixtureError, match=r"gone\.md: no such file"):
        fixtures_read(tmp_path)


def test_markdown_outside_the_fixtures_directory_is_refused(tmp_path):
    inner = tmp_path / "fixtures"
    inner.mkdir()
    (tmp_path / "secret.md").write_text("Secret.\n")
    write_fixtures(inner, **{"pages.json": [{"title": "T", "body": "../secret.md"}]})

    with pytest.raises(FixtureError, match="live inside"):
        fixtures_read(inner)


def test_a_citation_of_an_undefined_document_is_an_error(tmp_path):
    sources = {"documents": {}, "citations": {"x": {"document": "missing"}}}
    write_fixtures(tmp_path, **{"sources.json": sources})

    with pytest.raises(FixtureError, match="citation “x” names no document"):
        fixtures_read(tmp_path)


def test_a_footnote_the_text_defines_itself_is_not_defined_again():
    text = "Cited.[^a]\n\n[^a]: My own words.\n"

    assert footnotes_append(text, {"a": ARTICLE}) == text


def test_a_document_without_a_title_is_an_error(tmp_path):
    sources = {
        "documents": {"news": {"publisher": "P", "date": "2024-01-01"}},
        "citations": {"news": {"document": "news"}},
    }
    write_fixtures(tmp_path, **{"sources.json": sources})

    with pytest.raises(FixtureError, match="with a publisher, title, date"):
        fixtures_read(tmp_path)


def test_a_record_that_is_not_an_object_is_an_error(tmp_path):
    write_fixtures(tmp_path, **{"pages.json": ["Front"]})

    with pytest.raises(FixtureError, match=r"pages\.json, record 1: not an object"):
        fixtures_read(tmp_path)


def test_markdown_that_is_not_utf8_is_an_error(tmp_path):
    (tmp_path / "front.md").write_bytes(b"caf\xe9\n")
    write_fixtures(tmp_path)

    with pytest.raises(FixtureError, match=r"front\.md: cannot be read as UTF-8"):
        fixtures_read(tmp_path)
