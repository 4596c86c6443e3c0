from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from api import views
from wiki import converters  # noqa: F401  (registers "uslug")

app_name = "api"

urlpatterns = [
    path("", views.api_root, name="root"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("pages/", views.PageList.as_view(), name="page-list"),
    path("pages/<uslug:slug>/", views.PageDetail.as_view(), name="page-detail"),
    path(
        "pages/<uslug:slug>/revisions/",
        views.PageRevisionList.as_view(),
        name="page-revision-list",
    ),
    path(
        "pages/<uslug:slug>/revisions/<int:revision_id>/",
        views.PageRevisionDetail.as_view(),
        name="page-revision-detail",
    ),
    path("characters/", views.CharacterList.as_view(), name="character-list"),
    path(
        "characters/<uslug:slug>/",
        views.CharacterDetail.as_view(),
        name="character-detail",
    ),
    path("events/", views.EventList.as_view(), name="event-list"),
    path("events/<uslug:slug>/", views.EventDetail.as_view(), name="event-detail"),
]
