"""Writes to characters: create and edit go through the shared revision services."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError

from characters.models import Character, CharacterAlias
from wiki.links import render_wiki_markdown
from wiki.markdown import RenderError
from wiki.services import SaveResult, content_create, content_update
from wiki.titles import normalise_title, slug_for_title

CHARACTER_FIELDS = (
    "name",
    "aliases",
    "actor",
    "role",
    "status",
    "status_spoiler_season",
    "seasons",
    "portrait",
    "biography",
)


def character_prepare(character: Character) -> frozenset[str]:
    """Render the biography into the derived fields; return the slugs it links to."""
    try:
        rendered = render_wiki_markdown(character.biography)
    except RenderError as error:
        raise ValidationError({"biography": str(error)}) from error
    character.rendered_html = rendered.html
    character.rendered_categories = rendered.categories
    character.size = len(character.biography.encode())
    return frozenset(slug_for_title(title) for title in rendered.link_targets)


def character_link_keys(character: Character) -> frozenset[str]:
    """The slugs that name the character: its name's and its aliases'."""
    slugs = {character.slug} | {slug_for_title(a) for a in character.alias_list}
    return frozenset(slug for slug in slugs if slug)


def character_aliases_sync(character: Character) -> None:
    """Make the alias index match the character's aliases (derived, not history)."""
    CharacterAlias.objects.filter(character=character).delete()
    rows = {}
    for alias in character.alias_list:
        slug = slug_for_title(alias)
        if slug and slug != character.slug:
            rows.setdefault(slug, alias)
    try:
        CharacterAlias.objects.bulk_create(
            CharacterAlias(character=character, name=name, slug=slug)
            for slug, name in rows.items()
        )
    except IntegrityError as error:
        # The form checks this first; two editors racing for one alias end here.
        raise ValidationError(
            {"aliases": "One of these aliases was just given to another character."}
        ) from error


def character_create(*, user, values: dict, summary: str = "") -> Character:
    """Create a character at revision 1; a taken name is a ValidationError."""
    name = normalise_title(values["name"])
    values = {**values, "name": name, "slug": slug_for_title(name)}
    try:
        return content_create(
            model=Character,
            user=user,
            values=values,
            summary=summary or "Created the character",
        )
    except IntegrityError as error:
        raise ValidationError(
            {"name": "A character with this name already exists."}
        ) from error


def character_save(
    *,
    character: Character,
    user,
    values: dict,
    base_version: int,
    summary: str,
    minor: bool = False,
) -> SaveResult:
    """Save a new revision of the character, merging with any concurrent edit."""
    return content_update(
        obj=character,
        user=user,
        values=values,
        base_version=base_version,
        summary=summary,
        minor=minor,
    )


def character_name_holder(character: Character, slug: str) -> Character | None:
    """Another character whose alias is `slug`: a name may not be someone's alias,
    or `[[that name]]` would lead to two characters."""
    alias = (
        CharacterAlias.objects.filter(slug=slug)
        .exclude(character_id=character.pk)
        .select_related("character")
        .first()
    )
    return alias.character if alias else None
