"""Template tags that every template may use without `{% load %}` (see TEMPLATES).

They read settings directly rather than the request context, so that the 500 page,
which Django renders with an empty context, still shows the site's name.
"""

from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def site_name() -> str:
    return settings.SITE_NAME
