from django.apps import AppConfig, apps
from django.db.models.signals import post_delete, post_save


class TimelineConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "timeline"
    verbose_name = "Timeline"

    def ready(self) -> None:
        from accounts.preferences import register_season_provider
        from timeline.describe import describe_event_field
        from timeline.models import Event, Season
        from timeline.services import (
            EVENT_FIELDS,
            event_characters_sync,
            event_prepare,
            season_choices_cached,
            season_choices_forget,
        )
        from timeline.views import home_events
        from wiki import revisions
        from wiki.home import register_home_section
        from wiki.lifecycle import content_restored
        from wiki.links import register_slug_resolver

        revisions.register(
            Event,
            kind="event",
            label="Event",
            fields=EVENT_FIELDS,
            text_fields=("description",),
            title_field="title",
            derived_fields=("rendered_html", "date_end"),
            prepare=event_prepare,
            after_save=event_characters_sync,
            describe=describe_event_field,
        )
        register_slug_resolver(_resolve_event_slugs)
        register_season_provider(season_choices_cached)
        register_home_section(
            "events",
            template="timeline/_home_section.html",
            context=home_events,
            order=10,
        )
        for signal in (post_save, post_delete):
            signal.connect(
                season_choices_forget,
                sender=Season,
                dispatch_uid=f"season-choices-{signal is post_save}",
            )
        content_restored.connect(
            _character_restored,
            sender=apps.get_model("characters", "Character"),
            dispatch_uid="timeline-relink-restored-character",
        )


def _character_restored(sender, obj, **kwargs) -> None:
    from timeline.services import events_relink_character

    events_relink_character(obj)


def _resolve_event_slugs(slugs: frozenset[str]) -> dict[str, str]:
    from django.urls import reverse

    from timeline.models import Event

    return {
        slug: reverse("event_detail", kwargs={"slug": slug})
        for slug in Event.objects.filter(slug__in=slugs).values_list("slug", flat=True)
    }
