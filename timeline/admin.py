from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from timeline.models import Season


@admin.register(Season)
class SeasonAdmin(SimpleHistoryAdmin):
    list_display = ("number", "title", "status", "release_date", "release_precision")
    list_filter = ("status",)
    search_fields = ("title",)
