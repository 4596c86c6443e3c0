from django.urls import path, register_converter

from wiki import views
from wiki.models import Page
from wiki.revision_views import revision_urls


class UnicodeSlugConverter:
    """Slugs keep letters of any script: /wiki/효산고등학교/."""

    regex = r"[-\w]+"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(UnicodeSlugConverter, "uslug")

urlpatterns = [
    path("", views.home, name="home"),
    path("wiki/", views.page_list, name="page_list"),
    path("wiki/new/", views.page_create_view, name="page_create"),
    path("wiki/<uslug:slug>/", views.page_detail, name="page_detail"),
    path("wiki/<uslug:slug>/edit/", views.page_edit, name="page_edit"),
    path("wiki/<uslug:slug>/links/", views.page_links, name="page_links"),
    *revision_urls(Page, "wiki/<uslug:slug>/"),
    path("recent/", views.recent_changes, name="recent_changes"),
    path("users/<str:username>/", views.user_profile, name="user_profile"),
]
