"""Pagination of the API: numbered pages for content, a cursor for revisions.

Neither counts the rows: the page after the last is found by fetching one row more
than a page, as the HTML lists do, so a page is one LIMITed query however large
the table. A malformed `page` or `page_size` is a 400 with a message, like an
invalid filter, never silently replaced by the default.
"""

from __future__ import annotations

from django import forms
from django.db import models
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import BasePagination, CursorPagination
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.utils.urls import remove_query_param, replace_query_param

MAX_PAGE_SIZE = 100
# Deeper pages mean ever larger OFFSETs; the HTML lists stop at the same place.
MAX_PAGE = 9999

PAGE_SIZE_DESCRIPTION = f"Results per page (1–{MAX_PAGE_SIZE})."


def _number(request, name: str, default: int, maximum: int) -> int:
    """The positive whole number `name` of the query string, `default` if absent."""
    value = request.query_params.get(name)
    if value is None:
        return default
    field = forms.IntegerField(min_value=1, max_value=maximum)
    try:
        return field.clean(value)
    except forms.ValidationError as error:
        raise ValidationError({name: error.messages}) from None


def _results_schema(schema: dict) -> dict:
    link = {"type": "string", "nullable": True, "format": "uri"}
    return {
        "type": "object",
        "required": ["next", "previous", "results"],
        "properties": {"next": link, "previous": link, "results": schema},
    }


class PagePagination(BasePagination):
    """`?page=2&page_size=20`, with links to the next and previous pages."""

    page_query_param = "page"
    page_size_query_param = "page_size"

    def paginate_queryset(self, queryset, request, view=None) -> list:
        self.request = request
        self.page_size = _number(
            request, self.page_size_query_param, api_settings.PAGE_SIZE, MAX_PAGE_SIZE
        )
        self.page = _number(request, self.page_query_param, 1, MAX_PAGE)
        offset = (self.page - 1) * self.page_size
        rows = list(_stable(queryset)[offset : offset + self.page_size + 1])
        if self.page > 1 and not rows:
            raise NotFound("Invalid page: there are fewer results.")
        self.has_next = len(rows) > self.page_size
        return rows[: self.page_size]

    def get_paginated_response(self, data) -> Response:
        return Response(
            {
                "next": self._link(self.page + 1) if self.has_next else None,
                "previous": self._link(self.page - 1) if self.page > 1 else None,
                "results": data,
            }
        )

    def _link(self, page: int) -> str:
        url = self.request.build_absolute_uri()
        if page == 1:
            return remove_query_param(url, self.page_query_param)
        return replace_query_param(url, self.page_query_param, page)

    def get_paginated_response_schema(self, schema: dict) -> dict:
        return _results_schema(schema)

    def get_schema_operation_parameters(self, view) -> list[dict]:
        return [
            {
                "name": self.page_query_param,
                "required": False,
                "in": "query",
                "description": f"A page number (1–{MAX_PAGE}).",
                "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE},
            },
            {
                "name": self.page_size_query_param,
                "required": False,
                "in": "query",
                "description": PAGE_SIZE_DESCRIPTION,
                "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE},
            },
        ]


def _stable(queryset: models.QuerySet) -> models.QuerySet:
    # A sort on a column that is not unique (`sort=updated`) would let rows move
    # between pages; the primary key breaks the ties. The default orderings are
    # on unique columns already.
    ordering = queryset.query.order_by
    if ordering and "pk" not in ordering:
        return queryset.order_by(*ordering, "pk")
    return queryset


class RevisionPagination(CursorPagination):
    """Newest first, by a cursor over the revision id (keyset, no OFFSET)."""

    ordering = "-history_id"
    page_size_query_param = "page_size"
    page_size_query_description = PAGE_SIZE_DESCRIPTION
    max_page_size = MAX_PAGE_SIZE

    def get_page_size(self, request) -> int:
        return _number(
            request, self.page_size_query_param, self.page_size, self.max_page_size
        )

    def get_paginated_response_schema(self, schema: dict) -> dict:
        return _results_schema(schema)
