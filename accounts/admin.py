from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from accounts.models import User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ("username", "email", "is_staff", "is_active", "date_joined")
    date_hierarchy = "date_joined"
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        ("Reader preferences", {"fields": ("spoiler_season",)}),
    )
