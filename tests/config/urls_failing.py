"""A URLconf with a view that fails, to exercise the real 500 handler."""

from django.urls import include, path


def broken_view(request):
    raise RuntimeError("A bug")


urlpatterns = [
    path("broken/", broken_view),
    path("", include("config.urls")),
]
