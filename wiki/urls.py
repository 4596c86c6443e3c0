from django.urls import include, path

from wiki import (
    converters,  # noqa: F401  (registers "uslug")
    lifecycle_views,
    views,
)
from wiki.content_urls import content_urls
from wiki.models import Page

urlpatterns = [
    path("", include("wiki.site_urls")),
    path("category/", include("wiki.category_urls")),
    path("", views.home, name="home"),
    path("wiki/", views.page_list, name="page_list"),
    path("wiki/new/", views.page_create_view, name="page_create"),
    path("wiki/<uslug:slug>/", views.page_detail, name="page_detail"),
    path("wiki/<uslug:slug>/edit/", views.page_edit, name="page_edit"),
    *content_urls(Page, "wiki/<uslug:slug>/"),
    path("recent/", views.recent_changes, name="recent_changes"),
    path("deleted/", lifecycle_views.deleted_list, name="deleted_list"),
    path(
        "deleted/<slug:kind>/<int:object_id>/restore/",
        lifecycle_views.content_restore_view,
        name="content_restore",
    ),
    path("users/<str:username>/", views.user_profile, name="user_profile"),
]
