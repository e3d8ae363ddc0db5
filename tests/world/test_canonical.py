"""Canonical URLs per language: every language version of a product, seller or GI page is its
own page (self-referencing canonical, hreflang alternates for every language plus x-default),
whether or not the seller translated the description. A Wagtail storefront is canonical in a
language only once it is translated into it; until then /fr/... shows the original page's
content, so it points at the original and is not announced as French."""

import json
import re

import pytest

from catalogue.models import ProductTranslation
from cms.i18n import ensure_locales, translate_page, translation_parents_ensure
from tests.factories import (
    DistrictFactory,
    GIProductFactory,
    PriceTierFactory,
    ProductFactory,
    SellerFactory,
    StateFactory,
)
from tests.factories.cms import make_district_page, make_state_page
from tests.world.structured_data import blocks_in, validate

pytestmark = pytest.mark.django_db

BASE = "http://testserver"
LANGS = ["en", "hi", "fr", "es", "ar"]


def _head(html):
    return html.split("</head>", 1)[0]


def _canonicals(head):
    return re.findall(r'<link rel="canonical" href="([^"]*)">', head)


def _alternates(head):
    return dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]*)">', head))


def _prefixed(code, path):
    return f"{BASE}{'' if code == 'en' else '/' + code}{path}"


def _assert_self_canonical(client, path):
    """Each language version: one canonical, its own URL, listed as its own alternate."""
    for code in LANGS:
        response = client.get(_prefixed(code, path).removeprefix(BASE))
        assert response.status_code == 200, (code, path)
        head = _head(response.content.decode())
        assert _canonicals(head) == [_prefixed(code, path)], (code, path)
        alternates = _alternates(head)
        assert alternates == {
            **{c: _prefixed(c, path) for c in LANGS},
            "x-default": _prefixed("en", path),
        }, (code, path)
        assert f'<meta property="og:url" content="{_prefixed(code, path)}">' in head


@pytest.fixture
def product():
    product = ProductFactory(name="Banarasi silk saree", description="<p>Woven in Varanasi.</p>")
    PriceTierFactory(product=product)
    return product


def test_product_pages_are_self_canonical_in_every_language(client, product):
    # French has the seller's translation; the other languages show the labelled original.
    ProductTranslation.objects.create(
        product=product, language="fr", name="Sari en soie", description="Tissé à Varanasi."
    )
    _assert_self_canonical(client, f"/products/{product.slug}/")


def test_untranslated_product_is_still_self_canonical(client, product):
    """No Spanish text from the seller: the interface, terms and prices are Spanish, the
    description is the labelled original. Still its own page, not a duplicate of /products/."""
    assert not product.translations.exists()
    html = client.get(f"/es/products/{product.slug}/").content.decode()
    assert _canonicals(_head(html)) == [f"{BASE}/es/products/{product.slug}/"]
    assert 'lang="es"' in html.split(">", 2)[1]  # the <html> element


def test_product_structured_data_uses_the_language_url(client, product):
    html = client.get(f"/ar/products/{product.slug}/").content.decode()
    blocks = blocks_in(html)
    product_ld = next(b for b in blocks if b["@type"] == "Product")
    assert product_ld["url"] == f"{BASE}/ar/products/{product.slug}/"
    assert product_ld["manufacturer"]["url"] == f"{BASE}/ar/sellers/{product.seller.slug}/"
    crumbs = next(b for b in blocks if b["@type"] == "BreadcrumbList")
    urls = [item["item"] for item in crumbs["itemListElement"]]
    assert urls[0] == f"{BASE}/ar/" and all(u.startswith(f"{BASE}/ar/") for u in urls)
    assert crumbs["itemListElement"][0]["name"] == "الرئيسية"  # "Home", translated
    for block in blocks:
        assert validate(block).errors == [], block["@type"]
    # the visible breadcrumbs stay in Arabic too
    nav = html.split('class="breadcrumbs', 1)[1].split("</nav>", 1)[0]
    state = product.district.state
    assert f'href="/ar/{state.slug}/{product.district.slug}/"' in nav
    assert '<a href="/ar/">الرئيسية</a>' in nav  # "Home" is the Arabic home page


def test_seller_pages_are_self_canonical_in_every_language(client):
    seller = SellerFactory()
    ProductFactory(seller=seller, district=seller.district)
    _assert_self_canonical(client, f"/sellers/{seller.slug}/")


def test_seller_page_two_keeps_its_language_and_page(client):
    seller = SellerFactory()
    ProductFactory.create_batch(25, seller=seller, district=seller.district)
    head = _head(client.get(f"/hi/sellers/{seller.slug}/?page=2").content.decode())
    assert _canonicals(head) == [f"{BASE}/hi/sellers/{seller.slug}/?page=2"]


def test_gi_pages_are_self_canonical_in_every_language(client):
    gi = GIProductFactory()
    _assert_self_canonical(client, f"/gi/{gi.slug}/")
    for code in LANGS:
        head = _head(client.get(_prefixed(code, "/gi/").removeprefix(BASE)).content.decode())
        assert _canonicals(head) == [_prefixed(code, "/gi/")]


