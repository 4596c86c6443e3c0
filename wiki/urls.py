from django.urls import path

from wiki import views

urlpatterns = [
    path("", views.home, name="home"),
    path("users/<str:username>/", views.user_profile, name="user_profile"),
]
