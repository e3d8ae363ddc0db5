"""Security headers, asserted against a real gunicorn running the production settings."""

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def fetch(url: str, headers: dict | None = None):
    opener = urllib.request.build_opener(NoRedirect)
    request = urllib.request.Request(url, headers=headers or {})
    try:
        response = opener.open(request, timeout=20)
    except urllib.error.HTTPError as error:
        response = error
    return response.status, response.headers, response.read().decode("utf-8", "replace")


@pytest.fixture(scope="module")
def production_server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("prod")
    env = {
        **{
            k: v
            for k, v in os.environ.items()
            if k not in {"DEBUG", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
        },
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "production-like-test-key-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"sqlite:///{folder / 'prod.sqlite3'}",
        "MEDIA_ROOT": str(folder / "media"),
        # Collected into a folder of its own: the checkout's ./staticfiles may be scanned by
        # another test worker's WhiteNoise meanwhile.
        "STATIC_ROOT": str(folder / "static"),
    }
    manage = [sys.executable, "manage.py"]
    subprocess.run(
        [*manage, "migrate", "--noinput"], cwd=ROOT, env=env, check=True, capture_output=True
    )
    subprocess.run(
        [*manage, "createcachetable"], cwd=ROOT, env=env, check=True, capture_output=True
    )
    subprocess.run(
        [*manage, "collectstatic", "--noinput"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    port = free_port()
    server = subprocess.Popen(
        [GUNICORN, "config.wsgi:application", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            fetch(f"{base}/healthz", {"X-Forwarded-Proto": "https"})
            break
        except OSError:
            time.sleep(0.3)
    yield base
    server.terminate()
    server.wait(timeout=20)


HTTPS = {"X-Forwarded-Proto": "https"}


def test_plain_http_is_redirected_to_https(production_server):
    status, headers, _ = fetch(f"{production_server}/healthz")
    assert status == 301
    assert headers["Location"].startswith("https://")


def test_hsts_and_basic_hardening_headers(production_server):
    status, headers, _ = fetch(f"{production_server}/healthz", HTTPS)
    assert status == 200
    hsts = headers["Strict-Transport-Security"]
    assert "max-age=31536000" in hsts and "includeSubDomains" in hsts and "preload" in hsts
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"


def assert_inline_scripts_carry_the_csp_nonce(csp: str, html: str) -> int:
    match = re.search(r"script-src [^;]*'nonce-([^']+)'", csp)
    # JSON-LD and JSON data blocks are never executed, so script-src does not apply to them.
    inline_scripts = re.findall(
        r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(?:ld\+)?json\")([^>]*)>", html
    )
    for attributes in inline_scripts:
        assert match, f"an inline script but no nonce in the policy: {csp}"
        assert f'nonce="{match.group(1)}"' in attributes, attributes
    assert not re.search(r"\son[a-z]+=\"", html), "inline event handlers bypass the CSP"
    return len(inline_scripts)


def test_csp_refuses_inline_code_without_a_nonce(production_server):
    status, headers, html = fetch(f"{production_server}/accounts/login/", HTTPS)
    assert status == 200
    csp = headers["Content-Security-Policy"]
    script_src = re.search(r"script-src ([^;]*)", csp).group(1)
    assert "'self'" in script_src
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
    assert_inline_scripts_carry_the_csp_nonce(csp, html)


def test_the_nonce_check_catches_a_script_without_nonce():
    csp = "default-src 'self'; script-src 'self' 'nonce-abc123'"
    assert (
        assert_inline_scripts_carry_the_csp_nonce(csp, '<script nonce="abc123">x()</script>') == 1
    )
    with pytest.raises(AssertionError):
        assert_inline_scripts_carry_the_csp_nonce(csp, "<script>alert(1)</script>")
    with pytest.raises(AssertionError):
        assert_inline_scripts_carry_the_csp_nonce(csp, '<img src=x onerror="alert(1)">')


def test_cookies_are_secure_httponly_and_samesite(production_server):
    _, headers, _ = fetch(f"{production_server}/accounts/login/", HTTPS)
    cookies = headers.get_all("Set-Cookie") or []
    csrf = next(c for c in cookies if c.startswith("csrftoken="))
    assert "Secure" in csrf and "SameSite=Lax" in csrf
    from config.settings import production

    assert production.SESSION_COOKIE_SECURE and production.SESSION_COOKIE_HTTPONLY
    assert production.SESSION_COOKIE_SAMESITE == "Lax"
