from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from timeline.models import Event, Season
from wiki.admin import ContentAdmin


@admin.register(Season)
class SeasonAdmin(SimpleHistoryAdmin):
    list_display = ("number", "title", "status", "release_date", "release_precision")
    list_filter = ("status",)
    search_fields = ("title",)
    date_hierarchy = "release_date"


@admin.register(Event)
class EventAdmin(ContentAdmin):
    list_display = ("title", "date", "kind", "protection", "version", "updated_at")
    list_filter = (*ContentAdmin.list_filter, "kind", "precision", "season")
    search_fields = ("title", "description")
