from django.urls import path

from characters import views
from characters.models import Character
from wiki import converters  # noqa: F401  (registers "uslug")
from wiki.content_urls import content_urls

urlpatterns = [
    path("characters/", views.character_list, name="character_list"),
    path("characters/new/", views.character_create_view, name="character_create"),
    path("characters/<uslug:slug>/", views.character_detail, name="character_detail"),
    path("characters/<uslug:slug>/edit/", views.character_edit, name="character_edit"),
    *content_urls(Character, "characters/<uslug:slug>/"),
]
