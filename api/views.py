"""The read-only JSON API: plain DRF generic views, one per endpoint.

GET, HEAD and OPTIONS only (anything else is a 405). Lists are filtered by the same
FilterSets as the HTML lists, through django-filter's DRF backend, which answers
invalid values with a 400 and the field errors rather than an unfiltered list.
Every endpoint reads a fixed number of queries, whatever the number of rows.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import generics, serializers
from rest_framework.decorators import api_view
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.reverse import reverse

from api.filters import CharacterFilter
from api.pagination import RevisionPagination
from api.serializers import (
    CharacterListSerializer,
    CharacterSerializer,
    EventListSerializer,
    EventSerializer,
    PageListSerializer,
    PageSerializer,
    RevisionDetailSerializer,
    RevisionSerializer,
)
from characters.models import Character
from timeline.filters import EventFilter
from timeline.models import Event
from wiki.changes import REVISION_COLUMNS
from wiki.filters import PageFilter
from wiki.models import Page
from wiki.visibility import hidden_excluded

ENDPOINTS = ("pages", "characters", "events")


@extend_schema(
    responses=inline_serializer(
        "ApiRoot", {name: serializers.URLField() for name in (*ENDPOINTS, "schema")}
    )
)
@api_view(["GET", "HEAD"])
def api_root(request: Request) -> Response:
    """Where each list and the OpenAPI schema are."""
    names = {name: f"api:{name[:-1]}-list" for name in ENDPOINTS}
    names["schema"] = "api:schema"
    return Response(
        {key: reverse(name, request=request) for key, name in names.items()}
    )


# --- Pages --------------------------------------------------------------------------


class PageList(generics.ListAPIView):
    """Pages by title, filtered like /wiki/."""

    queryset = Page.objects.for_listing()
    serializer_class = PageListSerializer
    filterset_class = PageFilter


class PageDetail(generics.RetrieveAPIView):
    """A page's current text and its HTML."""

    queryset = Page.objects.defer("rendered_toc", "created_at")
    serializer_class = PageSerializer
    lookup_field = "slug"


def _visible_revisions(view, *columns: str) -> models.QuerySet:
    """The revisions of the page the URL names, with the editor and `columns`,
    less any with something hidden; a 404 when there is no such page."""
    if getattr(view, "swagger_fake_view", False):  # drf-spectacular's schema run
        return Page.history.none()
    page = get_object_or_404(Page.objects.only("pk"), slug=view.kwargs["slug"])
    rows = page.history.select_related("history_user").only(*REVISION_COLUMNS, *columns)
    return hidden_excluded(rows)


class PageRevisionList(generics.ListAPIView):
    """A page's revisions, newest first; a revision with anything hidden by a
    moderator is left out."""

    serializer_class = RevisionSerializer
    pagination_class = RevisionPagination
    filter_backends: list = []

    def get_queryset(self) -> models.QuerySet:
        return _visible_revisions(self)


class PageRevisionDetail(generics.RetrieveAPIView):
    """One revision of a page with its text; 404 if anything of it is hidden."""

    serializer_class = RevisionDetailSerializer
    filter_backends: list = []
    lookup_field = "history_id"
    lookup_url_kwarg = "revision_id"

    def get_queryset(self) -> models.QuerySet:
        return _visible_revisions(self, "title", "body")


# --- Characters ---------------------------------------------------------------------


class CharacterList(generics.ListAPIView):
    """Characters by name, filtered like /characters/."""

    queryset = Character.objects.for_listing()
    serializer_class = CharacterListSerializer
    filterset_class = CharacterFilter


class CharacterDetail(generics.RetrieveAPIView):
    """A character's infobox facts and biography."""

    queryset = Character.objects.defer("created_at")
    serializer_class = CharacterSerializer
    lookup_field = "slug"


# --- Events -------------------------------------------------------------------------


def _with_character_slugs(events: models.QuerySet) -> models.QuerySet:
    return events.prefetch_related(
        Prefetch("characters", queryset=Character.objects.only("slug"))
    )


class EventList(generics.ListAPIView):
    """Events in date order, filtered like /timeline/."""

    queryset = _with_character_slugs(Event.objects.for_listing())
    serializer_class = EventListSerializer
    filterset_class = EventFilter


class EventDetail(generics.RetrieveAPIView):
    """An event with its description, sources and characters."""

    queryset = _with_character_slugs(Event.objects.defer("character_ids", "created_at"))
    serializer_class = EventSerializer
    lookup_field = "slug"
