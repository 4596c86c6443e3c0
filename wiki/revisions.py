"""The revision machinery shared by every fan-editable model.

A content app registers its model here (in its AppConfig.ready()) and gets history,
old revisions, diffs, reverts, recent changes and contributions without writing any of
it. Each registered model carries `history = revision_history(...)`, a `version`
integer, a `size` and a `protection`; the historical rows get `minor`, the `*_hidden`
flags and `size_change` from RevisionInfo, filled in from attributes the services
set on the instance before saving.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.db import models
from simple_history.models import HistoricalRecords
from simple_history.signals import pre_create_historical_record


class RevisionInfo(models.Model):
    """Columns every historical row has besides django-simple-history's own."""

    minor = models.BooleanField(default=False)
    # What a moderator hid from everyone else (MediaWiki's revision deletion).
    text_hidden = models.BooleanField("text hidden", default=False)
    summary_hidden = models.BooleanField("summary hidden", default=False)
    editor_hidden = models.BooleanField("editor hidden", default=False)
    size_change = models.IntegerField(
        default=0, help_text="Bytes added (or removed, when negative) by this revision."
    )

    class Meta:
        abstract = True

    @property
    def is_hidden(self) -> bool:
        """Whether anything of this revision is hidden from non-moderators."""
        return self.text_hidden or self.summary_hidden or self.editor_hidden


def revision_history(
    *, excluded_fields: Iterable[str] = (), mixins: Iterable[type] = ()
) -> HistoricalRecords:
    """The `history` field of a revisioned model; derived fields stay out of history.

    `mixins` give old revisions the model's read-only helpers (an infobox shows
    an old revision with the same properties as the current one).
    """
    return _RevisionRecords(
        bases=[*mixins, RevisionInfo], excluded_fields=list(excluded_fields)
    )


class _RevisionRecords(HistoricalRecords):
    """Historical rows indexed for "the newest revisions of one object" (a page's
    footer, history and diff): with only simple-history's separate indexes on the
    object's id and on the date, PostgreSQL walked the whole history by date to
    find one page's newest revision (24 ms at 10,000 pages)."""

    def get_meta_options(self, model):
        options = super().get_meta_options(model)
        name = f"{model._meta.app_label[:4]}_{model._meta.model_name[:12]}_newest"
        options["indexes"] = [
            models.Index(fields=["id", "-history_date", "-history_id"], name=name)
        ]
        return options


@dataclass(frozen=True)
class Revisioned:
    """How the shared machinery handles one registered model.

    `fields` are the content a revision carries (diffed, merged, restored by a revert);
    `text_fields` among them are merged line by line and diffed word by word.
    `prepare` recomputes the derived fields (rendered HTML, size) in place and returns
    the slugs the content links to; `link_keys` are the slugs that name the object,
    so links to them turn blue when it is created. `after_save` rebuilds derived
    rows that need the saved object's primary key (an event's characters);
    `describe` turns a field's value into the words a diff shows, for the fields
    the default (choice labels, lists, "—" for empty) does not cover.
    `name_holder(obj, slug)` is another object that answers to `slug` without it
    being its slug (a character's alias), which a rename or restore must not take.
    """

    model: type[models.Model]
    kind: str
    label: str
    fields: tuple[str, ...]
    text_fields: tuple[str, ...]
    title_field: str
    derived_fields: tuple[str, ...]
    prepare: Callable[[models.Model], frozenset[str]]
    link_keys: Callable[[models.Model], frozenset[str]] = field(
        default=lambda obj: frozenset({obj.slug})
    )
    after_save: Callable[[models.Model], None] | None = None
    describe: Callable[[str, Any], str | None] | None = None
    name_holder: Callable[[models.Model, str], models.Model | None] | None = None

    @cached_property
    def history_model(self) -> type[models.Model]:
        return self.model.history.model

    def revisions_of(self, obj: models.Model) -> models.QuerySet:
        """obj's revisions, newest first: `obj.history` without the manager class
        django-simple-history builds on every access (a third of a page view)."""
        pk = obj._meta.pk
        return self.history_model._default_manager.filter(**{pk.attname: obj.pk})

    def url_name(self, action: str) -> str:
        return f"{self.kind}_{action}"

    def holder_of(self, obj: models.Model, slug: str) -> models.Model | None:
        """Other content of this kind that `slug` already names, if any."""
        holder = self.model.objects.filter(slug=slug).exclude(pk=obj.pk).first()
        if holder is None and self.name_holder is not None:
            holder = self.name_holder(obj, slug)
        return holder

    def title_of(self, obj: models.Model) -> str:
        return getattr(obj, self.title_field)

    def label_of(self, name: str) -> str:
        return str(self.model._meta.get_field(name).verbose_name)

    def display(self, name: str, value: Any) -> str:
        """`value` of field `name` in words: "Deceased", not "deceased"."""
        if self.describe is not None:
            described = self.describe(name, value)
            if described is not None:
                return described
        choices = self.model._meta.get_field(name).flatchoices
        if choices:
            return str(dict(choices).get(value, value))
        if value is None or value == "":
            return "—"
        if isinstance(value, bool):
            return "yes" if value else "no"
        if isinstance(value, list | tuple):
            return ", ".join(str(item) for item in value) or "—"
        return str(value)


_registry: dict[type[models.Model], Revisioned] = {}


def register(model: type[models.Model], **options) -> Revisioned:
    """Put `model` under the revision machinery; call it from AppConfig.ready()."""
    entry = Revisioned(model=model, **options)
    _registry[model] = entry
    pre_create_historical_record.connect(
        _fill_revision_info,
        sender=entry.history_model,
        dispatch_uid=f"revision-info-{model._meta.label}",
    )
    return entry


def entry_for(model_or_obj: type[models.Model] | models.Model) -> Revisioned:
    model = model_or_obj if isinstance(model_or_obj, type) else type(model_or_obj)
    return _registry[model._meta.concrete_model]


def entries() -> list[Revisioned]:
    return list(_registry.values())


def entry_by_kind(kind: str) -> Revisioned | None:
    return next((entry for entry in _registry.values() if entry.kind == kind), None)


def _fill_revision_info(sender, instance, history_instance, **kwargs) -> None:
    history_instance.minor = getattr(instance, "_revision_minor", False)
    history_instance.size_change = getattr(instance, "_revision_size_change", 0)
