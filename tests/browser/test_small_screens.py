"""Every page type on a 360 px phone in English, French and Arabic: no sideways scroll, and
the first search result within the first screenfuls (issue 17 item 7: the order page was
505 px wide, the French header search 400 px, the storefront tracker table stuck out to the
left in Arabic, and the first result started 2,217 px down)."""

from decimal import Decimal

import pytest
from django.test import Client

from catalogue.models import ProductImage
from search.backends import reset_backends
from search.indexing import reindex_products
from tests.factories import (
    BuyerCompanyFactory,
    GIProductFactory,
    PriceTierFactory,
    ProductFactory,
    SellerFactory,
)
from tests.factories.cms import make_image
from tests.factories.marketplace import make_trade
from tests.factories.officials import make_action_plan, make_storefront

WIDTH, HEIGHT = 360, 740
LANGUAGES = ("", "/fr", "/ar")

# The widest element sticking out, for a message that says what to fix.
OFFENDERS = """() => {
  const width = window.innerWidth;
  return [...document.querySelectorAll('body *')]
    .filter((el) => {
      const box = el.getBoundingClientRect();
      return box.width > 0 && (box.right > width + 1 || box.left < -1);
    })
    .slice(0, 5)
    .map((el) => {
      const box = el.getBoundingClientRect();
      const where = `${Math.round(box.left)}..${Math.round(box.right)}`;
      return `${el.tagName.toLowerCase()}.${el.className} ${where}`;
    });
}"""


def _session_cookie(live_server, user) -> dict:
    client = Client()
    client.force_login(user)
    return {
        "name": "sessionid",
        "value": client.cookies["sessionid"].value,
        "url": live_server.url,
    }


def _phone(browser, live_server, user=None):
    context = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT}, locale="en-GB")
    if user is not None:
        context.add_cookies([_session_cookie(live_server, user)])
    return context, context.new_page()


def _assert_fits(page, url):
    response = page.goto(url)
    assert response.status == 200, url
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    inner_width = page.evaluate("window.innerWidth")
    assert scroll_width <= inner_width, (url, scroll_width, page.evaluate(OFFENDERS))


@pytest.fixture
def world(transactional_db):
    storefront = make_storefront()
    make_action_plan(storefront, bottlenecks=3)  # the tracker table
    district = storefront.district
    seller_owner, buyer, order = make_trade()
    seller = seller_owner.seller_memberships.first().seller
    seller.district = district
    seller.save()
    BuyerCompanyFactory(user=buyer)
    gi = GIProductFactory(name="Banaras Brocades and Sarees", slug="banaras-brocades")
    gi.districts.add(district)
    image = make_image("Saree")
    products = []
    for n in range(6):
        product = ProductFactory(
            seller=seller,
            district=district,
            gi=gi if n == 0 else None,
            name=f"Banarasi katan silk saree with zari border, handwoven {n}",
            slug=f"banarasi-silk-saree-{n}",
        )
        PriceTierFactory(product=product, min_quantity=10, unit_price_inr=Decimal("15500.00"))
        ProductImage.objects.create(product=product, image=image, alt_text="Saree")
        products.append(product)
    SellerFactory(district=district, name="Kashi Handloom Silk Weavers Producer Company")
    reset_backends()
    reindex_products([product.pk for product in products])
    enquiry = order.quotation.enquiry
    return {
        "storefront": storefront,
        "product": products[0],
        "seller": seller,
        "buyer": buyer,
        "seller_owner": seller_owner,
        "order": order,
        "enquiry": enquiry,
    }


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_no_page_is_wider_than_a_360px_phone(live_server, browser, world):
    storefront, product, order = world["storefront"], world["product"], world["order"]
    state_url = storefront.get_parent().url
    public = [
        "/",
        state_url,
        storefront.url,
        f"/products/{product.slug}/",
        f"/sellers/{world['seller'].slug}/",
        "/search/?q=silk+saree",
        "/gi/",
        "/accounts/login/",
        "/accounts/signup/",
        "/no-such-page/",  # the site's own 404
    ]
    buyer_pages = [
        f"/enquiries/new/?product={product.slug}",
        "/dashboard/",
        "/dashboard/inbox/",
        f"/enquiries/{world['enquiry'].pk}/",
        f"/orders/{order.number}/",
    ]
    seller_pages = [
        "/dashboard/",
        "/dashboard/listings/",
        "/dashboard/profile/",
        f"/enquiries/{world['enquiry'].pk}/quote/",
        f"/orders/{order.number}/",
    ]
    for user, paths in ((None, public), (world["buyer"], buyer_pages)):
        context, page = _phone(browser, live_server, user)
        for language in LANGUAGES:
            for path in paths:
                if path == "/no-such-page/":
                    page.goto(f"{live_server.url}{language}{path}")
                    assert page.locator("[data-testid=not-found]").count() == 1
                    continue
                _assert_fits(page, f"{live_server.url}{language}{path}")
        context.close()
    context, page = _phone(browser, live_server, world["seller_owner"])
    for language in LANGUAGES:
        for path in seller_pages:
            _assert_fits(page, f"{live_server.url}{language}{path}")
    context.close()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_first_search_result_is_on_the_first_screenfuls_of_a_phone(live_server, browser, world):
    context, page = _phone(browser, live_server)
    for language in LANGUAGES:
        page.goto(f"{live_server.url}{language}/search/?q=silk+saree")
        first = page.locator(".hit").first
        top = first.evaluate("el => el.getBoundingClientRect().top + window.scrollY")
        assert top < 1.5 * HEIGHT, (language, top)
        # the filters are one tap away, and open on that tap
        toggle = page.locator(".search-filters__toggle")
        assert not page.locator(".search-facets").is_visible()
        toggle.click()
        assert page.locator(".search-facets").is_visible()
    context.close()