@pytest.mark.django_db(transaction=False)
def test_storefront_canonical_follows_its_translations(client):
    ensure_locales()
    state_page = make_state_page(state=StateFactory())
    varanasi = make_district_page(
        state_page,
        district=DistrictFactory(state=state_page.state, name="Varanasi", slug="varanasi"),
    )
    make_district_page(
        state_page, district=DistrictFactory(state=state_page.state, name="Agra", slug="agra")
    )
    translation_parents_ensure()
    french = translate_page(page=varanasi, language="fr")
    french.title = "Varanasi (Bénarès)"
    french.save_revision().publish()
    path = f"/{state_page.slug}/varanasi/"
    site = varanasi.get_site().root_url  # Wagtail's full URLs use the Site's host name

    # Translated: the French page is canonical for itself, and both are announced.
    head = _head(client.get(f"/fr{path}").content.decode())
    assert _canonicals(head) == [f"{site}/fr{path}"]
    assert _alternates(head) == {
        "en": f"{site}{path}",
        "fr": f"{site}/fr{path}",
        "x-default": f"{site}{path}",
    }
    head = _head(client.get(path).content.decode())
    assert _canonicals(head) == [f"{site}{path}"]
    assert _alternates(head)["fr"] == f"{site}/fr{path}"

    # Not translated into Spanish: /es/... serves the English page's content, so its canonical
    # is the English page and Spanish is not announced (a duplicate, not a localized page).
    head = _head(client.get(f"/es{path}").content.decode())
    assert _canonicals(head) == [f"{site}{path}"]
    assert "es" not in _alternates(head)
    agra = _head(client.get(f"/es/{state_page.slug}/agra/").content.decode())
    assert _canonicals(agra) == [f"{site}/{state_page.slug}/agra/"]


def test_sitemap_lists_every_language_version_with_its_alternates(client):
    product = ProductFactory(slug="banarasi-saree")
    state = product.district.state
    body = client.get(f"/sitemap-state-{state.slug}.xml").content.decode()
    urls = re.findall(r"<url>(.*?)</url>", body, re.S)
    by_loc = {re.search(r"<loc>(.*?)</loc>", u).group(1): u for u in urls}
    for code in LANGS:
        loc = _prefixed(code, "/products/banarasi-saree/")
        assert loc in by_loc, code
        links = dict(
            re.findall(
                r'<xhtml:link rel="alternate" hreflang="([^"]+)" href="([^"]+)"', by_loc[loc]
            )
        )
        assert links == {
            **{c: _prefixed(c, "/products/banarasi-saree/") for c in LANGS},
            "x-default": _prefixed("en", "/products/banarasi-saree/"),
        }, code


def test_jsonld_is_valid_json_on_every_language_version(client, product):
    for code in LANGS:
        html = client.get(_prefixed(code, f"/products/{product.slug}/").removeprefix(BASE))
        scripts = re.findall(
            r'<script type="application/ld\+json"[^>]*>(.*?)</script>', html.content.decode(), re.S
        )
        assert scripts and all(json.loads(s) for s in scripts), code


def test_product_page_shows_the_sellers_translation_or_the_labelled_original(client, product):
    ProductTranslation.objects.create(
        product=product, language="fr", name="Sari en soie", description="<p>Tissé à Varanasi.</p>"
    )
    french = client.get(f"/fr/products/{product.slug}/").content.decode()
    assert "<h1>Sari en soie</h1>" in french and "Tissé à Varanasi." in french
    assert "Woven in Varanasi." not in french and 'class="original-language"' not in french
    assert "<title>Sari en soie" in french
    product_ld = next(b for b in blocks_in(french) if b["@type"] == "Product")
    assert (product_ld["name"], product_ld["description"]) == ("Sari en soie", "Tissé à Varanasi.")

    spanish = client.get(f"/es/products/{product.slug}/").content.decode()
    assert '<h1 lang="en" dir="auto">Banarasi silk saree</h1>' in spanish
    assert '<div lang="en" dir="auto"><p>Woven in Varanasi.</p></div>' in spanish
    assert "Original en inglés; aún sin traducción." in spanish  # clearly labelled

    english = client.get(f"/products/{product.slug}/").content.decode()
    assert "<h1>Banarasi silk saree</h1>" in english and "original-language" not in english


def test_seller_page_shows_the_translated_story_or_the_labelled_original(client):
    from sellers.models import SellerTranslation

    seller = SellerFactory(story="<p>Three generations of weavers.</p>")
    SellerTranslation.objects.create(
        seller=seller, language="hi", story="<p>बुनकरों की तीन पीढ़ियाँ।</p>"
    )
    hindi = client.get(f"/hi/sellers/{seller.slug}/").content.decode()
    assert "बुनकरों की तीन पीढ़ियाँ।" in hindi and "Three generations" not in hindi
    arabic = client.get(f"/ar/sellers/{seller.slug}/").content.decode()
    assert '<div lang="en" dir="auto"><p>Three generations of weavers.</p></div>' in arabic
    assert 'data-original-language="en"' in arabic


@pytest.mark.django_db(transaction=False)
def test_home_and_state_aliases_are_language_versions(client):
    """The home and state pages are aliased into every locale: generated listings whose words
    are the interface, so each language is its own page, announced to the others."""
    ensure_locales()
    state_page = make_state_page(state=StateFactory())
    translation_parents_ensure()
    site = state_page.get_site().root_url
    for path in ("/", f"/{state_page.slug}/"):
        expected = {code: _prefixed(code, path).replace(BASE, site) for code in LANGS}
        for code in LANGS:
            head = _head(client.get(_prefixed(code, path).removeprefix(BASE)).content.decode())
            assert _canonicals(head) == [expected[code]], (code, path)
            assert _alternates(head) == {**expected, "x-default": expected["en"]}, (code, path)

    body = client.get("/sitemap-site.xml").content.decode()
    french_home = next(u for u in re.findall(r"<url>(.*?)</url>", body, re.S) if "/fr/<" in u)
    # the sitemap builds its URLs on the request host
    assert f'hreflang="ar" href="{BASE}/ar/"' in french_home
    state_map = client.get(f"/sitemap-state-{state_page.state.slug}.xml").content.decode()
    assert f"<loc>{BASE}/hi/{state_page.slug}/</loc>" in state_map
