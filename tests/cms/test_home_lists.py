"""The home page's featured districts and state tiles, and a state page's districts: what they
count and in what order.

All three read one grouped count of published products (`cms.selectors.published_counts`), so
these pin its meaning: a product counts when it is published and its seller approved."""

from collections import Counter
from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from catalogue.models import Product
from cms import selectors
from cms.models import HomePageFeaturedDistrict
from sellers.models import Seller
from tests.factories import DistrictFactory, ProductFactory, SellerFactory, StateFactory
from tests.factories.cms import make_district_page, make_state_page


def _storefront(state_page, name):
    return make_district_page(state_page, DistrictFactory(state=state_page.state, name=name))


def _listed(district, count, **fields):
    seller = SellerFactory(district=district, **fields.pop("seller_fields", {}))
    return ProductFactory.create_batch(count, seller=seller, district=district, **fields)


def test_featured_districts_are_those_with_the_most_public_products(home, up_page):
    small, large, tied_b, tied_a = (
        _storefront(up_page, name) for name in ("Small", "Large", "Beta", "Alpha")
    )
    _listed(small.district, 1)
    _listed(large.district, 5)
    _listed(tied_b.district, 3)
    _listed(tied_a.district, 3)
    # Neither a draft, nor a listing of a seller nobody has approved, counts or is shown.
    _listed(small.district, 4, status="draft")
    _listed(small.district, 4, seller_fields={"status": Seller.Status.PENDING})

    featured = selectors.featured_districts(home=home)

    assert [(page.title, page.product_count) for page in featured] == [
        ("Large", 5),
        ("Alpha", 3),  # of equal counts, by title
        ("Beta", 3),
        ("Small", 1),
    ]
    shown = {p.status for page in featured for p in page.district.latest_products}
    assert shown == {"published"}
    assert {p.seller.status for page in featured for p in page.district.latest_products} == {
        Seller.Status.APPROVED
    }


def test_featured_districts_show_each_districts_newest_products(home, up_page):
    page = _storefront(up_page, "Varanasi")
    now = timezone.now()
    products = _listed(page.district, 6)
    for age, product in enumerate(products):
        product.published_at = now - timedelta(days=age)
        product.save(update_fields=["published_at"])
    other = _storefront(up_page, "Agra")
    _listed(other.district, 2)

    featured = {page.title: page for page in selectors.featured_districts(home=home)}

    newest = featured["Varanasi"].district.latest_products
    assert [p.pk for p in newest] == [
        p.pk for p in products[: selectors.PRODUCTS_PER_FEATURED_DISTRICT]
    ]
    assert {p.district_id for p in featured["Agra"].district.latest_products} == {other.district_id}
    assert len(featured["Agra"].district.latest_products) == 2


def test_at_most_six_districts_are_featured_in_any_number_of_queries(home, up_page):
    for n in range(8):
        _listed(_storefront(up_page, f"District {n}").district, n + 1)

    with CaptureQueriesContext(connection) as few:
        featured = selectors.featured_districts(home=home)

    assert [page.product_count for page in featured] == [8, 7, 6, 5, 4, 3]
    for n in range(8, 14):
        _listed(_storefront(up_page, f"District {n}").district, 2)
    with CaptureQueriesContext(connection) as many:
        selectors.featured_districts(home=home)
    assert len(many) == len(few)


def test_chosen_districts_keep_the_editors_order(home, up_page):
    first, second, unlisted = (_storefront(up_page, name) for name in ("Zeta", "Eta", "Theta"))
    _listed(first.district, 1)
    _listed(unlisted.district, 9)
    for order, page in enumerate((first, second)):
        HomePageFeaturedDistrict.objects.create(page=home, district_page=page, sort_order=order)

    featured = selectors.featured_districts(home=home)

    # Chosen, so shown even with no product (and the busiest district is not).
    assert [(page.title, page.product_count) for page in featured] == [("Zeta", 1), ("Eta", 0)]
    assert featured[1].district.latest_products == []


