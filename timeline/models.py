from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from timeline.dates import DatePrecision, describe
from wiki.models import protection_field
from wiki.revisions import revision_history
from wiki.titles import MAX_TITLE_LENGTH


class SeasonStatus(models.TextChoices):
    ANNOUNCED = "announced", "Announced"
    IN_PRODUCTION = "in_production", "In production"
    RELEASED = "released", "Released"


class Season(models.Model):
    """A season of the series; kept by moderators in the admin, with history.

    Content refers to a season by its number (Character.seasons, Event.season),
    the way readers do: "season 2".
    """

    number = models.PositiveSmallIntegerField(unique=True)
    title = models.CharField(max_length=200, blank=True)
    status = models.CharField(
        max_length=20, choices=SeasonStatus, default=SeasonStatus.ANNOUNCED
    )
    release_date = models.DateField(
        null=True, blank=True, help_text="The first day of the release period."
    )
    release_precision = models.CharField(
        max_length=20, choices=DatePrecision, default=DatePrecision.DAY
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["number"]

    def __str__(self) -> str:
        return f"Season {self.number}"

    def get_absolute_url(self) -> str:
        return f"{reverse('timeline')}?season={self.number}"

    @property
    def release_in_words(self) -> str:
        if self.release_date is None:
            return ""
        return describe(self.release_date, self.release_precision)


class EventKind(models.TextChoices):
    ANNOUNCEMENT = "announcement", "Announcement"
    PRODUCTION = "production", "Production"
    RELEASE = "release", "Release"
    RECEPTION = "reception", "Reception"
    IN_UNIVERSE = "in_universe", "In-universe"


class EventQuerySet(models.QuerySet):
    def for_listing(self) -> "EventQuerySet":
        """What the timeline shows of each event: never the description."""
        return self.only(
            "title", "slug", "date", "date_end", "precision", "kind", "season"
        ).order_by("date", "date_end", "title")

    def upcoming(self) -> "EventQuerySet":
        """Events whose period starts after today, soonest first."""
        return self.filter(date__gt=timezone.localdate()).order_by(
            "date", "date_end", "title"
        )

    def past(self) -> "EventQuerySet":
        """Events whose period has started, most recent first."""
        return self.filter(date__lte=timezone.localdate()).order_by(
            "-date", "-date_end", "-title"
        )


class EventFacts:
    """Helpers shared by events and their old revisions."""

    @property
    def when(self) -> str:
        """The date in words, as precise as it is known: "late 2024"."""
        return describe(self.date, self.precision)

    @property
    def is_upcoming(self) -> bool:
        """Whether the event's period starts after today (the timeline's marker)."""
        return self.date > timezone.localdate()


class Event(EventFacts, models.Model):
    """Something that happened, or is announced to happen, with its sources.

    `date` is the first day of the period the event is known to (`precision`);
    `date_end`, its last day, is derived so that the database orders events by
    (date, date_end): see timeline.dates for the rule.

    The characters involved are content (`character_ids`, kept in history and
    restored by a revert); `characters` is the same set as a relation, rebuilt on
    every save, for filtering and for each character's own timeline.
    """

    title = models.CharField(max_length=MAX_TITLE_LENGTH, unique=True)
    slug = models.SlugField(
        max_length=MAX_TITLE_LENGTH, unique=True, allow_unicode=True
    )
    date = models.DateField()
    precision = models.CharField(
        max_length=20, choices=DatePrecision, default=DatePrecision.DAY
    )
    date_end = models.DateField(editable=False)
    kind = models.CharField(max_length=20, choices=EventKind)
    season = models.PositiveSmallIntegerField("related season", null=True, blank=True)
    description = models.TextField(blank=True)
    sources = models.JSONField(default=list, blank=True)
    character_ids = models.JSONField("characters", default=list, blank=True)
    characters = models.ManyToManyField(
        "characters.Character", related_name="events", blank=True, editable=False
    )
    rendered_html = models.TextField(blank=True, editable=False)
    size = models.PositiveIntegerField(default=0, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    protection = protection_field()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    history = revision_history(
        excluded_fields=["rendered_html", "date_end", "protection"],
        mixins=[EventFacts],
    )

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["date", "date_end", "title"]
        indexes = [models.Index(fields=["date", "date_end", "title"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("event_detail", kwargs={"slug": self.slug})
