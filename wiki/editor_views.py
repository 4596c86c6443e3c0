"""The live preview and image upload endpoints behind django-markdownx's editor.

Our own views rather than django-markdownx's: theirs accept anonymous users, render
with an unsanitised function and trust the client's idea of what a file is. The
editor names the content it edits (?kind=…&slug=…, see wiki.widgets), so a block,
a protection or a rate limit refuses these requests as it would refuse a save;
without a name (a new page) only blocks and rates apply.
"""

from django.core.files.storage import default_storage
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.html import format_html
from django.views.decorators.http import require_POST

from wiki.guards import preview_guard, upload_guard
from wiki.markdown import markdownify
from wiki.revisions import entry_by_kind
from wiki.unavailable import FULL
from wiki.uploads import ImageRejected, image_store


def _edited_object(request: HttpRequest):
    """The content named by ?kind=&slug=, None when unnamed; 404 if it is unknown."""
    kind, slug = request.GET.get("kind"), request.GET.get("slug")
    if not kind and not slug:
        return None
    entry = entry_by_kind(kind or "")
    obj = None
    if entry is not None:
        fields = ("pk", "slug", entry.title_field, "protection")
        obj = entry.model.objects.only(*fields).filter(slug=slug or "").first()
    if obj is None:
        raise Http404("No such content.")
    return obj


@require_POST
def markdown_preview(request: HttpRequest) -> HttpResponse:
    refusal = preview_guard(request, _edited_object(request))
    if refusal:
        # The editor puts whatever comes back into the preview's innerHTML, so the
        # message (which quotes a title) is escaped like any text in a page.
        html = format_html('<p class="refusal-notice">{}</p>', refusal.message)
        return HttpResponse(html, status=refusal.status)
    return HttpResponse(markdownify(request.POST.get("content", "")))


@require_POST
def image_upload(request: HttpRequest) -> JsonResponse:
    # Always JSON: the editor parses every answer, and an HTML page would break it.
    try:
        edited = _edited_object(request)
    except Http404:
        return JsonResponse({"image": ["No such content."]}, status=404)
    refusal = upload_guard(request, edited)
    if refusal:
        return JsonResponse({"image": [refusal.message]}, status=refusal.status)
    upload = request.FILES.get("image")
    if upload is None:
        return JsonResponse({"image": ["Choose an image to upload."]}, status=400)
    try:
        name = image_store(upload=upload)
    except ImageRejected as rejection:
        response = JsonResponse({"image": rejection.messages}, status=rejection.status)
        if rejection.status == 503:
            response["Retry-After"] = str(FULL.retry_after)
        return response
    return JsonResponse({"image_code": f"![]({default_storage.url(name)})"})
