from django.contrib.auth import get_user_model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "wiki/home.html")


def user_profile(request: HttpRequest, username: str) -> HttpResponse:
    """A user's public profile; contributions join it with the revision machinery."""
    profile_user = get_object_or_404(
        get_user_model(), username=username, is_active=True
    )
    return render(request, "wiki/user_profile.html", {"profile_user": profile_user})
