"""Where a seller's track record shows: seller and product pages, product cards, search
(both backends' query building), JSON-LD and the API; and how the response figures are
measured. The figures come from real reviews and enquiries through the services."""

import datetime as dt
import json
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from marketplace.models import Enquiry
from marketplace.reviews import services, track_record
from marketplace.services import message_post
from search.backends.base import SearchQuery
from search.backends.elasticsearch import build_search, parse_search_response, product_body
from search.indexing import documents, reindex_products
from sellers.models import Seller
from tests.factories import GIProductFactory, ProductFactory, SellerMembershipFactory
from tests.factories.marketplace import EnquiryFactory, QuotationFactory, make_trade

from .conftest import deliver

pytestmark = pytest.mark.django_db


def rated_seller(*overalls: int, product=None) -> Seller:
    """A seller with one delivered, reviewed order per rating given."""
    from marketplace.services import quote_accept

    if product is None:
        product = ProductFactory(seller=SellerMembershipFactory().seller)
    seller = product.seller

    for overall in overalls:
        quote = QuotationFactory(enquiry__product=product)
        order = deliver(quote_accept(quotation=quote, by=quote.enquiry.buyer))
        ratings = {"overall": overall, "as_described": 4, "communication": 4, "delivery_time": 4}
        services.review_create(order=order, by=order.buyer, ratings=ratings, text="Fine")
    seller.refresh_from_db()
    return seller


