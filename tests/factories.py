import factory
from django.contrib.auth import get_user_model

# Long and unusual enough to pass every password validator.
PASSWORD = "hyosan-rooftop-survivor-2022"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()

    username = factory.Sequence(lambda n: f"fan{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.django.Password(PASSWORD)


def make_page(*, title: str = "Hyosan High School", body: str = "", user=None):
    """A page created through the service, so that it has its first revision."""
    from wiki.services import page_create

    return page_create(
        user=user or UserFactory(), title=title, body=body or f"About {title}.\n"
    )


def edit_page(
    page, body: str, *, user=None, base_version=None, summary="", minor=False
):
    """Save a revision of `page` through the service, on its current version."""
    from wiki.services import page_save

    return page_save(
        page=page,
        user=user or UserFactory(),
        body=body,
        base_version=base_version or page.version,
        summary=summary,
        minor=minor,
    )
