import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from tests.factories import (
    UserFactory,
    edit_page,
    make_character,
    make_event,
    make_page,
)
from wiki.models import Page, Protection

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


def staff_with(client, *codenames: str):
    """`client` logged in as staff outside the Moderators group, with the model
    permissions `codenames`."""
    staff = UserFactory(is_staff=True)
    staff.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    client.force_login(staff)
    return client


def vandalised_page(protection: str = Protection.OPEN) -> Page:
    """A page at revision 2, whose revision 1 is the text worth reverting to."""
    page = make_page(body="The original text.\n")
    edit_page(page, "Vandalised.\n", summary="Rude words")
    Page.objects.filter(pk=page.pk).update(protection=protection)
    page.refresh_from_db()
    return page


def revision_url(obj, version: int) -> str:
    revision = obj.history.get(version=version)
    return admin_url(obj, "simple_history", obj.pk, revision.history_id)


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
