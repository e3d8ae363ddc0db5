"""Builders for the CMS page tree and Wagtail images (small data for fast tests)."""

from io import BytesIO

from django.core.files.images import ImageFile
from PIL import Image as PILImage
from wagtail.images import get_image_model

from catalogue.models import ProductImage
from cms.demo import ensure_home
from cms.models import ClusterPage, DistrictPage, StatePage
from tests.factories import DistrictFactory, ProductFactory, StateFactory


def make_image(title="Photo", colour=(180, 90, 40), size=(800, 600)):
    buffer = BytesIO()
    PILImage.new("RGB", size, colour).save(buffer, format="JPEG")
    return get_image_model().objects.create(
        title=title, file=ImageFile(buffer, name=f"{title.lower().replace(' ', '-')}.jpg")
    )


def make_home():
    return ensure_home()


def make_state_page(home=None, state=None, **kwargs):
    home = home or make_home()
    state = state or StateFactory()
    return home.add_child(
        instance=StatePage(title=state.name, slug=state.slug, state=state, **kwargs)
    )


def make_district_page(state_page=None, district=None, **kwargs):
    state_page = state_page or make_state_page()
    district = district or DistrictFactory(state=state_page.state)
    return state_page.add_child(
        instance=DistrictPage(title=district.name, slug=district.slug, district=district, **kwargs)
    )


def make_cluster_page(district_page, cluster):
    return district_page.add_child(
        instance=ClusterPage(title=cluster.name, slug=cluster.slug, cluster=cluster)
    )


def make_products(district, count, photos_per_product=1, seller=None):
    """`count` published products of `district`, each with photos (one shared image file)."""
    image = make_image("Product photo") if photos_per_product else None
    extra = {"seller": seller} if seller else {"seller__district": district}
    products = ProductFactory.create_batch(count, district=district, **extra)
    ProductImage.objects.bulk_create(
        ProductImage(product=product, image=image, alt_text=f"{product.name}", sort_order=n)
        for product in products
        for n in range(photos_per_product)
    )
    return products
