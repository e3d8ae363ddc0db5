"""Every state and district in every language, and every link in the reader's language
(issue 17 item 1): the translated sites used to list one state and no district, with links
that led French readers back to the English site."""

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest

from cms.i18n import ensure_locales, translate_page, translation_parents_ensure
from tests.factories import (
    BuyerCompanyFactory,
    DistrictFactory,
    GIProductFactory,
    ProductFactory,
    SellerFactory,
    SellerMembershipFactory,
    StateFactory,
)
from tests.factories.cms import make_district_page, make_home, make_state_page
from tests.factories.marketplace import make_trade

# Language-neutral endpoints (config/urls.py): never prefixed, so never a leak.
NEUTRAL = ("/static/", "/media/", "/admin/", "/django-admin/", "/api/", "/i18n/", "/documents/")


class _Links(HTMLParser):
    """The <a href> and <form action> of a page's body, except the language switcher's
    (whose links lead to the other languages on purpose)."""

    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self._in_body = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "body":
            self._in_body = True
        if not self._in_body or "hreflang" in attrs:
            return
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        if tag == "form" and attrs.get("action"):
            self.links.append(attrs["action"])


def internal_links(html: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    paths = []
    for link in parser.links:
        parts = urlsplit(link)
        if parts.scheme or parts.netloc or not parts.path.startswith("/"):
            continue  # other sites, anchors, mailto:
        if parts.path.startswith(NEUTRAL):
            continue
        paths.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return paths


@pytest.fixture
def site(db):
    """Two states, the first with a French alias (as the demo gives states with officials),
    a district in each, products, a seller, a GI and an order."""
    ensure_locales()
    home = make_home()
    up = StateFactory()
    wb = StateFactory(iso_code="IN-WB", name="West Bengal", slug="west-bengal", gst_code="19")
    up_page = make_state_page(home, up)
    wb_page = make_state_page(home, wb)
    varanasi = DistrictFactory(state=up, name="Varanasi", slug="varanasi")
    darjeeling = DistrictFactory(state=wb, name="Darjeeling", slug="darjeeling")
    varanasi_page = make_district_page(up_page, varanasi, story="<p>Silk weavers.</p>")
    make_district_page(wb_page, darjeeling, story="<p>Tea gardens.</p>")
    translation_parents_ensure(pages=[home, up_page])
    owner = SellerMembershipFactory(seller=SellerFactory(district=varanasi, slug="kashi-silk"))
    gi = GIProductFactory(slug="banaras-brocade")
    gi.districts.add(varanasi)
    product = ProductFactory(seller=owner.seller, slug="silk-saree", gi=gi)
    ProductFactory(seller=SellerFactory(district=darjeeling), slug="darjeeling-tea")
    return {"home": home, "varanasi_page": varanasi_page, "product": product, "owner": owner}


@pytest.mark.parametrize("language", ["fr", "es", "ar", "hi"])
def test_every_state_and_district_is_listed_and_linked_in_every_language(client, site, language):
    home = client.get(f"/{language}/").content.decode()
    # the hero's words (and the title) are the site's own, so they come from the catalogs,
    # unlabelled
    hero = re.search(r'<h1 class="hero__title"[^>]*>([^<]*)</h1>', home).group(1)
    assert hero and hero != "Buy direct from India&#x27;s districts"
    assert "<title>Buy direct" not in home
    assert "data-original-language" not in home
    assert f'href="/{language}/uttar-pradesh/"' in home
    assert f'href="/{language}/west-bengal/"' in home  # no alias: listed all the same
    assert f'href="/{language}/uttar-pradesh/varanasi/"' in home  # featured district
    assert 'href="/uttar-pradesh/' not in home

    # the aliased state lists its (untranslated) district, and the state without an alias
    # is served in the reader's language with its districts
    aliased = client.get(f"/{language}/uttar-pradesh/").content.decode()
    assert f'href="/{language}/uttar-pradesh/varanasi/"' in aliased
    plain = client.get(f"/{language}/west-bengal/")
    assert plain.status_code == 200
    assert f'href="/{language}/west-bengal/darjeeling/"' in plain.content.decode()

    storefront = client.get(f"/{language}/west-bengal/darjeeling/").content.decode()
    assert f'<html lang="{language}"' in storefront
    # the storefront's words are the original's, and say so
    assert 'data-original-language="en"' in storefront
    # English words run left to right inside an Arabic page too (or "Tea gardens." reads
    # ".Tea gardens"); every block of the original's words says so.
    assert re.search(r'<div lang="en" dir="ltr">\s*<p>Tea gardens.</p>', storefront)
    assert re.search(r'<h1 class="hero__title" lang="en" dir="ltr">', storefront)
    body = storefront.split("<body", 1)[1]
    # (the language switcher's own "English" link is a name, not the page's words)
    assert re.findall(r'<(?!a )[^>]*\slang="en"(?! dir="ltr")[^>]*>', body) == []
    assert f'href="/{language}/products/darjeeling-tea/"' in storefront


def test_a_real_translation_is_listed_under_its_own_title_and_not_labelled(client, site):
    french = translate_page(page=site["varanasi_page"], language="fr")
    french.title = "Varanasi, la ville de la soie"
    french.save_revision().publish()

    state = client.get("/fr/uttar-pradesh/").content.decode()
    assert 'href="/fr/uttar-pradesh/varanasi/">Varanasi, la ville de la soie</a>' in state
    storefront = client.get("/fr/uttar-pradesh/varanasi/").content.decode()
    assert "Varanasi, la ville de la soie" in storefront
    assert "data-original-language" not in storefront


def test_the_english_site_is_unchanged(client, site):
    home = client.get("/").content.decode()
    assert 'href="/uttar-pradesh/"' in home and 'href="/west-bengal/"' in home
    storefront = client.get("/uttar-pradesh/varanasi/").content.decode()
    assert "data-original-language" not in storefront
    assert '<h1 class="hero__title">Varanasi</h1>' in storefront


def _crawl(client, start: str, prefix: str, limit: int = 60) -> dict[str, list[str]]:
    """Follow the prefixed internal links from `start` (GET only, no actions) and return
    {page: [links without the prefix]}."""
    seen, queue, leaks = set(), [start], {}
    while queue and len(seen) < limit:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        response = client.get(path)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        links = internal_links(response.content.decode())
        bad = [link for link in links if not link.startswith(prefix)]
        if bad:
            leaks[path] = bad
        for link in links:
            link_path = urlsplit(link).path
            # pages only: actions (logout, close, accept...) are forms, not links
            if link.startswith(prefix) and link_path not in seen and link_path.count("/") < 6:
                queue.append(link_path)
    return leaks


def test_a_french_crawl_of_every_page_type_finds_no_link_without_the_prefix(client, site):
    # a buyer with an order: the pages a crawl from the home page cannot reach alone
    _seller, buyer, order = make_trade()
    BuyerCompanyFactory(user=buyer)
    client.force_login(buyer)
    starts = [
        "/fr/",
        "/fr/uttar-pradesh/varanasi/",
        "/fr/products/silk-saree/",
        "/fr/sellers/kashi-silk/",
        "/fr/gi/banaras-brocade/",
        "/fr/search/?q=silk",
        "/fr/enquiries/new/?product=silk-saree",
        "/fr/dashboard/",
        f"/fr/orders/{order.number}/",
    ]
    leaks = {}
    for start in starts:
        leaks.update(_crawl(client, start, "/fr/", limit=25))
    assert leaks == {}
    # the start pages answered (a crawl of error pages would prove nothing)
    for start in starts:
        assert client.get(start).status_code == 200, start
