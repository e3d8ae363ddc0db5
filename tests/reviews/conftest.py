import pytest
from django.core.cache import cache

from marketplace.models import Order
from sellers.models import Seller
from tests.factories import DistrictOfficialFactory, UserFactory
from tests.factories.marketplace import make_trade


@pytest.fixture(autouse=True)
def _fresh_limits():
    cache.clear()  # rate-limit counters are rows, but fragment caches live here
    yield
    cache.clear()


def deliver(order: Order, status: str = "delivered") -> Order:
    Order.objects.filter(pk=order.pk).update(status=status)
    order.refresh_from_db()
    return order


@pytest.fixture
def trade(db):
    """A delivered order between a buyer and an approved seller, the seller's district
    official, an official of another district, and a staff member."""
    seller_user, buyer, order = make_trade()
    Seller.objects.filter(pk=order.seller_id).update(status=Seller.Status.APPROVED)
    deliver(order)
    official = DistrictOfficialFactory(district=order.seller.district).user
    stranger_official = DistrictOfficialFactory().user
    return {
        "seller_user": seller_user,
        "buyer": buyer,
        "order": order,
        "seller": Seller.objects.get(pk=order.seller_id),
        "official": official,
        "other_official": stranger_official,
        "staff": UserFactory(is_staff=True),
        "stranger": UserFactory(),
    }


GOOD = {"overall": "5", "as_described": "4", "communication": "5", "delivery_time": "4"}
