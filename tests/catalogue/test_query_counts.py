"""Product, seller and GI pages run a fixed number of queries (1 or 50 items) and, once their
renditions exist, render without creating any."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.images import get_image_model

from tests.factories import GIProductFactory, PriceTierFactory, ProductFactory
from tests.factories.catalogue import ProductImageFactory, SellerPhotoFactory

Rendition = get_image_model().get_rendition_model()
MAX_QUERIES = 16


def warm_count(client, url) -> int:
    assert client.get(url).status_code == 200  # first render creates the renditions
    renditions = Rendition.objects.count()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    assert Rendition.objects.count() == renditions, "a warm page created renditions"
    assert not [q for q in queries.captured_queries if "INSERT" in q["sql"]]
    return len(queries)


def test_product_page_query_count_is_flat(client, seller):
    product = ProductFactory(seller=seller, gi=GIProductFactory())
    PriceTierFactory(product=product)
    ProductImageFactory(product=product)
    one = warm_count(client, product.get_absolute_url())
    for _ in range(49):
        ProductImageFactory(product=product)
    PriceTierFactory(product=product, min_quantity=100, unit_price_inr="10")
    fifty = warm_count(client, product.get_absolute_url())
    assert one == fifty <= MAX_QUERIES


def test_seller_page_query_count_is_flat(client, seller):
    SellerPhotoFactory(seller=seller)
    ProductImageFactory(product=ProductFactory(seller=seller))
    one = warm_count(client, seller.get_absolute_url())
    for _ in range(49):  # two pages of products (24 a page), each with a photo
        ProductImageFactory(product=ProductFactory(seller=seller))
    for _ in range(49):
        SellerPhotoFactory(seller=seller)
    fifty = warm_count(client, seller.get_absolute_url())
    assert one == fifty <= MAX_QUERIES


def test_gi_page_query_count_is_flat(client, seller):
    gi = GIProductFactory()
    ProductImageFactory(product=ProductFactory(seller=seller, gi=gi, gi_authorised_user=True))
    one = warm_count(client, gi.get_absolute_url())
    for _ in range(49):
        ProductImageFactory(product=ProductFactory(gi=gi, gi_authorised_user=True))
    fifty = warm_count(client, gi.get_absolute_url())
    assert one == fifty <= MAX_QUERIES


@pytest.mark.parametrize("count", [1, 50])
def test_gi_list_query_count(client, db, count, django_assert_max_num_queries):
    for _ in range(count):
        GIProductFactory()
    client.get("/gi/")
    with django_assert_max_num_queries(6):
        assert client.get("/gi/").status_code == 200
