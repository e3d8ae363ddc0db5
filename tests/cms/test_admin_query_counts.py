"""The storefront editor and the staff dashboards index ask a fixed number of queries: not one
more per StreamField block, nor per district (issue 21: admin speed)."""

from collections import Counter

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import DistrictFactory, ProductFactory, SellerFactory, UserFactory


def _body(district, n):
    seller = SellerFactory(district=district)
    products = [ProductFactory(seller=seller) for _ in range(n)]
    blocks = []
    for product in products:
        blocks += [
            ("product", product),
            ("seller", seller),
            ("featured_products", {"heading": "x", "products": [product], "automatic_count": 0}),
            ("featured_sellers", {"heading": "y", "sellers": [seller]}),
            ("call_to_action", {"heading": "h", "link_label": "go", "page": None, "url": "/x/"}),
            ("district_at_a_glance", {"heading": "g", "months": 24, "destinations": 5}),
        ]
    return blocks


def _editor_queries(client, page, n):
    page.body = _body(page.district, n)
    page.save_revision().publish()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(f"/admin/pages/{page.pk}/edit/")
    assert response.status_code == 200
    return ctx


def test_storefront_editor_queries_do_not_grow_with_blocks(client, varanasi_page):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    client.get(f"/admin/pages/{varanasi_page.pk}/edit/")  # warm per-process caches
    few = _editor_queries(client, varanasi_page, 3)
    many = _editor_queries(client, varanasi_page, 6)
    repeated = Counter(q["sql"] for q in many.captured_queries).most_common(3)
    assert len(many) == len(few), repeated


def _index_queries(client, n):
    for _ in range(n):
        DistrictFactory()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/admin/officials/")
    assert response.status_code == 200
    return ctx


def test_dashboards_index_queries_do_not_grow_with_districts(client, db):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    client.get("/admin/officials/")
    few = _index_queries(client, 5)
    many = _index_queries(client, 20)
    repeated = Counter(q["sql"] for q in many.captured_queries).most_common(3)
    assert len(many) == len(few), repeated


def test_storefront_editor_queries_do_not_grow_with_districts(client, varanasi_page):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    url = f"/admin/pages/{varanasi_page.pk}/edit/"
    client.get(url)
    counts = []
    for extra in (5, 10):
        for _ in range(extra):
            DistrictFactory()  # each in its own state: the district select names it
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        counts.append(len(ctx))
    assert counts[0] == counts[1], Counter(q["sql"] for q in ctx.captured_queries).most_common(2)
