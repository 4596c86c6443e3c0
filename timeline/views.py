from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone

from timeline.describe import cited
from timeline.filters import EventFilter
from timeline.forms import EventEditForm, EventForm, event_initial, source_formset
from timeline.models import Event
from timeline.services import event_create
from wiki.conditional import reading_page
from wiki.editing import edit_submit, form_response
from wiki.guards import write_guard
from wiki.page_cache import cached_for_visitors
from wiki.permissions import can_edit
from wiki.revision_views import reading_context
from wiki.views import filtered_list
from wiki.widgets import editor_target_set

EVENTS_PER_PAGE = 100
HOME_EVENTS = 5


@cached_for_visitors
def timeline(request: HttpRequest) -> HttpResponse:
    """Events in date order, grouped by year, with a marker for today."""
    return filtered_list(
        request,
        filterset_class=EventFilter,
        queryset=Event.objects.for_listing(),
        per_page=EVENTS_PER_PAGE,
        template_name="timeline/event_list.html",
        context_name="events",
        extra_context={"today": timezone.localdate()},
    )


def home_events(request: HttpRequest) -> dict:
    """The home page's events: what is coming, or else the most recent, in order."""
    upcoming = list(Event.objects.for_listing().upcoming()[:HOME_EVENTS])
    if upcoming:
        return {"upcoming": True, "events": upcoming}
    latest = list(Event.objects.for_listing().past()[:HOME_EVENTS])
    return {"upcoming": False, "events": latest[::-1]}


def event_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """An event with its citations; an old revision with ?revision=<id>."""
    event = get_object_or_404(Event.objects.defer("description"), slug=slug)
    context = {
        "event": event,
        "characters": list(event.characters.only("name", "slug")),
        "can_edit": can_edit(event, request.user),
        **reading_context(request, event, text_field="description"),
    }
    context["sources"] = cited(context["shown"].sources)
    characters = [(c.pk, c.name, c.slug) for c in context["characters"]]
    return reading_page(
        request, event, "timeline/event_detail.html", context, shown=characters
    )


@login_required
def event_create_view(request: HttpRequest) -> HttpResponse:
    refusal = write_guard(request)
    data = request.POST or None
    form = EventForm(data, initial={"title": request.GET.get("title", "")})
    sources = source_formset(data)
    valid = request.method == "POST" and form.is_valid() and sources.is_valid()
    if valid and refusal is None:
        try:
            event = event_create(
                user=request.user,
                values=form.content_values(sources.sources()),
                summary=form.cleaned_data["summary"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Added “{event.title}” to the timeline.")
            return redirect(event)
    context = {"form": form, "sources": sources, "creating": True}
    return form_response(request, "timeline/event_form.html", context, refusal)


@login_required
def event_edit(request: HttpRequest, slug: str) -> HttpResponse:
    event = get_object_or_404(Event, slug=slug)
    refusal = write_guard(request, event)
    data = request.POST or None
    form = EventEditForm(data, initial=event_initial(event), event=event)
    editor_target_set(form, kind="event", obj=event)
    sources = source_formset(data, sources=event.sources)
    context = {"form": form, "sources": sources, "event": event, "creating": False}
    valid = request.method == "POST" and form.is_valid() and sources.is_valid()
    if valid and refusal is None:
        values = form.content_values(sources.sources())
        response = edit_submit(
            request, obj=event, form=form, values=values, context=context
        )
        if response:
            return response
        context["event"] = context.get("current", event)
    return form_response(request, "timeline/event_form.html", context, refusal)
