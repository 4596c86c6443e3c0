"""Renaming, deleting and restoring any registered content.

Nothing here loses history: a deletion is the last row of the object's history
(with the moderator and the reason), and a restore puts the object back under its
old primary key, so the rows before and after the gap read as one history. A rename
is an ordinary revision that also leaves a Redirect from the old slug.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Exists, OuterRef
from django.dispatch import Signal

from accounts.audit import ADDITION, CHANGE, DELETION, audit_log, reason_required
from accounts.text import without_control_characters
from wiki.forms import clean_new_title
from wiki.models import Page, PageLink, Redirect
from wiki.revisions import Revisioned, entry_for
from wiki.services import linkers_rerender, revision_record, slug_claim
from wiki.signals import content_deleted
from wiki.titles import MAX_TITLE_LENGTH, slug_for_title

DELETED = "-"  # django-simple-history's history_type of a deletion row


def content_delete(*, obj: models.Model, user, reason: str) -> None:
    """Delete `obj`, keeping its history (the deletion row says who and why), and
    turn the links to it red."""
    reason = reason_required(reason)
    _main_page_kept(obj, "deleted")
    entry = entry_for(obj)
    with transaction.atomic():
        current = _locked(entry, obj)
        names = _names(entry, current)
        audit_log(
            actor=user,
            obj=current,
            action_flag=DELETION,
            message=f"Deleted the {entry.label.lower()} “{entry.title_of(current)}”",
            reason=reason,
        )
        PageLink.objects.filter(
            source_type=ContentType.objects.get_for_model(current),
            source_id=current.pk,
        ).delete()
        # The deletion is a revision of its own, so that a restore (the next
        # version) never shares a number with the last edit.
        current.version += 1
        current._history_user = user
        current._change_reason = without_control_characters(reason)
        current._revision_size_change = -current.size
        current.size = 0  # the deletion row: nothing is left
        deleted_pk = current.pk
        current.delete()
        current.pk = deleted_pk  # delete() clears it; receivers need the id
        content_deleted.send(sender=entry.model, obj=current)
        linkers_rerender(slugs=names)


# Sent inside the restore's transaction, so that apps whose rows pointed at the
# content before it was deleted (an event's characters) can point at it again.
content_restored = Signal()


def content_restore(
    *, model: type[models.Model], object_id: int, user, reason: str
) -> models.Model:
    """Bring deleted content back under its old id, as a new revision on top of its
    history; refused when it is not deleted or its address is taken now."""
    reason = reason_required(reason)
    entry = entry_for(model)
    try:
        with transaction.atomic():
            obj = _restore(entry, object_id, user=user, reason=reason)
            content_restored.send(sender=entry.model, obj=obj)
    except IntegrityError as error:
        # A uniqueness rule only the database checks, broken by a concurrent
        # save between the checks above and the insert.
        raise ValidationError(
            "It cannot be restored: its title or one of its names is taken now."
        ) from error
    return obj


def content_rename(
    *, obj: models.Model, user, new_title: str, reason: str
) -> models.Model:
    """Give `obj` a new title and slug as a new revision, leaving a redirect from
    the old slug; refused when the new title is taken or the same as the old.
    Returns the renamed object."""
    _main_page_kept(obj, "renamed")
    entry = entry_for(obj)
    noun = title_noun(entry)
    new_title = _new_title(new_title, noun=noun)
    reason = reason.strip()
    try:
        with transaction.atomic():
            return _rename(entry, obj, user=user, title=new_title, reason=reason)
    except IntegrityError as error:
        # Someone took the slug between the check and the save.
        raise ValidationError(
            {"new_title": f"Another {noun} took this {noun} a moment ago."}
        ) from error


def _rename(entry: Revisioned, obj, *, user, title: str, reason: str):
    noun, new_title, new_slug = title_noun(entry), title, slug_for_title(title)
    current = _locked(entry, obj)
    old_title, old_slug = entry.title_of(current), current.slug
    if new_title == old_title:
        raise ValidationError({"new_title": f"That is already its {noun}."})
    holder = entry.holder_of(current, new_slug)
    if holder is not None:
        raise ValidationError(
            {
                "new_title": f"“{holder}” already has this {noun}, or one that "
                "differs only in capitals or punctuation."
            }
        )
    change = f"Renamed “{old_title}” to “{new_title}”"
    setattr(current, entry.title_field, new_title)
    current.slug = new_slug
    current.version += 1
    # The redirect first, so that what listens to the save (the search index)
    # already finds the old title among the object's names.
    if old_slug != new_slug:
        Redirect.objects.update_or_create(
            content_type=ContentType.objects.get_for_model(current),
            old_slug=old_slug,
            defaults={"old_title": old_title, "object_id": current.pk},
        )
    revision_record(
        obj=current, user=user, summary=f"{change}: {reason}" if reason else change
    )
    slug_claim(obj=current)
    linkers_rerender(slugs=_names(entry, current))
    audit_log(
        actor=user, obj=current, action_flag=CHANGE, message=change, reason=reason
    )
    return current


def _main_page_kept(obj: models.Model, done: str) -> None:
    """The home page shows the page titled settings.MAIN_PAGE_TITLE: without it
    the home page would have no text, so it stays where it is."""
    if isinstance(obj, Page) and obj.slug == slug_for_title(settings.MAIN_PAGE_TITLE):
        raise ValidationError(
            f"“{obj}” is the main page, which the home page shows: it cannot be "
            f"{done}. Edit its text instead."
        )


def title_noun(entry: Revisioned) -> str:
    """What the content's title is called: a character's is its name."""
    return "name" if entry.title_field == "name" else "title"


def deleted_rows(entry: Revisioned) -> models.QuerySet:
    """The deletion rows of `entry`'s content that is still deleted (the last row
    of its history), newest first, with the moderator."""
    history = entry.history_model.objects
    pk_name = entry.model._meta.pk.attname
    later = history.filter(
        **{pk_name: OuterRef(pk_name)}, history_date__gt=OuterRef("history_date")
    )
    return (
        history.filter(history_type=DELETED)
        .exclude(Exists(later))
        .select_related("history_user")
        .order_by("-history_date", "-history_id")
    )


def deletion_of(entry: Revisioned, object_id: int) -> models.Model | None:
    """The row recording the deletion of `entry`'s object `object_id`, if it is
    deleted now."""
    last = _last_row(entry, object_id)
    if last is None or last.history_type != DELETED:
        return None
    return last


def deletion_at_slug(entry: Revisioned, slug: str) -> models.Model | None:
    """The deletion of whatever of `entry`'s content last had `slug`, if that is
    deleted now."""
    pk_name = entry.model._meta.pk.attname
    object_id = (
        entry.history_model.objects.filter(slug=slug)
        .order_by("-history_date", "-history_id")
        .values_list(pk_name, flat=True)
        .first()
    )
    return None if object_id is None else deletion_of(entry, object_id)


def _restore(entry: Revisioned, object_id: int, *, user, reason: str) -> models.Model:
    model = entry.model
    if model.objects.filter(pk=object_id).exists():
        raise ValidationError(f"This {entry.label.lower()} is not deleted.")
    last = deletion_of(entry, object_id)
    if last is None:
        raise ValidationError(f"There is no deleted {entry.label.lower()} to restore.")
    obj, kept = _rebuilt(entry, last)
    title = entry.title_of(obj)
    holder = entry.holder_of(obj, obj.slug)
    if holder is not None:
        raise ValidationError(
            f"“{title}” cannot be restored: “{holder}” has its address now. "
            "Rename one of them first."
        )
    slug_claim(obj=obj)
    obj.version = last.version + 1
    # Restoring adds the whole text back, which is what the size change says.
    obj.size = 0
    revision_record(obj=obj, user=user, summary=f"Restored: {reason}")
    if kept:
        # The original creation date, which auto_now_add overwrote on save; an
        # UPDATE, because a date is not content and must not be a second revision.
        model.objects.filter(pk=obj.pk).update(**kept)
    linkers_rerender(slugs=_names(entry, obj))
    audit_log(
        actor=user,
        obj=obj,
        action_flag=ADDITION,
        message=f"Restored the {entry.label.lower()} “{title}”",
        reason=reason,
    )
    return obj


def _rebuilt(entry: Revisioned, row: models.Model) -> tuple[models.Model, dict]:
    """The object as `row` recorded it (derived and excluded fields at their
    defaults), and the creation dates to keep, which saving would reset."""
    recorded = {field.attname for field in row._meta.fields}
    fields = [f for f in entry.model._meta.concrete_fields if f.attname in recorded]
    obj = entry.model(**{f.attname: getattr(row, f.attname) for f in fields})
    kept = {
        f.attname: getattr(row, f.attname)
        for f in fields
        if getattr(f, "auto_now_add", False)
    }
    return obj, kept


def _locked(entry: Revisioned, obj: models.Model) -> models.Model:
    """The current row of obj, locked until the transaction ends."""
    current = entry.model.objects.select_for_update().filter(pk=obj.pk).first()
    if current is None:
        # Another moderator deleted it between the form and this request.
        raise ValidationError(f"“{obj}” was deleted a moment ago.")
    return current


def _last_row(entry: Revisioned, object_id: int) -> models.Model | None:
    return (
        entry.history_model.objects.filter(**{entry.model._meta.pk.attname: object_id})
        .select_related("history_user")
        .order_by("-history_date", "-history_id")
        .first()
    )


def _names(entry: Revisioned, obj: models.Model) -> set[str]:
    """Every slug that links to `obj` resolve through: its names and old names."""
    old = Redirect.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
    ).values_list("old_slug", flat=True)
    return set(entry.link_keys(obj)) | set(old)


def _new_title(value: str, *, noun: str) -> str:
    try:
        title = clean_new_title(value, noun=noun)
    except ValidationError as error:
        raise ValidationError({"new_title": error.messages}) from error
    if len(title) > MAX_TITLE_LENGTH:
        raise ValidationError(
            {"new_title": f"A {noun} can be at most {MAX_TITLE_LENGTH} characters."}
        )
    return title
