"""The categories at the foot of a content page (templates/includes/_categories.html).

A tag rather than view context, so that each app's detail view shows them without
knowing about categories.
"""

from django import template
from django.db import models

from wiki.models import CategoryMembership

register = template.Library()


@register.simple_tag
def categories_of(obj: models.Model) -> list[CategoryMembership]:
    """The categories `obj` is in, by slug: one query."""
    return list(CategoryMembership.objects.of_source(obj))
