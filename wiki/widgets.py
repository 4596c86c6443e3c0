"""django-markdownx's editor, told which content it edits.

Its preview and upload requests then carry the content's kind and slug, so that the
endpoints refuse them for protected content exactly as a save would be refused.
"""

from django.db import models
from django.forms import Form
from django.utils.http import urlencode
from markdownx.widgets import MarkdownxWidget

_URL_ATTRIBUTES = ("data-markdownx-urls-path", "data-markdownx-upload-urls-path")


class EditorWidget(MarkdownxWidget):
    target_query = ""

    class Media:
        # Added to markdownx's own script (Media extends the parent's).
        js = ["js/editor.js"]

    def get_context(self, name, value, attrs=None):
        context = super().get_context(name, value, attrs)
        if self.target_query:
            widget_attrs = context["widget"]["attrs"]
            for attribute in _URL_ATTRIBUTES:
                url = widget_attrs[attribute]
                widget_attrs[attribute] = f"{url}?{self.target_query}"
        return context


def editor_target_set(form: Form, *, kind: str, obj: models.Model) -> None:
    """Make the form's editors name `obj` in their preview and upload requests."""
    query = urlencode({"kind": kind, "slug": obj.slug})
    for field in form.fields.values():
        if isinstance(field.widget, EditorWidget):
            field.widget.target_query = query
