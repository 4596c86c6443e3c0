from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect

from characters.filters import CharacterFilter
from characters.forms import (
    CharacterEditForm,
    CharacterForm,
    character_initial,
    sign_portrait,
)
from characters.models import Character
from characters.services import character_create
from wiki.conditional import reading_page
from wiki.editing import edit_submit, form_response
from wiki.guards import Refusal, upload_guard, write_guard
from wiki.page_cache import cached_for_visitors
from wiki.permissions import can_edit
from wiki.revision_views import reading_context
from wiki.uploads import ImageRejected, image_store
from wiki.views import filtered_list
from wiki.widgets import editor_target_set

CARDS_PER_PAGE = 24
HOME_CARDS = 12


def home_characters(request: HttpRequest) -> dict:
    """The home page's cards: the first characters by name."""
    characters = list(
        Character.objects.for_listing().order_by("name")[: HOME_CARDS + 1]
    )
    return {"characters": characters[:HOME_CARDS], "more": len(characters) > HOME_CARDS}


@cached_for_visitors
def character_list(request: HttpRequest) -> HttpResponse:
    """Character cards, filtered and sorted by the query string (shareable)."""
    return filtered_list(
        request,
        filterset_class=CharacterFilter,
        queryset=Character.objects.for_listing(),
        per_page=CARDS_PER_PAGE,
        template_name="characters/character_list.html",
        context_name="characters",
    )


def character_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """The infobox, the biography and the character's own timeline; an old
    revision with ?revision=<id>."""
    character = get_object_or_404(Character.objects.defer("biography"), slug=slug)
    context = {
        "character": character,
        "events": _events_of(character),
        "can_edit": can_edit(character, request.user),
        **reading_context(request, character, text_field="biography"),
    }
    events = [
        (e.pk, e.title, e.slug, e.date, e.date_end, e.precision, e.kind, e.season)
        for e in context["events"]
    ]
    return reading_page(
        request, character, "characters/character_detail.html", context, shown=events
    )


def _events_of(character: Character) -> list:
    # The timeline app adds Event.characters (related_name "events"); characters
    # does not import it, so a wiki without a timeline still has characters.
    events = getattr(character, "events", None)
    if events is None:
        return []
    return list(events.for_listing())


@login_required
def character_create_view(request: HttpRequest) -> HttpResponse:
    refusal = _character_write_guard(request)
    form = CharacterForm(
        request.POST or None,
        request.FILES or None,
        initial={"name": request.GET.get("name", "")},
    )
    if request.method == "POST" and refusal is None and form.is_valid():
        values = form.content_values()
        portrait = _portrait_value(form)
        if portrait is not None:
            values["portrait"] = portrait
        if not form.errors:
            try:
                character = character_create(
                    user=request.user,
                    values=values,
                    summary=form.cleaned_data["summary"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, f"Created “{character.name}”.")
                return redirect(character)
    context = {"form": form, "creating": True}
    return form_response(request, "characters/character_form.html", context, refusal)


@login_required
def character_edit(request: HttpRequest, slug: str) -> HttpResponse:
    character = get_object_or_404(Character, slug=slug)
    refusal = _character_write_guard(request, character)
    form = CharacterEditForm(
        request.POST or None,
        request.FILES or None,
        initial=character_initial(character),
        character=character,
    )
    editor_target_set(form, kind="character", obj=character)
    context = {"form": form, "character": character, "creating": False}
    if request.method == "POST" and refusal is None and form.is_valid():
        values = form.content_values()
        portrait = _portrait_value(form)
        if portrait is not None:
            values["portrait"] = portrait
        if not form.errors:
            response = edit_submit(
                request, obj=character, form=form, values=values, context=context
            )
            if response:
                return response
            context["character"] = context.get("current", character)
    return form_response(request, "characters/character_form.html", context, refusal)


def _character_write_guard(
    request: HttpRequest, character: Character | None = None
) -> Refusal | None:
    """An edit, and an upload too when a portrait comes with it."""
    refusal = write_guard(request, character)
    if refusal is None and request.FILES.get("portrait"):
        refusal = upload_guard(request, character)
    return refusal


def _portrait_value(form: CharacterForm) -> str | None:
    """The portrait to save: a new upload (stored now), one stored by an earlier
    submission of the form, "" to remove it, or None to keep the current one.

    A stored upload is signed into the form, so that if the form has to be shown
    again (an error elsewhere, an edit conflict) the image is not lost.
    """
    upload = form.cleaned_data["portrait"]
    if upload is False:
        return ""
    if upload:
        try:
            name = image_store(upload=upload, folder="portraits")
        except ImageRejected as error:
            form.add_error("portrait", error)
            return None
        data = form.data.copy()
        data["portrait_upload"] = sign_portrait(name)
        form.data = data
        return name
    return form.cleaned_data["portrait_upload"] or None
