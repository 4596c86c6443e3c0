"""The project's URL map; each app owns its own URLconf."""

from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from wiki import editor_views

admin.site.site_header = f"{settings.SITE_NAME} administration"
admin.site.site_title = f"{settings.SITE_NAME} administration"
admin.site.index_title = "Moderation"

# A database outage raised outside a view (a session being saved) is a 503 too.
handler500 = "wiki.unavailable.server_error"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("accounts.urls")),
    # The paths django-markdownx's editor posts to (MARKDOWNX_*URLS_PATH settings).
    path(
        "markdownx/markdownify/", editor_views.markdown_preview, name="markdown_preview"
    ),
    path("markdownx/upload/", editor_views.image_upload, name="image_upload"),
    path("api/", include("api.urls")),
    path("", include("search.urls")),
    path("", include("wiki.urls")),
    path("", include("characters.urls")),
    path("", include("timeline.urls")),
]

if settings.DEBUG:
    # Development only: in production the proxy or a CDN serves uploads.
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
