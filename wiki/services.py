"""Every write to revisioned content: create, edit (with merge) and revert.

Each service is one transaction. The current row is re-read with select_for_update()
(a no-op on SQLite, where the IMMEDIATE transaction already serialises writers), so
two editors can never both believe they saved on top of the same version.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import merge3
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import F

from accounts.text import without_control_characters
from wiki.categories import categories_replace
from wiki.links import linking_sources, links_replace, render_wiki_markdown
from wiki.markdown import RenderError
from wiki.models import Page, Redirect
from wiki.page_cache import generation_bump
from wiki.revisions import Revisioned, entry_for
from wiki.signals import content_saved
from wiki.titles import normalise_title, slug_for_title

MERGED_NOTE = "(merged with a concurrent edit)"


class EditConflict(Exception):
    """Someone saved after the editor's base version and the texts do not merge.

    Carries the current object and the editor's own values so that the form can be
    shown again with both texts: nothing the editor typed is lost.
    """

    def __init__(self, *, current: models.Model, mine: dict, fields: list[str]):
        super().__init__(f"Edit conflict on {', '.join(fields)}")
        self.current = current
        self.mine = mine
        self.fields = fields


@dataclass(frozen=True)
class SaveResult:
    obj: models.Model
    saved: bool  # False when nothing changed: a double submit or an empty edit
    merged: bool = False


def page_prepare(page: Page) -> frozenset[str]:
    """Render the body into the derived fields; return the slugs it links to."""
    try:
        rendered = render_wiki_markdown(page.body)
    except RenderError as error:
        raise ValidationError({"body": str(error)}) from error
    page.rendered_html = rendered.html
    page.rendered_toc = rendered.toc_html
    page.rendered_categories = rendered.categories
    page.size = len(page.body.encode())
    return frozenset(slug_for_title(title) for title in rendered.link_targets)


def page_create(*, user, title: str, body: str, summary: str = "") -> Page:
    """Create a page at revision 1; a title that is taken is a ValidationError.

    Submitting the same new page twice (a double click) returns the page the first
    submission created instead of an error.
    """
    title = normalise_title(title)
    slug = slug_for_title(title)
    try:
        return content_create(
            model=Page,
            user=user,
            values={"title": title, "slug": slug, "body": body},
            summary=summary or "Created the page",
        )
    except IntegrityError as error:
        existing = Page.objects.filter(slug=slug).first()
        if existing and existing.version == 1 and existing.body == body:
            return existing
        raise ValidationError(
            {"title": "A page with this title already exists."}
        ) from error


def page_save(
    *, page: Page, user, body: str, base_version: int, summary: str, minor: bool
) -> SaveResult:
    """Save a new revision of the page's body, merging with any concurrent edit."""
    return content_update(
        obj=page,
        user=user,
        values={"body": body},
        base_version=base_version,
        summary=summary,
        minor=minor,
    )


def content_create(
    *, model: type[models.Model], user, values: dict, summary: str
) -> models.Model:
    """Create registered content at version 1 and turn red links to it blue."""
    entry = entry_for(model)
    with transaction.atomic():
        obj = model(**values, version=1)
        _record(obj, entry=entry, user=user, summary=summary, minor=False)
        slug_claim(obj=obj)
        _rerender_linkers(entry.link_keys(obj))
    return obj


def content_update(
    *,
    obj: models.Model,
    user,
    values: dict,
    base_version: int,
    summary: str,
    minor: bool,
) -> SaveResult:
    """Save `values` on top of `base_version`, three-way merging if others saved since.

    Raises EditConflict when a merge is impossible. Saving what is already there
    creates no revision, which is what makes a double submit harmless.
    """
    entry = entry_for(obj)
    with transaction.atomic():
        current = entry.model.objects.select_for_update().get(pk=obj.pk)
        merged = current.version != base_version
        if merged:
            values = _merge(entry, current, base_version, values)
            summary = f"{summary} {MERGED_NOTE}".strip()
        saved = _apply(
            current, entry=entry, user=user, values=values, summary=summary, minor=minor
        )
    return SaveResult(obj=current, saved=saved, merged=merged and saved)


def revision_revert(*, obj: models.Model, revision: models.Model, user) -> SaveResult:
    """Make a new revision whose content equals `revision`'s (which must be obj's).

    A revision whose text a moderator hid cannot come back this way (unhide it
    first), and the summary of the new, public revision never names an editor a
    moderator hid.
    """
    entry = entry_for(obj)
    if getattr(revision, entry.model._meta.pk.attname) != obj.pk:
        raise ValueError("The revision belongs to other content.")
    if revision.text_hidden:
        raise ValidationError(
            f"The text of revision {revision.version} is hidden; unhide it first "
            "if it should be the current text again."
        )
    if revision.editor_hidden:
        editor = "a hidden editor"
    else:
        editor = revision.history_user or "an unknown editor"
    summary = f"Reverted to revision {revision.version} by {editor}"
    # The title is the object's address, which only a rename changes (with its
    # redirect): a revert to a revision before a rename restores the content only.
    values = {
        name: getattr(revision, name)
        for name in entry.fields
        if name != entry.title_field
    }
    with transaction.atomic():
        current = entry.model.objects.select_for_update().get(pk=obj.pk)
        saved = _apply(
            current, entry=entry, user=user, values=values, summary=summary, minor=False
        )
    return SaveResult(obj=current, saved=saved)


