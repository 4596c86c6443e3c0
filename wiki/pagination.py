"""Paging lists by LIMIT and OFFSET with one row more than a page, never COUNT(*)."""

import re

from django.http import HttpRequest

_PAGE = re.compile(r"[0-9]{1,4}")


def requested_page(request: HttpRequest) -> int:
    """?page=N, or 1 for anything that is not a page number."""
    value = request.GET.get("page", "1")
    return max(int(value), 1) if _PAGE.fullmatch(value) else 1


def page_of(queryset, number: int, size: int) -> tuple[list, bool]:
    """Page `number` of `queryset`, and whether another page follows."""
    offset = (number - 1) * size
    rows = list(queryset[offset : offset + size + 1])
    return rows[:size], len(rows) > size


def query_without(request: HttpRequest, name: str) -> str:
    """The query string without `name`, for links to other pages of a list."""
    query = request.GET.copy()
    query.pop(name, None)
    return query.urlencode()