def _jsonld(html: str) -> list[dict]:
    blocks = re.findall(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', html, re.S)
    return [json.loads(b) for b in blocks]


def test_average_and_count_follow_reviews_to_two_decimals():
    seller = rated_seller(5, 4, 5)
    assert seller.rating_count == 3
    assert seller.rating_average == Decimal("4.67")


def test_seller_page_product_page_and_jsonld(client):
    seller = rated_seller(5, 4)
    product = seller.products.get()
    page = client.get(seller.get_absolute_url()).content.decode()
    assert "4.5 ★ from 2 orders" in page
    assert reverse("marketplace:seller_reviews", args=[seller.slug]) in page
    org = next(b for b in _jsonld(page) if b.get("@type") == "Organization")
    assert org["aggregateRating"] == {
        "@type": "AggregateRating",
        "ratingValue": "4.5",
        "reviewCount": 2,
        "bestRating": 5,
        "worstRating": 1,
    }
    product_page = client.get(product.get_absolute_url()).content.decode()
    assert "4.5 ★ from 2 orders" in product_page
    item = next(b for b in _jsonld(product_page) if b.get("@type") == "Product")
    assert item["aggregateRating"]["reviewCount"] == 2


def test_no_aggregate_rating_without_reviews(client):
    product = ProductFactory()
    for url in (product.get_absolute_url(), product.seller.get_absolute_url()):
        html = client.get(url).content.decode()
        assert "aggregateRating" not in html
        assert 'data-testid="track-record"' not in html


def test_a_new_review_reaches_a_cached_product_page(client):
    seller = rated_seller(5)
    product = seller.products.get()
    assert "5.0 ★ from 1 order" in client.get(product.get_absolute_url()).content.decode()
    rated_seller(3, product=product)  # another reviewed order of the same listing
    html = client.get(product.get_absolute_url()).content.decode()
    assert "4.0 ★ from 2 orders" in html


def test_a_new_review_reaches_a_cached_seller_page(client):
    seller = rated_seller(5)
    assert "5.0 ★ from 1 order" in client.get(seller.get_absolute_url()).content.decode()
    rated_seller(3, product=seller.products.get())
    html = client.get(seller.get_absolute_url()).content.decode()
    assert "4.0 ★ from 2 orders" in html
    org = next(b for b in _jsonld(html) if b.get("@type") == "Organization")
    assert org["aggregateRating"]["reviewCount"] == 2


# ---- response rate and time ------------------------------------------------------------


def test_response_rate_and_median_over_the_last_90_days():
    owner = SellerMembershipFactory()
    seller = owner.seller
    product = ProductFactory(seller=seller)
    now = timezone.now()
    waits = [2, 4, 30]  # hours to the first answer
    for hours in waits:
        enquiry = EnquiryFactory(product=product)
        Enquiry.objects.filter(pk=enquiry.pk).update(
            created_at=now - dt.timedelta(days=10),
            first_response_at=now - dt.timedelta(days=10) + dt.timedelta(hours=hours),
        )
    unanswered = EnquiryFactory(product=product)  # waited three days: counts as not answered
    Enquiry.objects.filter(pk=unanswered.pk).update(created_at=now - dt.timedelta(days=3))
    EnquiryFactory(product=product)  # arrived just now: the seller still has time
    old = EnquiryFactory(product=product)  # outside the window: counts for nothing
    Enquiry.objects.filter(pk=old.pk).update(created_at=now - dt.timedelta(days=91))
    figures = track_record.response_figures(seller.pk)
    assert figures == {"response_rate": 75, "response_median_hours": Decimal("4.0")}


def test_enquiry_services_keep_the_response_figures(client):
    owner = SellerMembershipFactory()
    product = ProductFactory(seller=owner.seller)
    enquiry = EnquiryFactory(product=product)
    track_record.refresh(owner.seller_id)
    # A new enquiry marks nobody down (the seller has 48 hours before it counts).
    assert Seller.objects.get(pk=owner.seller_id).response_rate is None
    message_post(enquiry=enquiry, sender=owner.user, body="Yes, we can make 100.")
    seller = Seller.objects.get(pk=owner.seller_id)
    assert seller.response_rate == 100
    assert seller.response_median_hours is not None
    html = client.get(seller.get_absolute_url()).content.decode()
    assert "Answers 100% of enquiries" in html


# ---- cards and search: constant queries -------------------------------------------------


def _gi_page_with(n: int):
    gi = GIProductFactory()
    for _ in range(n):
        seller = rated_seller(4)
        ProductFactory(seller=seller, gi=gi)
    return reverse("catalogue:gi_detail", args=[gi.slug])


def _count(client, url) -> tuple[int, str]:
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response.content.decode()


def test_product_cards_show_the_rating_in_constant_queries(client):
    one, html_one = _count(client, _gi_page_with(1))
    many, html_many = _count(client, _gi_page_with(6))
    assert html_one.count("4.0 ★ from 1 order") == 1
    assert html_many.count("4.0 ★ from 1 order") == 6
    assert one == many


def test_the_sellers_directory_shows_the_rating_in_constant_queries(client):
    rated_seller(4)
    one, html_one = _count(client, reverse("catalogue:seller_list"))
    for _ in range(5):
        rated_seller(4)
    many, html_many = _count(client, reverse("catalogue:seller_list"))
    assert html_one.count("4.0 ★ from 1 order") == 1
    assert html_many.count("4.0 ★ from 1 order") == 6
    assert html_many.count('data-testid="track-record"') == 6
    assert one == many


def test_search_results_show_sort_and_filter_by_rating(client):
    top = rated_seller(5, 5)
    mid = rated_seller(4)
    low = rated_seller(3)
    unrated = ProductFactory(name="Silk saree unrated")
    ids = [p.pk for s in (top, mid, low) for p in s.products.all()] + [unrated.pk]
    reindex_products(ids)
    with CaptureQueriesContext(connection) as one_captured:
        client.get("/search/?q=silk&rating=4.5")
    page = client.get("/search/?q=silk&sort=rating")
    html = page.content.decode()
    order = [m for m in re.findall(r'data-rating="([\d.]+)"', html)]
    assert order == ["5.00", "4.00", "3.00"]
    assert "5.0 ★ from 2 orders" in html
    assert html.index(top.name) < html.index(mid.name) < html.index(low.name)
    assert html.index(low.name) < html.index("Silk saree unrated")
    filtered = client.get("/search/?q=silk&rating=4").content.decode()
    assert top.name in filtered and mid.name in filtered and low.name not in filtered
    assert 'data-facet="rating"' in filtered
    api = client.get("/api/v1/products?q=silk&rating=3&sort=rating").json()
    assert [r["seller"]["rating"] for r in api["results"]] == [
        {"average": 5.0, "count": 2},
        {"average": 4.0, "count": 1},
        {"average": 3.0, "count": 1},
    ]
    counts = {f["value"]: f["count"] for f in api["facets"]["rating"]}
    assert counts == {"4.5": 1, "4": 2, "3": 3}
    # Queries do not grow with the number of rated hits shown.
    with CaptureQueriesContext(connection) as many_captured:
        client.get("/search/?q=silk&rating=3")
    assert len(one_captured) == len(many_captured)


def test_elasticsearch_query_building_for_rating():
    body = build_search(SearchQuery(filters={"rating": ("4", "4.5")}, sort="rating")).to_dict()
    assert {"range": {"seller_rating": {"gte": 4.0}}} in body["post_filter"]["bool"]["filter"]
    assert body["sort"][:2] == [
        {"seller_rating": {"order": "desc", "missing": "_last"}},
        {"seller_rating_count": "desc"},
    ]
    assert body["aggs"]["rating"]["aggs"]["values"] == {
        "range": {
            "field": "seller_rating",
            "ranges": [
                {"key": "4.5", "from": 4.5},
                {"key": "4", "from": 4.0},
                {"key": "3", "from": 3.0},
            ],
        }
    }


def test_elasticsearch_document_and_hit_carry_the_track_record():
    seller = rated_seller(5, 4)
    Seller.objects.filter(pk=seller.pk).update(response_rate=80, response_median_hours=5)
    doc = documents([seller.products.get().pk])[0]
    body = product_body(doc)
    assert body["seller_rating"] == "4.50" and body["seller_rating_count"] == 2
    assert body["seller_response_rate"] == 80 and body["seller_response_hours"] == "5.0"
    response = {
        "hits": {
            "total": {"value": 1},
            "hits": [{"_score": 1.0, "_source": body}],
        }
    }
    hit = parse_search_response(response).hits[0]
    assert (hit.seller_rating, hit.seller_rating_count) == (Decimal("4.50"), 2)
    assert (hit.seller_response_rate, hit.seller_response_hours) == (80, Decimal("5.0"))


# ---- the API's seller objects -----------------------------------------------------------


def test_api_seller_objects_carry_rating_and_response(client):
    seller = rated_seller(5, 4)
    Seller.objects.filter(pk=seller.pk).update(response_rate=90, response_median_hours=3)
    detail = client.get(f"/api/v1/sellers/{seller.slug}").json()
    assert detail["rating"] == {"average": 4.5, "count": 2}
    assert detail["response"] == {"rate": 0.9, "median_hours": 3.0}
    product = seller.products.get()
    assert client.get(f"/api/v1/products/{product.slug}").json()["seller"]["rating"]["count"] == 2
    listed = client.get(f"/api/v1/sellers?q={seller.name.split()[0]}").json()["results"]
    mine = next(s for s in listed if s["slug"] == seller.slug)
    assert mine["rating"] == {"average": 4.5, "count": 2}
    plain = ProductFactory().seller
    none = client.get(f"/api/v1/sellers/{plain.slug}").json()
    assert none["rating"] == {"average": None, "count": 0}
    assert none["response"] == {"rate": None, "median_hours": None}


def test_a_review_reindexes_the_sellers_products(django_capture_on_commit_callbacks):
    _seller_user, buyer, order = make_trade()
    deliver(order)
    ratings = {"overall": 4, "as_described": 4, "communication": 4, "delivery_time": 4}
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.review_create(order=order, by=buyer, ratings=ratings, text="")
    assert callbacks, "saving the figures queues the search reindex of the seller's products"
