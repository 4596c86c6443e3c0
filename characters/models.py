from django.db import models
from django.urls import reverse

from wiki.models import protection_field
from wiki.revisions import revision_history
from wiki.titles import MAX_TITLE_LENGTH


class Role(models.TextChoices):
    STUDENT = "student", "Student"
    TEACHER = "teacher", "Teacher"
    FAMILY = "family", "Family member"
    MILITARY = "military", "Military"
    POLICE = "police", "Police"
    OFFICIAL = "official", "Official"
    OTHER = "other", "Other"
    UNKNOWN = "unknown", "Unknown"


class Status(models.TextChoices):
    ALIVE = "alive", "Alive"
    DECEASED = "deceased", "Deceased"
    INFECTED = "infected", "Infected"
    HALF_ZOMBIE = "half_zombie", "Half-zombie"
    UNKNOWN = "unknown", "Unknown"


def season_numbers(seasons: str) -> list[int]:
    """The stored "1,2" of Character.seasons as numbers."""
    return [int(number) for number in seasons.split(",") if number.isdigit()]


def seasons_text(numbers) -> str:
    """The stored form of a set of season numbers: sorted, comma-separated."""
    return ",".join(str(number) for number in sorted(set(numbers)))


class CharacterQuerySet(models.QuerySet):
    def for_listing(self) -> "CharacterQuerySet":
        """What a card shows: never the biography or its HTML."""
        return self.only(
            "name",
            "slug",
            "actor",
            "role",
            "status",
            "status_spoiler_season",
            "seasons",
            "portrait",
            "updated_at",
        )

    def appearing_in(self, season: int) -> "CharacterQuerySet":
        return self.filter(seasons__regex=rf"(^|,){int(season)}(,|$)")

    def alive(self) -> "CharacterQuerySet":
        return self.filter(status=Status.ALIVE)


class CharacterFacts:
    """Helpers shared by characters and their old revisions."""

    @property
    def season_numbers(self) -> list[int]:
        return season_numbers(self.seasons)

    @property
    def alias_list(self) -> list[str]:
        return [line.strip() for line in self.aliases.splitlines() if line.strip()]

    @property
    def initials(self) -> str:
        """What the infobox shows when there is no portrait: "Nam On-jo" → "NO"."""
        return "".join(word[0] for word in self.name.split()[:2]).upper()


class Character(CharacterFacts, models.Model):
    """A character of the series: infobox facts and a markdown biography.

    Seasons are stored as text ("1,2") rather than a relation to timeline.Season:
    characters come before the timeline (events refer to characters), and the
    numbers are what readers filter on.
    """

    name = models.CharField(max_length=MAX_TITLE_LENGTH, unique=True)
    slug = models.SlugField(
        max_length=MAX_TITLE_LENGTH, unique=True, allow_unicode=True
    )
    aliases = models.TextField(
        blank=True,
        help_text="Other names and spellings, one per line; [[links]] to them lead "
        "here.",
    )
    actor = models.CharField("portrayed by", max_length=200, blank=True)
    role = models.CharField(max_length=20, choices=Role, default=Role.OTHER)
    status = models.CharField(max_length=20, choices=Status, default=Status.UNKNOWN)
    status_spoiler_season = models.PositiveSmallIntegerField(
        "status is a spoiler for season",
        null=True,
        blank=True,
        help_text="Readers who have not watched this season see the status "
        "collapsed. Leave empty if it is no spoiler.",
    )
    seasons = models.CharField("seasons appeared in", max_length=100, blank=True)
    portrait = models.ImageField(max_length=200, blank=True)
    biography = models.TextField(blank=True)
    rendered_html = models.TextField(blank=True, editable=False)
    size = models.PositiveIntegerField(default=0, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    protection = protection_field()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    history = revision_history(
        excluded_fields=["rendered_html", "protection"], mixins=[CharacterFacts]
    )

    objects = CharacterQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["status", "name"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("character_detail", kwargs={"slug": self.slug})


class CharacterAlias(models.Model):
    """Derived from Character.aliases on every save, so that `[[Onjo]]` resolves
    with one indexed query; never edited by hand and not part of history."""

    character = models.ForeignKey(
        Character, on_delete=models.CASCADE, related_name="alias_rows"
    )
    name = models.CharField(max_length=MAX_TITLE_LENGTH)
    slug = models.SlugField(
        max_length=MAX_TITLE_LENGTH, unique=True, allow_unicode=True
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} → {self.character}"
