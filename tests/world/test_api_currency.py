"""The open API's `currency` parameter converts with core.money (Decimal, per-currency
rounding, rate date given); `lang` is validated by the API itself."""

import datetime
from decimal import Decimal

import pytest

from core.models import ExchangeRate
from tests.factories import ProductFactory

pytestmark = pytest.mark.django_db


def test_product_price_in_yen_and_dollars(client):
    ExchangeRate.objects.create(
        currency="JPY", rate_date=datetime.date(2025, 11, 24), units_per_inr=Decimal("1.754")
    )
    ExchangeRate.objects.create(
        currency="USD", rate_date=datetime.date(2025, 11, 24), units_per_inr=Decimal("0.0112")
    )
    product = ProductFactory(price_min_inr=Decimal("2500.00"), price_max_inr=Decimal("3000.00"))
    yen = client.get(f"/api/v1/products/{product.slug}", {"currency": "JPY"}).json()["price"]
    assert yen["currency"] == "JPY"
    assert Decimal(str(yen["min"])) == Decimal("4385") and Decimal(str(yen["max"])) == Decimal(
        "5262"
    )
    assert yen["rate"]["date"] == "2025-11-24"
    assert Decimal(str(yen["inr"]["min"])) == Decimal("2500")
    usd = client.get(f"/api/v1/products/{product.slug}", {"currency": "usd"}).json()["price"]
    assert (usd["currency"], Decimal(str(usd["min"]))) == ("USD", Decimal("28.00"))


def test_currency_without_rate_stays_in_inr_and_says_so(client):
    product = ProductFactory()
    price = client.get(f"/api/v1/products/{product.slug}", {"currency": "EUR"}).json()["price"]
    assert price["currency"] == "INR"


def test_unknown_currency_is_a_400(client):
    product = ProductFactory()
    response = client.get(f"/api/v1/products/{product.slug}", {"currency": "XXX"})
    assert response.status_code == 400
    assert "currency" in response.json()["error"]["fields"]
