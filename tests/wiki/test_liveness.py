"""/healthz: a constant answer for load balancers and the benchmark's yardstick."""

import pytest


def test_liveness_answers_ok_without_touching_the_database(client):
    # No django_db mark: any query would raise.
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert response["Content-Type"] == "text/plain"
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_liveness_goes_through_the_security_middleware(client):
    response = client.get("/healthz")
    assert response["X-Frame-Options"] == "DENY"
    assert "default-src 'self'" in response["Content-Security-Policy"]


def test_liveness_refuses_writes(client):
    assert client.post("/healthz").status_code == 405
