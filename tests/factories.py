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