def revision_record(*, obj: models.Model, user, summary: str) -> None:
    """Save `obj`, built or changed by the caller (version set), as a new revision
    with its derived data and links; for the services in wiki.lifecycle."""
    _record(obj, entry=entry_for(obj), user=user, summary=summary, minor=False)


def linkers_rerender(*, slugs: Iterable[str]) -> None:
    """Re-render the content linking to `slugs` after they start or stop naming
    something, so its links turn blue or red."""
    _rerender_linkers(frozenset(slugs))


def content_rerender(*, obj: models.Model) -> None:
    """Derive obj's HTML, links, categories and search entry again from its
    current text, without a new revision: for a renderer that changed (an upgrade
    that adds categories, say). QuerySet.update() leaves history alone."""
    entry = entry_for(obj)
    with transaction.atomic():
        link_slugs = entry.prepare(obj)
        derived = {name: getattr(obj, name) for name in entry.derived_fields}
        entry.model.objects.filter(pk=obj.pk).update(**derived)
        links_replace(source=obj, title=entry.title_of(obj), target_slugs=link_slugs)
        categories_replace(
            source=obj, title=entry.title_of(obj), names=obj.rendered_categories
        )
        content_saved.send(sender=entry.model, obj=obj)
        # No revision counts this change for the page cache: count it here.
        generation_bump()


def slug_claim(*, obj: models.Model) -> None:
    """Drop the redirect that `obj`'s slug may hold: the address is obj's now."""
    content_type = ContentType.objects.get_for_model(obj)
    Redirect.objects.filter(content_type=content_type, old_slug=obj.slug).delete()


def _apply(current, *, entry: Revisioned, user, values: dict, summary, minor) -> bool:
    if all(getattr(current, name) == value for name, value in values.items()):
        return False
    for name, value in values.items():
        setattr(current, name, value)
    current.version += 1
    _record(current, entry=entry, user=user, summary=summary, minor=minor)
    return True


def _record(obj, *, entry: Revisioned, user, summary: str, minor: bool) -> None:
    """Save `obj` as a new revision with its derived data, its outgoing links and
    its categories (which `entry.prepare` leaves in `obj.rendered_categories`)."""
    previous_size = obj.size if obj.pk else 0
    link_slugs = entry.prepare(obj)
    obj._history_user = user
    # A control character in a summary broke every feed listing it (XML 1.0).
    obj._change_reason = without_control_characters(summary)
    obj._revision_minor = minor
    obj._revision_size_change = obj.size - previous_size
    obj.save()
    if user is not None and user.pk is not None:
        # The count that makes an account established; F() so that two
        # concurrent saves by one user both count.
        get_user_model().objects.filter(pk=user.pk).update(
            edit_count=F("edit_count") + 1
        )
    if entry.after_save is not None:
        entry.after_save(obj)
    links_replace(source=obj, title=entry.title_of(obj), target_slugs=link_slugs)
    categories_replace(
        source=obj, title=entry.title_of(obj), names=obj.rendered_categories
    )
    content_saved.send(sender=entry.model, obj=obj)


def _merge(entry: Revisioned, current, base_version: int, mine: dict) -> dict:
    base = entry.revisions_of(current).filter(version=base_version).first()
    merged, conflicts = {}, []
    for name, my_value in mine.items():
        theirs = getattr(current, name)
        base_value = getattr(base, name) if base else None
        if my_value in (theirs, base_value):
            merged[name] = theirs
        elif theirs == base_value:
            merged[name] = my_value
        elif base and name in entry.text_fields:
            text = merge_texts(base_value, my_value, theirs)
            if text is None:
                conflicts.append(name)
            merged[name] = text
        else:
            conflicts.append(name)
    if conflicts:
        raise EditConflict(current=current, mine=mine, fields=conflicts)
    return merged


def merge_texts(base: str, mine: str, theirs: str) -> str | None:
    """Three-way merge by lines; None when both sides changed the same lines."""
    merger = merge3.Merge3(
        base.splitlines(keepends=True),
        mine.splitlines(keepends=True),
        theirs.splitlines(keepends=True),
    )
    lines: list[str] = []
    for group in merger.merge_groups():
        if group[0] == "conflict":
            return None
        lines.extend(group[1])
    return "".join(lines)


def _rerender_linkers(slugs: frozenset[str]) -> None:
    """Re-render the content that links to `slugs`, so its red links turn blue.

    Only derived fields change, which is not a new revision: QuerySet.update() is
    used on purpose because it leaves history alone.
    """
    for model, ids in linking_sources(slugs).items():
        entry = entry_for(model)
        for source in model.objects.filter(pk__in=ids):
            entry.prepare(source)
            derived = {name: getattr(source, name) for name in entry.derived_fields}
            model.objects.filter(pk=source.pk).update(**derived)
