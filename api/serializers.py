"""What the API serves of each kind of content.

A list serializer reads only the columns its queryset's `for_listing()` loads, so
that serializing a page of rows never fetches a deferred field row by row.
"""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.reverse import reverse

from characters.models import Character
from timeline.models import Event
from wiki.models import Page


@extend_schema_field(OpenApiTypes.URI)
class HtmlUrlField(serializers.Field):
    """The absolute address of the object's page on the website."""

    def __init__(self, **kwargs):
        kwargs.update(source="*", read_only=True)
        super().__init__(**kwargs)

    def to_representation(self, value) -> str:
        url = value.get_absolute_url()
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url


def _api_url(view_name: str) -> serializers.HyperlinkedIdentityField:
    return serializers.HyperlinkedIdentityField(
        view_name=view_name, lookup_field="slug", help_text="This object in the API."
    )


# --- Pages --------------------------------------------------------------------------


class PageListSerializer(serializers.ModelSerializer):
    url = _api_url("api:page-detail")
    html_url = HtmlUrlField()

    class Meta:
        model = Page
        fields = ["title", "slug", "url", "html_url", "size", "updated_at"]


class PageSerializer(serializers.ModelSerializer):
    url = _api_url("api:page-detail")
    html_url = HtmlUrlField()
    revisions_url = serializers.HyperlinkedIdentityField(
        view_name="api:page-revision-list",
        lookup_field="slug",
        help_text="The page's revisions, newest first.",
    )

    class Meta:
        model = Page
        fields = [
            "title",
            "slug",
            "url",
            "html_url",
            "revisions_url",
            "body",
            "rendered_html",
            "size",
            "version",
            "updated_at",
            "protection",
        ]
        extra_kwargs = {
            "body": {"help_text": "The markdown source."},
            "rendered_html": {"help_text": "The body as sanitised HTML."},
        }


class RevisionSerializer(serializers.Serializer):
    """One row of a history; never a revision with anything hidden."""

    id = serializers.IntegerField(source="history_id")
    url = serializers.SerializerMethodField(help_text="This revision in the API.")
    version = serializers.IntegerField()
    date = serializers.DateTimeField(source="history_date")
    editor = serializers.CharField(
        source="history_user.username",
        allow_null=True,
        default=None,
        help_text="The editor's username; null when the account no longer exists.",
    )
    summary = serializers.CharField(source="history_change_reason", allow_null=True)
    minor = serializers.BooleanField()
    size = serializers.IntegerField(help_text="Bytes of text after this revision.")
    size_change = serializers.IntegerField(
        help_text="Bytes added (negative: removed) by this revision."
    )

    def get_url(self, revision) -> str:
        return reverse(
            "api:page-revision-detail",
            # The page's slug now: an old revision's own slug may predate a rename.
            kwargs={
                "slug": self.context["view"].kwargs["slug"],
                "revision_id": revision.history_id,
            },
            request=self.context.get("request"),
        )


class RevisionDetailSerializer(RevisionSerializer):
    title = serializers.CharField(help_text="The title as of this revision.")
    body = serializers.CharField(help_text="The markdown as of this revision.")


# --- Characters ---------------------------------------------------------------------

STATUS_SPOILER_HELP = (
    "Set when `status` is a spoiler: it gives away how this season ends. The status "
    "is always served; show it only to readers who have watched this season."
)


class CharacterListSerializer(serializers.ModelSerializer):
    url = _api_url("api:character-detail")
    html_url = HtmlUrlField()
    seasons = serializers.ListField(
        source="season_numbers",
        child=serializers.IntegerField(),
        read_only=True,
        help_text="The seasons the character appears in.",
    )

    class Meta:
        model = Character
        fields = [
            "name",
            "slug",
            "url",
            "html_url",
            "actor",
            "role",
            "status",
            "status_spoiler_season",
            "seasons",
            "portrait",
            "updated_at",
        ]
        extra_kwargs = {"status_spoiler_season": {"help_text": STATUS_SPOILER_HELP}}


class CharacterSerializer(CharacterListSerializer):
    aliases = serializers.ListField(
        source="alias_list", child=serializers.CharField(), read_only=True
    )

    class Meta(CharacterListSerializer.Meta):
        fields = [
            *CharacterListSerializer.Meta.fields,
            "aliases",
            "biography",
            "rendered_html",
            "size",
            "version",
            "protection",
        ]
        extra_kwargs = {
            **CharacterListSerializer.Meta.extra_kwargs,
            "biography": {"help_text": "The markdown source."},
            "rendered_html": {"help_text": "The biography as sanitised HTML."},
        }


# --- Events -------------------------------------------------------------------------


class SourceSerializer(serializers.Serializer):
    """A citation; `url` and `quoting` are left out when the source has none."""

    publisher = serializers.CharField()
    title = serializers.CharField()
    date = serializers.CharField(help_text="The publication date, YYYY-MM-DD.")
    url = serializers.URLField(required=False)
    quoting = serializers.CharField(
        required=False, help_text="The outlet this source quotes."
    )


class EventListSerializer(serializers.ModelSerializer):
    url = _api_url("api:event-detail")
    html_url = HtmlUrlField()
    when = serializers.CharField(
        read_only=True, help_text="The date in words, as precise as it is known."
    )
    characters = serializers.SlugRelatedField(
        many=True,
        read_only=True,
        slug_field="slug",
        help_text="The slugs of the characters involved.",
    )

    class Meta:
        model = Event
        fields = [
            "title",
            "slug",
            "url",
            "html_url",
            "date",
            "date_end",
            "precision",
            "when",
            "kind",
            "season",
            "characters",
        ]
        extra_kwargs = {
            "date": {"help_text": "The first day of the period the event is known to."},
            "date_end": {"help_text": "The last day of that period."},
        }


class EventSerializer(EventListSerializer):
    sources = SourceSerializer(many=True, read_only=True)

    class Meta(EventListSerializer.Meta):
        fields = [
            *EventListSerializer.Meta.fields,
            "description",
            "rendered_html",
            "sources",
            "size",
            "version",
            "updated_at",
            "protection",
        ]
        extra_kwargs = {
            **EventListSerializer.Meta.extra_kwargs,
            "description": {"help_text": "The markdown source."},
            "rendered_html": {"help_text": "The description as sanitised HTML."},
        }
