"""Catalogue test helpers: real (tiny) images stored as Wagtail images, photos, tiers."""

import io

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage

from catalogue.models import ProductImage
from core.uploads import clean_image_upload, save_wagtail_image
from sellers.models import SellerPhoto
from tests.factories import ProductFactory, SellerFactory


def image_bytes(fmt="PNG", size=(32, 24), color=(180, 90, 40)) -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", size, color).save(buffer, format=fmt)
    return buffer.getvalue()


def upload(name="photo.png", data=None, content_type="image/png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, image_bytes() if data is None else data, content_type)


def wagtail_image(title="A photo"):
    return save_wagtail_image(clean_image_upload(upload()), title=title)


class ProductImageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProductImage

    product = factory.SubFactory(ProductFactory)
    image = factory.LazyFunction(wagtail_image)
    alt_text = factory.Sequence(lambda n: f"Silk saree, view {n}")
    sort_order = factory.Sequence(int)


class SellerPhotoFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SellerPhoto

    seller = factory.SubFactory(SellerFactory)
    image = factory.LazyFunction(wagtail_image)
    alt_text = "Weavers at the loom"
    sort_order = factory.Sequence(int)
