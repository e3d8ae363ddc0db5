"""Shortlist (issue 17.8): save and enquire from every result card and the product page, no-JS
save through a confirmation form, compare saved products side by side in constant queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from buyers.models import ShortlistItem
from tests.factories import ProductFactory, SellerMembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def _product(**kwargs):
    return ProductFactory(seller=SellerMembershipFactory().seller, status="published", **kwargs)


def test_cards_and_product_page_offer_save_and_enquire(client):
    product = _product()
    save = reverse("buyers:shortlist_save", args=[product.slug])
    enquire = reverse("marketplace:enquiry_new") + f"?product={product.slug}"
    seller_page = client.get(product.seller.get_absolute_url()).content.decode()
    product_page = client.get(product.get_absolute_url()).content.decode()
    for page in (seller_page, product_page):
        assert f'href="{save}"' in page and f'href="{enquire}"' in page
        assert "js/shortlist.js" in page


def test_no_js_save_confirms_with_one_post_and_is_idempotent(client):
    product = _product()
    buyer = UserFactory()
    client.force_login(buyer)
    confirm = client.get(reverse("buyers:shortlist_save", args=[product.slug]))
    assert confirm.status_code == 200 and b'name="action" value="save"' in confirm.content
    url = reverse("buyers:shortlist", args=[product.slug])
    for _ in range(2):  # a second "Save" keeps it saved (it is not a toggle)
        assert client.post(url, {"action": "save"}).status_code == 302
        assert ShortlistItem.objects.filter(user=buyer, product=product).count() == 1
    saved = client.post(url, {"action": "save"}, HTTP_ACCEPT="application/json")
    assert saved.json() == {"saved": True}
    client.post(url, {"action": "remove"})
    assert not ShortlistItem.objects.filter(user=buyer).exists()
    client.post(url, {"action": "remove"})
    assert not ShortlistItem.objects.filter(user=buyer).exists()


def test_signed_out_save_goes_to_sign_in(client):
    product = _product()
    response = client.get(reverse("buyers:shortlist_save", args=[product.slug]))
    assert response.status_code == 302 and "login" in response["Location"]


def _save(buyer, i):
    from catalogue.models import Certification, PriceTier

    product = _product(hs_code="6214", lead_time_days=40 + i)
    ShortlistItem.objects.create(user=buyer, product=product)
    PriceTier.objects.create(product=product, min_quantity=100, unit_price_inr=900)
    Certification.objects.create(product=product, kind=Certification.Kind.choices[0][0])
    return product


def _compare(client):
    url = reverse("buyers:shortlist_compare")
    client.get(url)  # warm per-process caches (rates, site)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(url)
    assert page.status_code == 200
    return page.content.decode(), len(queries)


def test_compare_shows_the_facts_side_by_side_in_constant_queries(client):
    from catalogue.models import Certification

    buyer = UserFactory()
    client.force_login(buyer)
    first = _save(buyer, 0)
    html, one = _compare(client)
    assert html.count('<th scope="col"><a href=') == 1
    assert "6214" in html and "from 100" in html and "40 days" in html
    assert str(Certification.Kind.choices[0][1]) in html and first.district.name in html
    for i in range(1, 12):
        _save(buyer, i)
    html, many = _compare(client)
    assert html.count('<th scope="col"><a href=') == 12 and "51 days" in html
    assert many == one
