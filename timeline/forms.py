from django import forms
from django.core.validators import URLValidator

from accounts.preferences import season_choices
from characters.models import Character
from timeline.dates import PRECISION_HELP, DatePrecision, period_start
from timeline.models import Event, EventKind
from wiki.forms import (
    BODY_HELP,
    EditSummaryMixin,
    RevisionMixin,
    clean_markdown,
    clean_new_title,
)
from wiki.titles import slug_for_title
from wiki.widgets import EditorWidget

MAX_SOURCES = 20
_DATE_INPUT = forms.DateInput(attrs={"type": "date"})


def _year_in_range(day):
    # Years at the edges cannot hold every period (Q4 9999 + one quarter).
    if day and not 1 <= day.year <= 9998:
        raise forms.ValidationError("Give a year between 1 and 9998.")
    return day


class WebAddressField(forms.URLField):
    # Like links in markdown: web addresses only (the default allows ftp). Replacing
    # the default validator, not adding one, gives a bad address one message.
    default_validators = [URLValidator(schemes=["http", "https"])]


class SourceForm(forms.Form):
    """One citation of an event."""

    publisher = forms.CharField(max_length=200, help_text="E.g. Soompi, Netflix.")
    title = forms.CharField(max_length=300)
    date = forms.DateField(widget=_DATE_INPUT, label="Published on")
    url = WebAddressField(
        required=False, max_length=500, assume_scheme="https", label="URL"
    )
    quoting = forms.CharField(
        required=False,
        max_length=200,
        label="Quoting",
        help_text="The outlet this source quotes, if any.",
    )

    def clean_date(self):
        return _year_in_range(self.cleaned_data["date"])

    def as_source(self) -> dict:
        data = self.cleaned_data
        source = {
            "publisher": data["publisher"],
            "title": data["title"],
            "date": data["date"].isoformat(),
        }
        if data.get("url"):
            source["url"] = data["url"]
        if data.get("quoting"):
            source["quoting"] = data["quoting"]
        return source


class BaseSourceFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        if not self.sources():
            raise forms.ValidationError(
                "Cite at least one source: the timeline states nothing uncited."
            )

    def sources(self) -> list[dict]:
        return [
            form.as_source()
            for form in self.forms
            if form.has_changed()
            and form.cleaned_data
            and not form.cleaned_data.get("DELETE")
        ]


SourceFormSet = forms.formset_factory(
    SourceForm,
    formset=BaseSourceFormSet,
    extra=1,
    max_num=MAX_SOURCES,
    validate_max=True,
    absolute_max=MAX_SOURCES,
    can_delete=True,
)


def source_formset(data=None, *, sources: list[dict] | None = None):
    initial = [dict(source) for source in sources or []]
    return SourceFormSet(data, initial=initial, prefix="sources")


class EventForm(EditSummaryMixin):
    title = forms.CharField(max_length=Event._meta.get_field("title").max_length)
    date = forms.DateField(widget=_DATE_INPUT, help_text=PRECISION_HELP)
    precision = forms.ChoiceField(choices=DatePrecision.choices)
    kind = forms.ChoiceField(choices=EventKind.choices)
    season = forms.TypedChoiceField(
        required=False, coerce=int, empty_value=None, label="Related season"
    )
    character_ids = forms.ModelMultipleChoiceField(
        queryset=Character.objects.only("pk", "name"),
        required=False,
        label="Characters involved",
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    description = forms.CharField(
        required=False,
        strip=False,
        widget=EditorWidget(attrs={"rows": 10}),
        help_text=BODY_HELP,
    )
    field_order = [
        "title",
        "date",
        "precision",
        "kind",
        "season",
        "character_ids",
        "description",
        "summary",
    ]

    def __init__(self, *args, event: Event | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        self.fields["season"].choices = [("", "None")] + season_choices()[1:]

    def clean_title(self) -> str:
        title = clean_new_title(self.cleaned_data["title"], noun="title")
        slug = slug_for_title(title)
        others = Event.objects.exclude(pk=getattr(self.event, "pk", None))
        if others.filter(slug=slug).exists():
            raise forms.ValidationError("An event with this title already exists.")
        return title

    def clean_date(self):
        return _year_in_range(self.cleaned_data["date"])

    def clean_character_ids(self) -> list[int]:
        return sorted(character.pk for character in self.cleaned_data["character_ids"])

    def clean_description(self) -> str:
        return clean_markdown(self.cleaned_data["description"])

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("date") and cleaned.get("precision"):
            cleaned["date"] = period_start(cleaned["date"], cleaned["precision"])
        return cleaned

    def content_values(self, sources: list[dict]) -> dict:
        names = ("title", "date", "precision", "kind", "season", "description")
        values = {name: self.cleaned_data[name] for name in names}
        values["character_ids"] = self.cleaned_data["character_ids"]
        values["sources"] = sources
        return values


class EventEditForm(RevisionMixin, EventForm):
    def __init__(self, *args, event: Event, **kwargs):
        super().__init__(*args, event=event, **kwargs)
        # Retitling moves the event's address, which comes with redirects.
        self.fields["title"].disabled = True


def event_initial(event: Event) -> dict:
    return {
        "title": event.title,
        "date": event.date,
        "precision": event.precision,
        "kind": event.kind,
        "season": event.season,
        "character_ids": event.character_ids,
        "description": event.description,
        "base_version": event.version,
    }
