"""Template tags that every template may use without `{% load %}` (see TEMPLATES).

They read settings directly rather than the request context, so that the 500 page,
which Django renders with an empty context, still shows the site's name.
"""

from django import template
from django.conf import settings
from django.urls import reverse

register = template.Library()


@register.simple_tag
def site_name() -> str:
    return settings.SITE_NAME


@register.simple_tag
def spoiler_syntax() -> str:
    """The editor help for spoiler blocks, kept with the renderer that parses them."""
    from wiki.markdown import SPOILER_SYNTAX

    return SPOILER_SYNTAX


@register.filter
def admin_change_url(obj) -> str:
    """The admin change form of `obj` (where moderators set its protection)."""
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