def test_state_tiles_count_only_public_products(home, up_page):
    varanasi = _storefront(up_page, "Varanasi")
    agra = _storefront(up_page, "Agra")
    _listed(varanasi.district, 2)
    _listed(agra.district, 3)
    _listed(agra.district, 5, status="draft")
    _listed(agra.district, 5, seller_fields={"status": Seller.Status.SUSPENDED})
    empty = make_state_page(
        home, StateFactory(iso_code="IN-GA", name="Goa", slug="goa", gst_code="30")
    )
    DistrictFactory(state=empty.state)

    tiles = {page.title: page for page in selectors.home_states(home=home)}

    assert tiles[up_page.title].product_count == 5
    assert tiles[up_page.title].district_count == 2
    assert (tiles["Goa"].product_count, tiles["Goa"].district_count) == (0, 1)


def test_the_home_page_reads_the_counts_once(client, home, up_page):
    _listed(_storefront(up_page, "Varanasi").district, 2)

    with CaptureQueriesContext(connection) as captured:
        html = client.get("/").content.decode()

    counted = [q["sql"] for q in captured.captured_queries if "SUM(c.n)" in q["sql"]]
    assert len(counted) == 1
    assert "2 products" in html and "Visit the Varanasi storefront" in html


def test_a_state_pages_districts_count_only_their_own_public_products(home, up_page):
    varanasi = _storefront(up_page, "Varanasi")
    agra = _storefront(up_page, "Agra")
    _listed(varanasi.district, 2)
    _listed(varanasi.district, 3, status="draft")
    _listed(varanasi.district, 3, seller_fields={"status": Seller.Status.PENDING})
    goa = make_state_page(
        home, StateFactory(iso_code="IN-GA", name="Goa", slug="goa", gst_code="30")
    )
    _listed(_storefront(goa, "North Goa").district, 4)

    listed = {page.title: page for page in selectors.state_districts(state_page=up_page)}

    assert set(listed) == {"Varanasi", "Agra"}
    assert (listed["Varanasi"].product_count, listed["Agra"].product_count) == (2, 0)
    # Sellers count when approved, with or without a public product.
    assert (listed["Varanasi"].seller_count, listed["Agra"].seller_count) == (2, 0)
    assert agra.district_id not in selectors.published_counts(state_id=up_page.state_id)


def test_the_grouped_count_means_what_the_public_listings_mean(home, up_page):
    """`published_counts` spells `_published_products`' conditions in SQL: the two agree on
    every mix of listing and seller status."""
    goa = make_state_page(
        home, StateFactory(iso_code="IN-GA", name="Goa", slug="goa", gst_code="30")
    )
    districts = [
        _storefront(page, name).district
        for page, name in ((up_page, "Varanasi"), (up_page, "Agra"), (goa, "North Goa"))
    ]
    for n, district in enumerate(districts):
        for seller_status in Seller.Status.values:
            for status in Product.Status.values:
                _listed(district, n + 1, status=status, seller_fields={"status": seller_status})

    grouped = selectors.published_counts()
    listed = Counter(
        selectors._published_products().values_list("district_id", "district__state_id")
    )

    assert {d: (state, n) for (d, state), n in listed.items()} == grouped
    assert sorted(n for _state, n in grouped.values()) == [1, 2, 3]
    assert selectors.published_counts(state_id=goa.state_id) == {districts[2].pk: (goa.state_id, 3)}

    # The newest few of each district (SQL on PostgreSQL, a window on SQLite) are the newest
    # of the same public listings.
    newest = {
        district.pk: [
            p.pk
            for p in selectors._published_products()
            .filter(district=district)
            .order_by("-published_at", "-id")[: selectors.PRODUCTS_PER_FEATURED_DISTRICT]
        ]
        for district in districts
    }
    latest = selectors._latest_products([d.pk for d in districts])
    assert {d: [p.pk for p in products] for d, products in latest.items()} == newest
    assert [len(ids) for ids in newest.values()] == [1, 2, 3]


def test_cards_read_without_their_place_join_nothing_else():
    """`with_place=False` leaves the district and state out of the join and adds nothing in
    their stead (`select_related()` with no field would follow every foreign key); each call
    gets its own copy of the queryset built once."""
    assert selectors.seller_cards(with_place=False).query.select_related is False
    assert selectors.seller_cards().query.select_related == {"district": {"state": {}}}
    assert set(selectors.product_cards(with_place=False).query.select_related) == {"seller", "gi"}
    first, second = selectors.product_cards(), selectors.product_cards()
    assert first is not second and first.query is not second.query
    assert str(first.filter(moq__gt=5).query) != str(second.query)  # a filter stays in its copy
