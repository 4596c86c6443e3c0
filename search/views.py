"""Search results and suggestions; both read only the search index.

`/search/?q=` jumps straight to the content when the query is exactly one
title or alias (as a [[link]] with that text would, by slug), unless
`fulltext=1` asks for the results; the suggestions list of the header box offers
that "search for pages containing…" link. Query budgets, asserted in tests:
the results page runs 2 queries (the exact-name lookup, one page of results),
suggestions 2 (name prefixes, full-text prefixes); a query without words runs none.
"""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from search import querying
from search.documents import query_terms
from wiki.page_cache import cached_for_visitors
from wiki.pagination import query_without, requested_page
from wiki.titles import normalise_title, slug_for_title

MAX_QUERY_LENGTH = 200
RESULTS_PER_PAGE = 20
SUGGESTIONS = 8


@require_safe
@cached_for_visitors
def search_results(request: HttpRequest) -> HttpResponse:
    """One page of results for ?q=, or a redirect to the content it names."""
    raw = request.GET.get("q", "")
    context = {"query": normalise_title(raw[: MAX_QUERY_LENGTH + 1]), "hits": []}
    if len(raw) > MAX_QUERY_LENGTH:
        context["error"] = f"Search for at most {MAX_QUERY_LENGTH} characters."
        return render(request, "search/search_results.html", context, status=400)
    query = context["query"]
    terms = query_terms(query)
    fulltext = request.GET.get("fulltext") == "1"
    page_number = requested_page(request)
    exact = querying.exact_match(slug_for_title(query)) if terms else None
    if exact is not None and not fulltext:
        return redirect(exact.url)
    offset = (page_number - 1) * RESULTS_PER_PAGE
    hits = querying.results(terms, offset=offset, limit=RESULTS_PER_PAGE + 1)
    context.update(
        terms=terms,
        exact=exact,
        hits=hits[:RESULTS_PER_PAGE],
        has_next=len(hits) > RESULTS_PER_PAGE,
        page_number=page_number,
        first_number=offset + 1,
        pager_query=query_without(request, "page"),
    )
    return render(request, "search/search_results.html", context)


@require_safe
def search_suggest(request: HttpRequest) -> JsonResponse:
    """At most 8 suggestions for what is typed: names starting with it first, then
    content whose words do (the last word as a prefix)."""
    raw = request.GET.get("q", "")
    if len(raw) > MAX_QUERY_LENGTH:
        return JsonResponse({"query": raw, "results": []}, status=400)
    query = normalise_title(raw)
    terms = query_terms(query)
    hits = querying.name_prefix(slug_for_title(query), limit=SUGGESTIONS)
    if terms:
        hits += querying.prefix_results(terms, limit=SUGGESTIONS)
    unique: dict[tuple[str, str], querying.Hit] = {}
    for hit in hits:
        unique.setdefault((hit.kind, hit.slug), hit)
    ordered = list(unique.values())[:SUGGESTIONS]
    return JsonResponse(
        {
            "query": query,
            "results": [
                {
                    "title": hit.title,
                    "kind": hit.kind,
                    "label": hit.label,
                    "url": hit.url,
                    "alias": hit.alias,
                }
                for hit in ordered
            ],
        }
    )
