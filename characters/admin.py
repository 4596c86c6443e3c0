from django.contrib import admin

from characters.models import Character
from wiki.admin import ContentAdmin


@admin.register(Character)
class CharacterAdmin(ContentAdmin):
    list_display = ("name", "role", "status", "protection", "version", "updated_at")
    list_filter = (*ContentAdmin.list_filter, "role", "status")
    search_fields = ("name", "aliases", "actor", "biography")
