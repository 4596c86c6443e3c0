from django.urls import path

from search import views

urlpatterns = [
    path("search/", views.search_results, name="search"),
    path("search/suggest/", views.search_suggest, name="search_suggest"),
]
