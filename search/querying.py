"""Reading the search index: results, suggestions and the exact-name jump.

The results contract is the same on both databases, and tests/search checks it on
whichever one the run uses:

- a result has every word of the query (in its title, aliases, extra fields, text
  or spoilers); a word is a run of letters and digits (search.documents.words),
  compared in lower case, without stemming or accent folding;
- results whose title or aliases hold every word come first, then by relevance
  (FTS5's bm25 with weights title 10, aliases 8, extra 3, text and spoilers 1;
  PostgreSQL's ts_rank with A for names, B for extra, D for text), then by title;
- the snippet comes from the text outside spoilers, with the query's words marked.

The user's query never reaches either database as syntax: it is split into words,
each quoted (FTS5) or passed as a quoted lexeme (to_tsquery), so operators such as
NEAR, AND, `-`, `*` or unbalanced quotes are just characters that are not words.
SQLite needs raw SQL (FTS5 is a virtual table the ORM does not know); PostgreSQL
uses the ORM's full-text expressions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connection
from django.db.models import BooleanField, F, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Replace
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from search.documents import MARK_END, MARK_START
from search.models import SearchEntry, SearchName, content_url
from wiki.revisions import entry_by_kind

SNIPPET_WORDS = 16
_MARKED = re.compile(f"{MARK_START}(.*?){MARK_END}", re.DOTALL)


@dataclass(frozen=True)
class Hit:
    kind: str
    title: str
    slug: str
    title_match: bool = False
    snippet: str = ""
    alias: str = ""

    @property
    def url(self) -> str:
        return content_url(self.kind, self.slug)

    @property
    def label(self) -> str:
        entry = entry_by_kind(self.kind)
        return entry.label if entry else self.kind

    @property
    def snippet_html(self) -> SafeString:
        """The snippet escaped, with only the database's markers turned into <mark>."""
        marked = _MARKED.sub(r"<mark>\1</mark>", escape(self.snippet))
        return mark_safe(marked.replace(MARK_START, "").replace(MARK_END, ""))


def results(terms: list[str], *, offset: int, limit: int) -> list[Hit]:
    """Content holding every term, best first: one query."""
    if not terms:
        return []
    if connection.vendor == "postgresql":
        return _postgres_results(terms, offset=offset, limit=limit, prefix=False)
    return _sqlite_results(terms, offset=offset, limit=limit)


def prefix_results(terms: list[str], *, limit: int) -> list[Hit]:
    """Like `results`, the last term matching as a prefix, without snippets."""
    if not terms:
        return []
    if connection.vendor == "postgresql":
        return _postgres_results(terms, offset=0, limit=limit, prefix=True)
    return _sqlite_prefix_results(terms, limit=limit)


def exact_match(slug: str) -> Hit | None:
    """The content whose title or alias is `slug`, if only one is: one query.

    A title wins over an alias; two titles (a page and a character both called
    "Hyosan") or two aliases leave the choice to the reader.
    """
    if not slug:
        return None
    names = list(SearchName.objects.named(slug)[:10])
    best = [name for name in names if name.is_title == names[0].is_title]
    return _name_hit(best[0]) if len(best) == 1 else None


def name_prefix(prefix: str, *, limit: int) -> list[Hit]:
    """Content with a title or alias starting with `prefix`, titles first: one query."""
    if not prefix:
        return []
    hits: dict[int, Hit] = {}
    for name in SearchName.objects.starting_with(prefix)[: limit * 2]:
        hits.setdefault(name.entry_id, _name_hit(name))
    return list(hits.values())[:limit]


def _name_hit(name: SearchName) -> Hit:
    return Hit(
        kind=name.entry.kind,
        title=name.entry.title,
        slug=name.entry.slug,
        title_match=True,
        alias="" if name.is_title else name.name,
    )


# --- SQLite: FTS5 --------------------------------------------------------------------


def _fts_all(terms: list[str], *, prefix: bool = False) -> str:
    """An FTS5 query for every term: each a quoted string (terms hold no quotes)."""
    quoted = [f'"{term}"' for term in terms]
    if prefix:
        quoted[-1] += "*"
    return " ".join(quoted)


def _fts_names(terms: list[str], *, prefix: bool = False) -> str:
    return f"{{title aliases}} : ({_fts_all(terms, prefix=prefix)})"


