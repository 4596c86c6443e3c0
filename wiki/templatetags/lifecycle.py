"""Which lifecycle tools (rename, delete) the content tabs offer the reader."""

from django import template

from wiki.permissions import lifecycle_tools

register = template.Library()


@register.simple_tag(takes_context=True)
def content_tools(context, obj) -> dict[str, bool]:
    """{"rename": …, "delete": …} for the user viewing `obj`."""
    return lifecycle_tools(obj, context["request"].user)
