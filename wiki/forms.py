from django import forms

from wiki.markdown import MAX_MARKDOWN_BYTES
from wiki.models import Page
from wiki.titles import (
    MAX_TITLE_LENGTH,
    RESERVED_SLUGS,
    normalise_title,
    slug_for_title,
)
from wiki.widgets import EditorWidget

MAX_SUMMARY_LENGTH = 500

BODY_HELP = (
    "Markdown: **bold**, *italic*, # Heading, - lists, | tables |, [text](https://…), "
    "[[Page title]] or [[Page title|shown text]] to link a page, [[Category:Name]] "
    "to file it in a category, and [^1] footnotes for citations; a line :::spoiler 2, "
    "the spoiler, then a line ::: hides a spoiler for season 2 (see “Spoiler blocks” "
    "below). The preview under the editor shows the result."
)


def clean_markdown(text: str) -> str:
    """Store LF line ends and exactly one final newline, so that diffs and merges
    line up (browsers send CRLF; leading spaces are markdown and are kept)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").rstrip()
    text = f"{text}\n" if text else ""
    size = len(text.encode())
    if size > MAX_MARKDOWN_BYTES:
        raise forms.ValidationError(
            f"The text is {size // 1024} KB; a page can hold at most "
            f"{MAX_MARKDOWN_BYTES // 1024} KB. Split it into several pages."
        )
    return text


def clean_new_title(value: str, *, noun: str = "title") -> str:
    """A title (or name) for new content: normalised, sluggable and not reserved."""
    title = normalise_title(value)
    if not slug_for_title(title):
        raise forms.ValidationError(f"A {noun} needs at least one letter or digit.")
    if slug_for_title(title) in RESERVED_SLUGS:
        raise forms.ValidationError(
            f"“{title}” is reserved by the wiki itself; choose another {noun}."
        )
    return title


class EditSummaryMixin(forms.Form):
    summary = forms.CharField(
        max_length=MAX_SUMMARY_LENGTH,
        required=False,
        help_text="Briefly describe your change; it is shown in the history.",
    )


class PageCreateForm(EditSummaryMixin):
    existing_page: Page | None = None
    title = forms.CharField(max_length=MAX_TITLE_LENGTH)
    body = forms.CharField(
        required=False,
        strip=False,
        widget=EditorWidget(attrs={"rows": 20}),
        help_text=BODY_HELP,
    )
    field_order = ["title", "body", "summary"]

    def clean_title(self) -> str:
        return clean_new_title(self.cleaned_data["title"])

    def clean_body(self) -> str:
        return clean_markdown(self.cleaned_data["body"])

    def clean(self) -> dict:
        """A taken title is an error, unless this is the same page submitted again."""
        cleaned = super().clean()
        self.existing_page = None
        title, body = cleaned.get("title"), cleaned.get("body")
        if title is None:
            return cleaned
        existing = Page.objects.filter(slug=slug_for_title(title)).first()
        if existing is None:
            return cleaned
        if existing.version == 1 and existing.title == title and existing.body == body:
            self.existing_page = existing
        else:
            self.add_error(
                "title", f"A page with this title already exists: “{existing.title}”."
            )
        return cleaned


class RevisionMixin(forms.Form):
    """What every edit form sends besides the content: minor, and the version the
    editor started from (for the merge)."""

    minor = forms.BooleanField(
        required=False, label="This is a minor edit (spelling, formatting)"
    )
    base_version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)


class PageEditForm(RevisionMixin, EditSummaryMixin):
    body = forms.CharField(
        required=False,
        strip=False,
        widget=EditorWidget(attrs={"rows": 20}),
        help_text=BODY_HELP,
    )
    field_order = ["body", "summary", "minor", "base_version"]

    def clean_body(self) -> str:
        return clean_markdown(self.cleaned_data["body"])
