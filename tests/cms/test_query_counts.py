"""Home, state and district pages run a fixed number of queries whatever their data size,
and a warm render creates no image renditions."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.images import get_image_model

from catalogue.models import ProductImage
from cms.demo import _bulk_add_children
from cms.models import DistrictPage
from regions.models import Cluster
from tests.factories import DistrictFactory, GIProductFactory, SellerFactory
from tests.factories.cms import make_cluster_page, make_district_page, make_image, make_products

Rendition = get_image_model().get_rendition_model()


def _build(home, up_page, size: int):
    """A storefront with `size` products, sellers, photos per product and districts."""
    page = make_district_page(up_page)
    district = page.district
    workshop = make_image("Workshop", size=(64, 48))
    sellers = SellerFactory.create_batch(size, district=district)
    for seller in sellers:
        seller.photos.create(image=workshop, alt_text="Workshop")
    products = make_products(district, size, photos_per_product=0, seller=sellers[0])
    photo = make_image("Product", size=(64, 48))
    ProductImage.objects.bulk_create(
        ProductImage(product=product, image=photo, alt_text="photo", sort_order=n)
        for product in products
        for n in range(size)
    )
    for n in range(size):
        gi = GIProductFactory()
        gi.districts.add(district)
        cluster = Cluster.objects.create(
            district=district, name=f"Cluster {n}", slug=f"cluster-{n}-{page.pk}", kind="toy"
        )
        if n < 3:
            make_cluster_page(page, cluster)
    others = DistrictFactory.create_batch(size - 1, state=up_page.state)
    _bulk_add_children(
        [
            (
                up_page,
                [DistrictPage(title=d.name, slug=d.slug, district=d, live=True) for d in others],
            )
        ]
    )
    for other in others:
        make_products(other, 1, photos_per_product=0, seller=sellers[0])
    page.body = [
        ("featured_products", {"heading": "Picks", "products": products[:size]}),
        ("featured_sellers", {"heading": "Makers", "sellers": sellers[:size]}),
    ]
    page.save_revision().publish()
    return page


def _queries(client, url) -> int:
    client.get(url)  # warm: renditions and Wagtail's site root cache
    renditions = Rendition.objects.count()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    assert Rendition.objects.count() == renditions, "a warm render created renditions"
    return len(captured)


def test_page_queries_do_not_grow_with_data(client, home, up_page):
    page_one = _build(home, up_page, 1)
    small = {
        "home": _queries(client, "/"),
        "state": _queries(client, up_page.url),
        "district": _queries(client, page_one.url),
    }

    page_many = _build(home, up_page, 50)
    large = {
        "home": _queries(client, "/"),
        "state": _queries(client, up_page.url),
        "district": _queries(client, page_many.url),
    }

    assert small == large
    assert max(large.values()) <= 40


def test_warm_storefront_creates_no_renditions(client, home, up_page):
    page = _build(home, up_page, 3)
    client.get(page.url)
    before = Rendition.objects.count()
    assert before > 0  # the cold render made the WebP sizes
    html = client.get(page.url).content.decode()
    assert Rendition.objects.count() == before
    assert ".webp" in html
