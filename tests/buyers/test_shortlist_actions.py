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


def test_saved_slugs_are_the_buyers_own_in_one_query(client):
    """Cards are cached for everyone; the buyer's saved state comes from one small request."""
    url = reverse("buyers:shortlist_saved")
    assert client.get(url).json() == {"saved": []}  # a visitor: nobody's shortlist
    buyer, other = UserFactory(), UserFactory()
    mine = _product()
    ShortlistItem.objects.create(user=buyer, product=mine)
    ShortlistItem.objects.create(user=other, product=_product())
    client.force_login(buyer)
    response = client.get(url)
    assert response.json() == {"saved": [mine.slug]}
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]
    counts = []
    for extra in (0, 30):
        for _ in range(extra):
            ShortlistItem.objects.create(user=buyer, product=_product())
        with CaptureQueriesContext(connection) as queries:
            assert len(client.get(url).json()["saved"]) == 1 + extra
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_cards_are_the_same_for_everyone_and_pages_say_where_to_ask(client):
    product = _product()
    anonymous = client.get(product.seller.get_absolute_url()).content.decode()
    assert f'data-slug="{product.slug}"' in anonymous
    assert "deh-shortlist-saved" not in anonymous  # a visitor's page asks nothing
    buyer = UserFactory()
    ShortlistItem.objects.create(user=buyer, product=product)
    client.force_login(buyer)
    signed_in = client.get(product.seller.get_absolute_url()).content.decode()
    meta = f'<meta name="deh-shortlist-saved" content="{reverse("buyers:shortlist_saved")}">'
    assert meta in signed_in
    # the (cached) card does not carry anyone's state: the script marks it
    card = signed_in[signed_in.index('data-testid="card-save"') - 300 :]
    assert ">Save</a>" in card[:600]


def test_the_no_js_confirmation_says_when_a_product_is_already_saved(client):
    product = _product()
    buyer = UserFactory()
    client.force_login(buyer)
    url = reverse("buyers:shortlist_save", args=[product.slug])
    assert b'data-testid="already-saved"' not in client.get(url).content
    ShortlistItem.objects.create(user=buyer, product=product)
    page = client.get(url).content.decode()
    assert 'data-testid="already-saved"' in page and 'name="action" value="save"' not in page
    assert reverse("buyers:shortlist_compare") in page
