import datetime as dt
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.utils import timezone

from marketplace.forms import issue_fill_token
from tests.factories import (
    BuyerCompanyFactory,
    DistrictOfficialFactory,
    ProductFactory,
    SellerMembershipFactory,
    UserFactory,
)
from tests.factories.marketplace import EnquiryFactory, QuotationFactory


@pytest.fixture(autouse=True)
def _fresh_limits(settings):
    """Rate-limit logs live in the (process-wide) cache; the fill-time check is tested on
    its own, so other tests may post at once."""
    cache.clear()
    settings.ENQUIRY_MIN_FILL_SECONDS = 0
    yield
    cache.clear()


@pytest.fixture
def enquiry_post():
    def build(**overrides):
        data = {
            "quantity": "200",
            "unit": "piece",
            "target_price": "9.50",
            "target_currency": "USD",
            "destination_country": "DE",
            "destination_port": "Hamburg",
            "incoterm": "FOB",
            "needed_by": (timezone.localdate() + dt.timedelta(days=60)).isoformat(),
            "message": "We would like 200 pieces for our spring collection.",
            "company_website": "",
            "started": issue_fill_token(),
        }
        data.update(overrides)
        return data

    return build


@pytest.fixture
def world(db):
    """Two sellers, two buyers, an official of the first seller's district, a staff member;
    an open quotation (with a sample) and an order, both between buyer and seller."""
    seller_m = SellerMembershipFactory()
    other_seller_m = SellerMembershipFactory()
    buyer = BuyerCompanyFactory().user
    other_buyer = BuyerCompanyFactory().user
    product = ProductFactory(seller=seller_m.seller)
    open_quote = QuotationFactory(
        enquiry__product=product,
        enquiry__buyer=buyer,
        sample_offered=True,
        sample_price=Decimal("40.00"),
    )
    ordered_quote = QuotationFactory(enquiry__product=product, enquiry__buyer=buyer)
    from marketplace.services import quote_accept

    order = quote_accept(quotation=ordered_quote, by=buyer)
    official = DistrictOfficialFactory(district=seller_m.seller.district).user
    staff = UserFactory(is_staff=True)
    return {
        "seller": seller_m.user,
        "other_seller": other_seller_m.user,
        "buyer": buyer,
        "other_buyer": other_buyer,
        "official": official,
        "staff": staff,
        "product": product,
        "enquiry": open_quote.enquiry,
        "quote": open_quote,
        "order": order,
        "seller_obj": seller_m.seller,
    }


@pytest.fixture
def fresh_enquiry(world):
    return EnquiryFactory(product=world["product"], buyer=world["buyer"])
