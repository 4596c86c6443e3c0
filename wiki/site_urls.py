"""Site-wide URLs: feeds, sitemap, robots.txt, the random page and /healthz."""

from django.contrib.sitemaps.views import sitemap
from django.urls import path

from wiki import site_views
from wiki.feeds import RecentChangesFeed
from wiki.sitemaps import sitemaps

urlpatterns = [
    path("random/", site_views.random_page, name="random_page"),
    path("feeds/recent.atom", RecentChangesFeed(), name="recent_feed"),
    path(
        "sitemap.xml",
        sitemap,
        {"sitemaps": sitemaps()},
        name="sitemap",
    ),
    path("robots.txt", site_views.robots_txt, name="robots_txt"),
    path("healthz", site_views.liveness, name="liveness"),
]
