"""Issue 19 item 13: a Permissions-Policy header on every response, and an overall cap on the
request body enforced before the body is read (413 with a sentence a person understands)."""

import io
import socket
import time

import pytest

from tests.security.test_headers import HTTPS, fetch, production_server  # noqa: F401

DENIED = ("camera", "microphone", "geolocation", "payment", "usb")


def assert_policy(headers):
    policy = headers["Permissions-Policy"]
    features = dict(part.strip().split("=", 1) for part in policy.split(","))
    for feature in DENIED:
        assert features[feature] == "()", policy


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["/", "/accounts/login/", "/healthz", "/no-such-page/", "/api/v1/products/"]
)
def test_every_response_carries_the_permissions_policy(client, url):
    response = client.get(url)
    assert_policy(response.headers)


class ExplodingStream(io.RawIOBase):
    """A request body that must never be read."""

    def read(self, *args):
        raise AssertionError("the body was read before the size check")

    readline = read


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/accounts/login/", "/webhooks/stripe/", "/api/v1/products/"])
def test_an_oversized_body_is_refused_before_it_is_read(client, settings, url):
    settings.REQUEST_BODY_MAX_BYTES = 1024 * 1024
    response = client.generic(
        "POST",
        url,
        data=b"x",
        content_type="application/octet-stream",
        CONTENT_LENGTH=str(60 * 1024 * 1024),
        **{"wsgi.input": ExplodingStream()},
    )
    assert response.status_code == 413
    text = response.content.decode()
    assert "too large (60.0 MB)" in text and "limit is 1 MB" in text
    assert_policy(response.headers)


@pytest.mark.django_db
def test_the_413_speaks_the_visitors_language(client, settings):
    settings.REQUEST_BODY_MAX_BYTES = 1024 * 1024
    response = client.generic(
        "POST",
        "/fr/accounts/login/",
        data=b"x",
        CONTENT_LENGTH=str(2 * 1024 * 1024),
        **{"wsgi.input": ExplodingStream()},
    )
    assert response.status_code == 413
    assert "trop volumineux" in response.content.decode()


@pytest.mark.django_db
def test_a_body_under_the_cap_goes_through(client, settings):
    settings.REQUEST_BODY_MAX_BYTES = 1024 * 1024
    response = client.post("/accounts/login/", {"login": "a@b.example", "password": "x" * 5000})
    assert response.status_code == 200  # the form answers (wrong password), no 413


def test_gunicorn_answers_413_without_waiting_for_a_60_mb_body(production_server):  # noqa: F811
    status, headers, _ = fetch(f"{production_server}/healthz", HTTPS)
    assert status == 200
    assert_policy(headers)
    host, port = production_server.removeprefix("http://").split(":")
    started = time.monotonic()
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(
            b"POST /accounts/login/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"X-Forwarded-Proto: https\r\nContent-Type: application/octet-stream\r\n"
            + f"Content-Length: {60 * 1024 * 1024}\r\n\r\n".encode()
            + b"x" * 1024
        )
        reply = sock.recv(4096).decode("latin-1")
    assert reply.startswith("HTTP/1.1 413"), reply[:200]
    assert "Permissions-Policy:" in reply
    assert time.monotonic() - started < 5
