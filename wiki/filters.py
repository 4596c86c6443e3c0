import django_filters
from django import forms
from django.db.models import Exists, OuterRef

from wiki.categories import category_slug
from wiki.models import CategoryMembership, Page
from wiki.revisions import entries
from wiki.titles import MAX_TITLE_LENGTH


def _validate_category(value: str) -> None:
    if category_slug(value) is None:
        raise forms.ValidationError(
            "Give a category's name, such as “Students”: letters or digits, at most "
            f"{MAX_TITLE_LENGTH} characters."
        )


class PageFilter(django_filters.FilterSet):
    title = django_filters.CharFilter(lookup_expr="icontains", label="Title contains")
    updated_since = django_filters.DateFilter(
        field_name="updated_at",
        lookup_expr="date__gte",
        label="Updated since",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    category = django_filters.CharFilter(
        method="filter_category",
        label="In category",
        validators=[_validate_category],
    )
    sort = django_filters.OrderingFilter(
        fields=(("title", "title"), ("updated_at", "updated")),
        field_labels={"title": "Title", "updated_at": "Last updated"},
        label="Sort by",
    )

    class Meta:
        model = Page
        fields = ["title", "updated_since"]

    def filter_category(self, queryset, name: str, value: str):
        members = CategoryMembership.objects.of_kind(Page).filter(
            category_slug=category_slug(value), source_id=OuterRef("pk")
        )
        return queryset.filter(Exists(members))


class BeforeCursorForm(forms.Form):
    """?before=<date>: the cursor of a list newest first (the next page starts
    below the last date shown)."""

    before = forms.DateTimeField(required=False, widget=forms.HiddenInput)

    def clean_before(self):
        before = self.cleaned_data["before"]
        # Years at the edges overflow when the offset is converted to UTC.
        if before and not 2 <= before.year <= 9998:
            raise forms.ValidationError("That date is out of range.")
        return before


class RecentChangesForm(BeforeCursorForm):
    """Filters of /recent/ and of a user's contributions; all optional."""

    kind = forms.ChoiceField(required=False, label="Kind")
    user = forms.CharField(required=False, max_length=150, label="Editor")
    hide_minor = forms.BooleanField(required=False, label="Hide minor edits")
    since = forms.DateField(
        required=False,
        label="Since",
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def clean_since(self):
        since = self.cleaned_data["since"]
        if since and not 2 <= since.year <= 9998:
            raise forms.ValidationError("That date is out of range.")
        return since

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", "All")] + [
            (entry.kind, entry.label) for entry in entries()
        ]
