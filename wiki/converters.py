"""Path converters shared by every app's URLconf; importing this registers them."""

from django.urls import register_converter


class UnicodeSlugConverter:
    """Slugs keep letters of any script: /wiki/효산고등학교/."""

    regex = r"[-\w]+"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(UnicodeSlugConverter, "uslug")
