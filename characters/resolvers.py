"""How `[[Name]]` finds a character: by the slug of its name or of an alias."""

from django.urls import reverse

from characters.models import Character, CharacterAlias


def resolve_character_slugs(slugs: frozenset[str]) -> dict[str, str]:
    found = {
        slug: reverse("character_detail", kwargs={"slug": slug})
        for slug in Character.objects.filter(slug__in=slugs).values_list(
            "slug", flat=True
        )
    }
    missing = slugs - found.keys()
    if missing:
        aliases = CharacterAlias.objects.filter(slug__in=missing).values_list(
            "slug", "character__slug"
        )
        for alias_slug, character_slug in aliases:
            found[alias_slug] = reverse(
                "character_detail", kwargs={"slug": character_slug}
            )
    return found
