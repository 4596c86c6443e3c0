from django.urls import path

from timeline import views
from timeline.models import Event
from wiki import converters  # noqa: F401  (registers "uslug")
from wiki.content_urls import content_urls

urlpatterns = [
    path("timeline/", views.timeline, name="timeline"),
    path("timeline/new/", views.event_create_view, name="event_create"),
    path("timeline/<uslug:slug>/", views.event_detail, name="event_detail"),
    path("timeline/<uslug:slug>/edit/", views.event_edit, name="event_edit"),
    *content_urls(Event, "timeline/<uslug:slug>/"),
]
