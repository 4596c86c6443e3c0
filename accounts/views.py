from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from accounts.client_ip import client_ip
from accounts.forms import BlockForm, SignupForm, SpoilerLevelForm
from accounts.models import User
from accounts.preferences import reader_season, reader_season_set, season_choices
from accounts.ratelimits import address_key, rate, rate_limit_hit
from accounts.services import block_create, can_block, user_sign_up


def login_view(request: HttpRequest) -> HttpResponse:
    """Django's login view, except that someone already logged in is sent home.

    (LoginView's own redirect_authenticated_user raises on ?next=<the login URL>.)
    """
    if request.user.is_authenticated:
        return redirect("home")
    return LoginView.as_view()(request)


@sensitive_post_parameters("password1", "password2")
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("home")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if _signups_exceeded(request):
            form.add_error(
                None,
                "Too many accounts were created from your network recently "
                f"({rate('signup_ip').describe()}). Try again later.",
            )
            context = {"form": form}
            return render(request, "registration/signup.html", context, status=429)
        try:
            user = user_sign_up(
                username=form.cleaned_data["username"],
                email=form.cleaned_data["email"],
                password=form.cleaned_data["password1"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, f"Welcome to the wiki, {user.username}!")
            return redirect("home")
    return render(request, "registration/signup.html", {"form": form})


def _signups_exceeded(request: HttpRequest) -> bool:
    """Count this sign-up against the client's address (only valid forms count,
    so that a mistyped password costs nothing)."""
    return rate_limit_hit(
        f"signup:ip:{address_key(client_ip(request))}", rate("signup_ip")
    )


def login_locked_out(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict | None = None,
) -> HttpResponse:
    """django-axes calls this instead of the login view once a username+IP is locked."""
    context = {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "cooloff_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
    }
    return render(request, "registration/lockout.html", context, status=429)


def _safe_next(request: HttpRequest) -> str:
    """The `next` URL from the form or query string if it stays on this site, or ""."""
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return ""


@require_http_methods(["GET", "POST"])
def preferences(request: HttpRequest) -> HttpResponse:
    """How far the reader has watched; visitors may set it too, in their session."""
    current = reader_season(request)
    # Bound on every POST: with `request.POST or None` an empty POST would give an
    # unbound form, and so neither a save nor an error.
    form = SpoilerLevelForm(
        request.POST if request.method == "POST" else None,
        initial={"spoiler_season": current},
        choices=season_choices(current=current),
    )
    next_url = _safe_next(request)
    if request.method == "POST":
        if form.is_valid():
            season = form.cleaned_data["spoiler_season"]
            reader_season_set(request, season)
            if season:
                messages.success(
                    request, f"Spoilers are now shown up to season {season}."
                )
            else:
                messages.success(request, "Spoilers are hidden: nothing watched yet.")
            # Not redirect(): it would treat a `next` such as "home" as a URL name.
            if next_url:
                return HttpResponseRedirect(next_url)
            return redirect("preferences")
        status = 400
    else:
        status = 200
    return render(
        request,
        "accounts/preferences.html",
        {"form": form, "next": next_url},
        status=status,
    )


@login_required
def user_block(request: HttpRequest, username: str) -> HttpResponse:
    """Block a user, from a link on their contributions page (moderators only)."""
    if not can_block(request.user):
        raise PermissionDenied("Only moderators who are not blocked can block users.")
    target = get_object_or_404(User, username__iexact=username)
    form = BlockForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                block_create(
                    moderator=request.user,
                    user=target,
                    scope=form.cleaned_data["scope"],
                    reason=form.cleaned_data["reason"],
                    expires_at=form.expires_at(),
                )
            except ValidationError as error:
                form.add_error(None, error.messages)
            else:
                messages.success(request, f"Blocked {target.username}.")
                return redirect(target)
        status = 400
    context = {"form": form, "target": target}
    return render(request, "accounts/user_block.html", context, status=status)
