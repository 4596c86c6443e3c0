"""The category pages: every category, and the members of one.

A category exists while something is in it, but its page answers whatever the slug
(empty, saying so), as MediaWiki shows empty categories: a link to a category is
never broken, and a category whose last member left is not an error.
"""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from wiki.categories import category_slug
from wiki.models import CategoryMembership
from wiki.page_cache import cached_for_visitors
from wiki.pagination import page_of, requested_page
from wiki.revisions import entries

CATEGORIES_PAGE_SIZE = 100
MEMBERS_PAGE_SIZE = 100


@cached_for_visitors
def category_list(request: HttpRequest) -> HttpResponse:
    """Every category by slug with its number of members, one page at a time."""
    page_number = requested_page(request)
    rows, has_next = page_of(
        CategoryMembership.objects.tallies(), page_number, CATEGORIES_PAGE_SIZE
    )
    context = {"categories": rows, "page_number": page_number, "has_next": has_next}
    return render(request, "wiki/category_list.html", context)


@cached_for_visitors
def category_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """The content in a category, by title, one page at a time."""
    canonical = category_slug(slug)
    if canonical is None:
        raise Http404("No category can have this address.")
    if canonical != slug:
        # "/category/Students/" is the category "students" links point at.
        return redirect("category_detail", slug=canonical, permanent=True)
    page_number = requested_page(request)
    rows, has_next = page_of(
        CategoryMembership.objects.in_category(slug), page_number, MEMBERS_PAGE_SIZE
    )
    labels = {entry.model: entry.label for entry in entries()}
    members = [
        {"row": row, "label": labels.get(row.source_type.model_class(), "")}
        for row in rows
    ]
    context = {
        "slug": slug,
        # The slug stands in for the name when nothing on this page spells it.
        "name": rows[0].category_name if rows else slug,
        "members": members,
        "page_number": page_number,
        "has_next": has_next,
    }
    return render(request, "wiki/category_detail.html", context)
