import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import UserFactory, make_character, make_event, make_page

# Each registered content model and how to make one at revision 1.
CONTENT_FACTORIES = {
    "page": make_page,
    "character": make_character,
    "event": make_event,
}


def admin_url(model_or_obj, view: str, *args) -> str:
    opts = model_or_obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


def post_with_token(client: Client, url: str, data: dict, *, page: str | None = None):
    """POST like a browser: open the page with the form first (`page`, or `url`
    itself) for the CSRF cookie, then send its token with the data."""
    client.get(page or url)
    token = client.cookies["csrftoken"].value
    return client.post(url, {**data, "csrfmiddlewaretoken": token})


@pytest.fixture(params=sorted(CONTENT_FACTORIES))
def content(request, db):
    """One object of each registered content model, in turn."""
    return CONTENT_FACTORIES[request.param]()


@pytest.fixture
def csrf_client():
    """A client that, like a browser, is refused a POST without a CSRF token."""
    return Client(enforce_csrf_checks=True)


@pytest.fixture
def moderator_csrf_client(csrf_client, moderator):
    csrf_client.force_login(moderator)
    return csrf_client


@pytest.fixture
def staff_client(client, db):
    """Staff status alone, not in the Moderators group."""
    client.force_login(UserFactory(is_staff=True))
    return client


@pytest.fixture
def superuser_client(client, db):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client
