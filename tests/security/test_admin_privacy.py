"""Issue 19 item 15: the admin never sends officials' email hashes to gravatar.com."""

import pytest

from tests.factories.officials import make_official, make_storefront

pytestmark = pytest.mark.django_db


def test_admin_pages_carry_no_gravatar_url(client):
    official = make_official(make_storefront().district, email="official@varanasi.example")
    client.force_login(official)
    for url in ("/admin/", "/admin/account/"):
        response = client.get(url)
        assert response.status_code == 200
        html = response.content.decode()
        assert "gravatar" not in html.lower(), url
