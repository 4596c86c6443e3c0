"""Wiki links between registered content: resolving `[[Title]]`, storing PageLinks.

Links are keyed by the slug of the target's title, so `[[Nam-ra]]`, `[[nam-ra]]` and
`[[Nam‑ra ]]` all point at the same thing, whatever kind of content that is.
"""

from collections.abc import Callable, Iterable, Mapping
from urllib.parse import urlencode

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse

from wiki.markdown import Rendered, render_markdown
from wiki.titles import slug_for_title

# Each resolver maps slugs to the URLs of the content they name; content apps add
# their own (a character is linked by its name and its aliases).
SlugResolver = Callable[[frozenset[str]], Mapping[str, str]]
_slug_resolvers: list[SlugResolver] = []


def register_slug_resolver(resolver: SlugResolver) -> None:
    if resolver not in _slug_resolvers:
        _slug_resolvers.append(resolver)


def resolve_page_slugs(slugs: frozenset[str]) -> dict[str, str]:
    from wiki.models import Page

    return {
        slug: reverse("page_detail", kwargs={"slug": slug})
        for slug in Page.objects.filter(slug__in=slugs).values_list("slug", flat=True)
    }


register_slug_resolver(resolve_page_slugs)


def resolve_redirect_slugs(slugs: frozenset[str]) -> dict[str, str]:
    """Old names of renamed content that still exists, to its current URL."""
    from wiki.models import Redirect
    from wiki.revisions import entries

    rows = Redirect.objects.filter(old_slug__in=slugs).values_list(
        "old_slug", "content_type_id", "object_id"
    )
    by_type: dict[int, dict[int, list[str]]] = {}
    for old_slug, type_id, object_id in rows:
        by_type.setdefault(type_id, {}).setdefault(object_id, []).append(old_slug)
    found: dict[str, str] = {}
    for entry in entries():
        wanted = by_type.get(ContentType.objects.get_for_model(entry.model).pk)
        if not wanted:
            continue
        current = entry.model.objects.filter(pk__in=wanted).values_list("pk", "slug")
        for pk, slug in current:
            url = reverse(entry.url_name("detail"), kwargs={"slug": slug})
            for old_slug in wanted[pk]:
                found.setdefault(old_slug, url)
    return found


def resolve_link_targets(titles: frozenset[str]) -> dict[str, str]:
    """Map each title that names existing content to its URL (one query a resolver).

    Old names are asked last, so content that has a name now always wins over
    content that had it before a rename.
    """
    slug_of = {title: slug_for_title(title) for title in titles}
    wanted = frozenset(slug for slug in slug_of.values() if slug)
    found: dict[str, str] = {}
    for resolver in [*_slug_resolvers, resolve_redirect_slugs]:
        missing = wanted - found.keys()
        if not missing:
            break
        found.update(resolver(missing))
    return {title: found[slug] for title, slug in slug_of.items() if slug in found}


def missing_link_url(title: str) -> str:
    """A red link: the create form, with the title filled in."""
    return f"{reverse('page_create')}?{urlencode({'title': title})}"


def category_url(name: str) -> str:
    """A category's page, which exists whether or not anything is in it."""
    return reverse("category_detail", kwargs={"slug": slug_for_title(name)})


def render_wiki_markdown(text: str) -> Rendered:
    """The renderer wired to this wiki's content: for saves, old revisions, previews."""
    return render_markdown(
        text,
        resolve_links=resolve_link_targets,
        missing_link_url=missing_link_url,
        category_url=category_url,
    )


def links_replace(
    *, source: models.Model, title: str, target_slugs: Iterable[str]
) -> None:
    """Make the stored links of `source` exactly `target_slugs`."""
    from wiki.models import PageLink

    source_type = ContentType.objects.get_for_model(source)
    url = source.get_absolute_url()
    wanted = [(slug, title, url) for slug in sorted(set(target_slugs)) if slug]
    stored = PageLink.objects.filter(source_type=source_type, source_id=source.pk)
    # Most edits change no link, and reading the links costs less than rewriting.
    fields = ("target_slug", "source_title", "source_url")
    if sorted(stored.values_list(*fields)) == wanted:
        return
    stored.delete()
    PageLink.objects.bulk_create(
        PageLink(
            source_type=source_type,
            source_id=source.pk,
            source_title=title,
            source_url=url,
            target_slug=slug,
        )
        for slug, _, _ in wanted
    )


def linking_sources(slugs: Iterable[str]) -> dict[type[models.Model], set[int]]:
    """The content that links to any of `slugs`, grouped by model."""
    from wiki.models import PageLink

    sources: dict[type[models.Model], set[int]] = {}
    rows = PageLink.objects.filter(target_slug__in=set(slugs)).values_list(
        "source_type_id", "source_id"
    )
    for type_id, source_id in rows:
        model = ContentType.objects.get_for_id(type_id).model_class()
        sources.setdefault(model, set()).add(source_id)
    return sources
