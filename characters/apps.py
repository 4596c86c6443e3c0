from django.apps import AppConfig


class CharactersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "characters"
    verbose_name = "Characters"

    def ready(self) -> None:
        from characters.models import Character
        from characters.resolvers import resolve_character_slugs
        from characters.services import (
            CHARACTER_FIELDS,
            character_aliases_sync,
            character_link_keys,
            character_name_holder,
            character_prepare,
        )
        from characters.views import home_characters
        from wiki import revisions
        from wiki.home import register_home_section
        from wiki.links import register_slug_resolver

        revisions.register(
            Character,
            kind="character",
            label="Character",
            fields=CHARACTER_FIELDS,
            text_fields=("aliases", "biography"),
            title_field="name",
            derived_fields=("rendered_html",),
            prepare=character_prepare,
            link_keys=character_link_keys,
            after_save=character_aliases_sync,
            describe=_describe,
            name_holder=character_name_holder,
        )
        register_slug_resolver(resolve_character_slugs)
        register_home_section(
            "characters",
            template="characters/_home_section.html",
            context=home_characters,
            order=20,
        )


def _describe(name: str, value) -> str | None:
    if name == "seasons":
        from characters.models import season_numbers

        return ", ".join(str(n) for n in season_numbers(value or "")) or "—"
    return None
