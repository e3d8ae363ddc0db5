"""The head of a Wagtail page and of a product page is cached with a placeholder for the CSP
nonce (cms/wagtail_speedups/public_cache.py): every response must still carry its own nonce,
the one its Content-Security-Policy header names, and an edit must show at once."""

import re

import pytest
from django.core.cache import caches
from django.core.cache.utils import make_template_fragment_key
from django.template import Context, Template
from django.utils.csp import LazyNonce

from cms.wagtail_speedups.public_cache import nonce_placeholder
from tests.factories import ProductFactory
from tests.factories.officials import make_storefront

JSONLD = re.compile(r'<script type="application/ld\+json" nonce="([^"]*)">')


def _nonces(response) -> tuple[str, set[str]]:
    """(the nonce the CSP header allows, the nonces the page's JSON-LD scripts carry)"""
    header = re.search(r"'nonce-([^']+)'", response.headers["Content-Security-Policy"]).group(1)
    return header, set(JSONLD.findall(response.content.decode()))


@pytest.mark.parametrize("page", ["storefront", "product"])
def test_each_response_carries_its_own_nonce_in_the_cached_head(client, db, page):
    storefront = make_storefront()
    product = ProductFactory(district=storefront.district)
    url = storefront.url if page == "storefront" else product.get_absolute_url()

    seen = []
    for _ in range(3):  # a miss that fills the cache, then hits
        response = client.get(url)
        assert response.status_code == 200
        header, in_page = _nonces(response)
        assert in_page == {header}, (header, in_page)
        assert nonce_placeholder() not in response.content.decode()
        seen.append(header)
    assert len(set(seen)) == 3, "a nonce was served twice"


def test_an_edit_shows_in_the_cached_head_at_once(client, db):
    storefront = make_storefront()
    assert 'content="Varanasi"' in client.get(storefront.url).content.decode()  # og:title

    storefront.seo_title = "Varanasi silk and brass"
    storefront.save_revision().publish()

    html = client.get(storefront.url).content.decode()
    assert '<meta property="og:title" content="Varanasi silk and brass">' in html


def test_nonce_cache_keeps_a_placeholder_and_hands_out_the_current_nonce(db):
    template = Template(
        "{% load public_cache %}{% nonce_cache 600 head %}"
        '<script type="application/ld+json" nonce="{{ csp_nonce }}">{}</script>'
        "{% endnonce_cache %}"
    )
    first = template.render(Context({"csp_nonce": "first-nonce"}))
    second = template.render(Context({"csp_nonce": "second-nonce"}))

    assert first == '<script type="application/ld+json" nonce="first-nonce">{}</script>'
    assert second == first.replace("first-nonce", "second-nonce")
    stored = caches["template_fragments"].get(make_template_fragment_key("head"))
    assert nonce_placeholder() in stored and "first-nonce" not in stored


def test_nonce_cache_leaves_an_unused_nonce_ungenerated(db):
    # Django puts a nonce in the CSP header only if the page used it.
    nonce = LazyNonce()
    html = Template(
        "{% load public_cache %}{% nonce_cache 600 plain %}<p>no script</p>{% endnonce_cache %}"
    ).render(Context({"csp_nonce": nonce}))
    assert html == "<p>no script</p>"
    assert not nonce


def test_the_placeholder_comes_from_the_secret_key(settings):
    placeholder = nonce_placeholder()
    assert re.fullmatch(r"nonce-[0-9a-f]{32}", placeholder)
    nonce_placeholder.cache_clear()
    try:
        settings.SECRET_KEY = "another-secret-" + "k" * 40
        assert nonce_placeholder() != placeholder
    finally:
        nonce_placeholder.cache_clear()
