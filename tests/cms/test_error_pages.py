"""The demo shows the site's own error pages (issue 17 item 9): `make run` used to show
Django's debug 404 listing every URL pattern."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import RequestFactory
from django.views.defaults import server_error

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("path", "heading"),
    [("/no-such-page/", "Page not found"), ("/fr/nulle-part/", "Page non trouvée")],
)
def test_a_wrong_url_gets_the_sites_own_404_in_the_readers_language(db, client, path, heading):
    response = client.get(path)
    assert response.status_code == 404
    html = response.content.decode()
    assert 'data-testid="not-found"' in html
    assert f"<h1>{heading}</h1>" in html
    assert "URLconf" not in html  # not Django's technical 404


def test_a_server_error_gets_the_sites_own_500_page(db):
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    html = response.content.decode()
    assert 'data-testid="server-error"' in html
    assert "/static/css/site.css" in html


def _dev_settings(**env) -> str:
    """DEBUG and static serving as `make run` (config.settings.dev) sees them."""
    environment = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "ALLOWED_HOSTS")}
    environment.update(DJANGO_SETTINGS_MODULE="config.settings.dev", **env)
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.DEBUG, settings.WHITENOISE_USE_FINDERS, "
        "'127.0.0.1' in settings.ALLOWED_HOSTS)"
    )
    result = subprocess.run(  # nosec B603
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def test_the_demo_runs_without_debug_pages_unless_a_developer_asks():
    assert _dev_settings() == "False True True"
    assert _dev_settings(DEBUG="true") == "True True True"
