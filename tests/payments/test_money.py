"""Minor units per currency and the platform fee (Decimal end to end)."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from marketplace.payments.money import from_minor, platform_fee_minor, to_minor


@pytest.mark.parametrize(
    ("amount", "currency", "minor"),
    [
        (Decimal("1200.00"), "USD", 120000),
        (Decimal("0.005"), "EUR", 1),  # half up
        (Decimal("15001"), "JPY", 15001),  # zero-decimal
        (Decimal("150.5"), "JPY", 151),
        (Decimal("12.345"), "KWD", 12350),  # three decimals, multiple of 10
        (Decimal("99.99"), "inr", 9999),
    ],
)
def test_to_minor(amount, currency, minor):
    assert to_minor(amount, currency) == minor


@given(
    st.decimals(min_value=Decimal("0.01"), max_value=Decimal("99999999"), places=2),
    st.sampled_from(["USD", "EUR", "GBP", "INR", "AED"]),
)
def test_two_decimal_round_trip_is_exact(amount, currency):
    assert from_minor(to_minor(amount, currency), currency) == amount


@given(st.integers(min_value=1, max_value=10**12))
def test_fee_is_never_more_than_the_amount(amount_minor):
    fee = platform_fee_minor(amount_minor, "USD")
    assert 0 <= fee <= amount_minor


def test_fee_percent_and_fixed_inr(settings):
    settings.PLATFORM_FEE_PERCENT = "2.5"
    settings.PLATFORM_FEE_FIXED_INR = "30"
    assert platform_fee_minor(100000, "INR") == 2500 + 3000
    settings.PLATFORM_FEE_FIXED_INR = "100000"
    assert platform_fee_minor(100000, "INR") == 100000  # capped at the charge
