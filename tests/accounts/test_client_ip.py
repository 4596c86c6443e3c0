import pytest
from django.test import RequestFactory

from accounts.client_ip import client_ip


@pytest.fixture
def request_from():
    def make(remote_addr: str, forwarded_for: str | None = None):
        extra = {"REMOTE_ADDR": remote_addr}
        if forwarded_for is not None:
            extra["HTTP_X_FORWARDED_FOR"] = forwarded_for
        return RequestFactory().get("/", **extra)

    return make


def test_without_trusted_proxies_the_client_is_the_peer(settings, request_from):
    settings.TRUSTED_PROXY_COUNT = 0

    assert client_ip(request_from("198.51.100.7", "203.0.113.1")) == "198.51.100.7"


def test_behind_one_proxy_the_client_is_the_last_forwarded_address(
    settings, request_from
):
    settings.TRUSTED_PROXY_COUNT = 1
    forged_then_real = "1.2.3.4, 203.0.113.1"

    assert client_ip(request_from("10.0.0.2", forged_then_real)) == "203.0.113.1"


def test_behind_two_proxies_the_client_is_second_from_the_right(settings, request_from):
    settings.TRUSTED_PROXY_COUNT = 2

    request = request_from("10.0.0.2", "1.2.3.4, 203.0.113.1, 10.0.0.9")

    assert client_ip(request) == "203.0.113.1"


@pytest.mark.parametrize("forwarded", ["", "not-an-ip", "2001:db8::1, garbage"])
def test_a_missing_or_malformed_forwarded_header_falls_back_to_the_peer(
    settings, request_from, forwarded
):
    settings.TRUSTED_PROXY_COUNT = 1

    assert client_ip(request_from("10.0.0.2", forwarded)) == "10.0.0.2"
