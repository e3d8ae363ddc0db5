"""factory_boy factories shared by every test module (import from tests.factories)."""

from decimal import Decimal

import factory
from django.utils import timezone

from accounts.models import User
from buyers.models import BuyerCompany
from catalogue.models import Category, GIProduct, HSChapter, PriceTier, Product
from regions.models import District, OfficialPost, State
from sellers.models import Seller, SellerMembership


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Faker("name")
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class StateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = State
        django_get_or_create = ("iso_code",)

    iso_code = "IN-UP"
    name = "Uttar Pradesh"
    slug = "uttar-pradesh"
    gst_code = "09"


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = District

    state = factory.SubFactory(StateFactory)
    name = factory.Sequence(lambda n: f"District {n}")
    slug = factory.Sequence(lambda n: f"district-{n}")


class DistrictOfficialFactory(factory.django.DjangoModelFactory):
    """A district post (regions.OfficialPost with a district)."""

    class Meta:
        model = OfficialPost

    user = factory.SubFactory(UserFactory)
    district = factory.SubFactory(DistrictFactory)
    title = "District Industries Centre"


class StateOfficialFactory(factory.django.DjangoModelFactory):
    """A state post (regions.OfficialPost with a state): every district of the state."""

    class Meta:
        model = OfficialPost

    user = factory.SubFactory(UserFactory)
    state = factory.SubFactory(StateFactory)
    title = "State Industries Department"


class SellerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Seller

    name = factory.Sequence(lambda n: f"Weavers Cooperative {n}")
    slug = factory.Sequence(lambda n: f"weavers-cooperative-{n}")
    business_type = Seller.BusinessType.COOPERATIVE
    district = factory.SubFactory(DistrictFactory)
    story = "Three generations of handloom weavers."
    status = Seller.Status.APPROVED


class SellerMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SellerMembership

    seller = factory.SubFactory(SellerFactory)
    user = factory.SubFactory(UserFactory)
    role = SellerMembership.Role.OWNER


class BuyerCompanyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BuyerCompany

    user = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"Importer GmbH {n}")
    country = "DE"
    buyer_type = BuyerCompany.BuyerType.IMPORTER


class HSChapterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HSChapter
        django_get_or_create = ("code",)

    code = "50"
    short_title = "Silk"
    title = "Silk"
    section = "XI"
    section_title = "Textiles and textile articles"


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category

    name = factory.Sequence(lambda n: f"Category {n}")
    slug = factory.Sequence(lambda n: f"category-{n}")


class GIProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GIProduct

    gi_id = factory.Sequence(lambda n: f"GI-T-{n:04d}")
    name = factory.Sequence(lambda n: f"Banaras Brocade {n}")
    slug = factory.Sequence(lambda n: f"banaras-brocade-{n}")
    category = "Handicraft"


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Product

    seller = factory.SubFactory(SellerFactory)
    district = factory.SelfAttribute("seller.district")
    category = factory.SubFactory(CategoryFactory)
    name = factory.Sequence(lambda n: f"Silk saree {n}")
    slug = factory.Sequence(lambda n: f"silk-saree-{n}")
    description = "Handwoven silk saree with zari work."
    moq = 10
    status = Product.Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)
    price_min_inr = Decimal("2500.00")
    price_max_inr = Decimal("3000.00")


class PriceTierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PriceTier

    product = factory.SubFactory(ProductFactory)
    min_quantity = 10
    unit_price_inr = Decimal("3000.00")
