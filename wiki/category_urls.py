from django.urls import path

from wiki import (
    category_views,
    converters,  # noqa: F401  (registers "uslug")
)

urlpatterns = [
    path("", category_views.category_list, name="category_list"),
    path("<uslug:slug>/", category_views.category_detail, name="category_detail"),
]
