from django.contrib.auth import views as auth_views
from django.urls import include, path

from accounts import views

urlpatterns = [
    path("signup/", views.signup, name="signup"),
    # Ahead of Django's own login URL so that a logged-in user is sent on, not
    # shown the form again; the rest (logout, password change and reset) are stock.
    path(
        "login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("", include("django.contrib.auth.urls")),
]
