from django.urls import include, path

from accounts import views

urlpatterns = [
    path("signup/", views.signup, name="signup"),
    # Ahead of Django's own login URL so that a logged-in user is sent on, not
    # shown the form again; the rest (logout, password change and reset) are stock.
    path("login/", views.login_view, name="login"),
    path("preferences/", views.preferences, name="preferences"),
    path("block/<str:username>/", views.user_block, name="user_block"),
    path("", include("django.contrib.auth.urls")),
]