# The page of results is chosen first and snippets are cut for that page only;
# bm25 and snippet must be called where search_fts itself is MATCHed. Equal scores
# are ordered by entry id, from the index alone: ordering them by title joined
# every match to its entry, 3 s for a word in all 100,000 pages (make bench).
_SQLITE_RESULTS = """
SELECT e.kind, e.title, e.slug, page.title_match,
       snippet(search_fts, 3, %s, %s, '…', %s) AS snippet
FROM (
    SELECT search_fts.rowid AS id,
           bm25(search_fts, 10.0, 8.0, 3.0, 1.0, 1.0) AS score,
           search_fts.rowid IN (
               SELECT rowid FROM search_fts WHERE search_fts MATCH %s
           ) AS title_match
    FROM search_fts
    WHERE search_fts MATCH %s
    ORDER BY title_match DESC, score, search_fts.rowid
    LIMIT %s OFFSET %s
) AS page
JOIN search_fts ON search_fts.rowid = page.id
JOIN search_searchentry e ON e.id = page.id
WHERE search_fts MATCH %s
ORDER BY page.title_match DESC, page.score, page.id
"""

_SQLITE_PREFIX = """
SELECT e.kind, e.title, e.slug,
       search_fts.rowid IN (
           SELECT rowid FROM search_fts WHERE search_fts MATCH %s
       ) AS title_match
FROM search_fts JOIN search_searchentry e ON e.id = search_fts.rowid
WHERE search_fts MATCH %s
ORDER BY title_match DESC, bm25(search_fts, 10.0, 8.0, 3.0, 1.0, 1.0), e.title, e.id
LIMIT %s
"""


def _sqlite_results(terms: list[str], *, offset: int, limit: int) -> list[Hit]:
    everything = _fts_all(terms)
    params = [
        MARK_START,
        MARK_END,
        SNIPPET_WORDS,
        _fts_names(terms),
        everything,
        limit,
        offset,
        everything,
    ]
    with connection.cursor() as cursor:
        cursor.execute(_SQLITE_RESULTS, params)
        return [
            Hit(kind=kind, title=title, slug=slug, title_match=bool(match), snippet=s)
            for kind, title, slug, match, s in cursor.fetchall()
        ]


def _sqlite_prefix_results(terms: list[str], *, limit: int) -> list[Hit]:
    params = [_fts_names(terms, prefix=True), _fts_all(terms, prefix=True), limit]
    with connection.cursor() as cursor:
        cursor.execute(_SQLITE_PREFIX, params)
        return [
            Hit(kind=kind, title=title, slug=slug, title_match=bool(match))
            for kind, title, slug, match in cursor.fetchall()
        ]


# --- PostgreSQL: tsvector ------------------------------------------------------------


def _tsquery(terms: list[str], *, prefix: bool = False, operator: str = "&") -> str:
    """A to_tsquery() text for every term: each a quoted lexeme (terms hold no
    quotes or operators)."""
    quoted = [f"'{term}'" for term in terms]
    if prefix:
        quoted[-1] += ":*"
    return f" {operator} ".join(quoted)


# ts_headline drops whatever looks like an HTML tag, and "a <b> c" is plain text
# here: the brackets go in as look-alikes and come back out as themselves.
_TAGS_HIDDEN = Replace(
    Replace(F("text"), Value("<"), Value("\uff1c")), Value(">"), Value("\uff1e")
)
_TAGS_SHOWN = str.maketrans("\uff1c\uff1e", "<>")


def _postgres_results(
    terms: list[str], *, offset: int, limit: int, prefix: bool
) -> list[Hit]:
    text = _tsquery(terms, prefix=prefix)
    query = SearchQuery(text, config="simple", search_type="raw")
    rows = (
        SearchEntry.objects.filter(search_vector=query)
        .annotate(
            # The A-weighted lexemes are the title's and the aliases' words.
            title_match=RawSQL(
                "ts_filter(search_vector, '{a}') @@ to_tsquery('simple', %s)",
                [text],
                output_field=BooleanField(),
            ),
            score=SearchRank(F("search_vector"), query),
        )
        .order_by("-title_match", "-score", "title", "id")
    )
    if prefix:
        rows = rows.values_list("kind", "title", "slug", "title_match")
        return [
            Hit(kind=kind, title=title, slug=slug, title_match=match)
            for kind, title, slug, match in rows[:limit]
        ]
    rows = rows.annotate(
        # Any of the words, as FTS5's snippet() marks: with all of them, a text
        # where they are far apart would get its opening words and no mark.
        snippet=SearchHeadline(
            _TAGS_HIDDEN,
            SearchQuery(
                _tsquery(terms, operator="|"), config="simple", search_type="raw"
            ),
            config="simple",
            start_sel=MARK_START,
            stop_sel=MARK_END,
            max_words=SNIPPET_WORDS,
            min_words=SNIPPET_WORDS // 2,
            max_fragments=1,
            fragment_delimiter="…",
        )
    ).values_list("kind", "title", "slug", "title_match", "snippet")
    return [
        Hit(
            kind=kind,
            title=title,
            slug=slug,
            title_match=match,
            snippet=snippet.translate(_TAGS_SHOWN),
        )
        for kind, title, slug, match, snippet in rows[offset : offset + limit]
    ]
