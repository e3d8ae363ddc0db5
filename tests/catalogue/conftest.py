import pytest

from tests.factories import (
    CategoryFactory,
    DistrictFactory,
    DistrictOfficialFactory,
    HSChapterFactory,
    SellerFactory,
    SellerMembershipFactory,
    UserFactory,
)


@pytest.fixture
def district(db):
    return DistrictFactory(name="Varanasi", slug="varanasi")


@pytest.fixture
def seller(district):
    return SellerFactory(district=district, name="Kashi Weavers", slug="kashi-weavers")


@pytest.fixture
def seller_user(seller):
    return SellerMembershipFactory(seller=seller).user


@pytest.fixture
def other_seller_user(db):
    return SellerMembershipFactory().user


@pytest.fixture
def official(district):
    return DistrictOfficialFactory(district=district).user


@pytest.fixture
def other_official(db):
    return DistrictOfficialFactory().user


@pytest.fixture
def plain_user(db):
    return UserFactory()


@pytest.fixture
def category(db):
    return CategoryFactory(name="Sarees", slug="sarees", hs_chapter=HSChapterFactory())
