"""The revision machinery shared by every fan-editable model.

A content app registers its model here (in its AppConfig.ready()) and gets history,
old revisions, diffs, reverts, recent changes and contributions without writing any of
it. Each registered model carries `history = revision_history(...)`, a `version`
integer and a `size`; the historical rows get `minor`, `hidden` and `size_change` from
RevisionInfo, filled in from attributes the services set on the instance before saving.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import models
from simple_history.models import HistoricalRecords
from simple_history.signals import pre_create_historical_record


class RevisionInfo(models.Model):
    """Columns every historical row has besides django-simple-history's own."""

    minor = models.BooleanField(default=False)
    hidden = models.BooleanField(
        default=False, help_text="Hidden from everyone but moderators."
    )
    size_change = models.IntegerField(
        default=0, help_text="Bytes added (or removed, when negative) by this revision."
    )

    class Meta:
        abstract = True


def revision_history(*, excluded_fields: Iterable[str] = ()) -> HistoricalRecords:
    """The `history` field of a revisioned model; derived fields stay out of history."""
    return HistoricalRecords(
        bases=[RevisionInfo], excluded_fields=list(excluded_fields)
    )


@dataclass(frozen=True)
class Revisioned:
    """How the shared machinery handles one registered model.

    `fields` are the content a revision carries (diffed, merged, restored by a revert);
    `text_fields` among them are merged line by line and diffed word by word.
    `prepare` recomputes the derived fields (rendered HTML, size) in place and returns
    the slugs the content links to; `link_keys` are the slugs that name the object,
    so links to them turn blue when it is created.
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

    @property
    def history_model(self) -> type[models.Model]:
        return self.model.history.model

    def url_name(self, action: str) -> str:
        return f"{self.kind}_{action}"

    def title_of(self, obj: models.Model) -> str:
        return getattr(obj, self.title_field)


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
