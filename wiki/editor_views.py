"""The live preview and image upload endpoints behind django-markdownx's editor.

Our own views rather than django-markdownx's: theirs accept anonymous users, render
with an unsanitised function and trust the client's idea of what a file is.
"""

from django.core.files.storage import default_storage
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.http import require_POST

from wiki.markdown import markdownify
from wiki.permissions import can_edit
from wiki.uploads import ImageRejected, image_store


@require_POST
def markdown_preview(request: HttpRequest) -> HttpResponse:
    if not can_edit(None, request.user):
        return HttpResponse("Log in to preview.", status=403, content_type="text/plain")
    return HttpResponse(markdownify(request.POST.get("content", "")))


@require_POST
def image_upload(request: HttpRequest) -> JsonResponse:
    if not can_edit(None, request.user):
        return JsonResponse({"image": ["Log in to upload images."]}, status=403)
    upload = request.FILES.get("image")
    if upload is None:
        return JsonResponse({"image": ["Choose an image to upload."]}, status=400)
    try:
        name = image_store(upload=upload)
    except ImageRejected as rejection:
        return JsonResponse({"image": rejection.messages}, status=400)
    return JsonResponse({"image_code": f"![]({default_storage.url(name)})"})
