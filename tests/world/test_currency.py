"""Money: Decimal end to end, rounding to each currency's minor unit, conversions bounded."""

import datetime
from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core import money

DAY = datetime.date(2025, 11, 24)
CODES = ["USD", "EUR", "GBP", "AED", "JPY", "KWD", "AUD"]

inr_amounts = st.decimals(
    min_value=Decimal("0.01"), max_value=Decimal("9999999999.99"), places=2, allow_nan=False
)
rates = st.decimals(
    min_value=Decimal("0.0001"), max_value=Decimal("200"), places=10, allow_nan=False
).filter(lambda d: d > 0)


def test_minor_units_follow_cldr():
    assert money.minor_units("USD") == 2
    assert money.minor_units("JPY") == 0
    assert money.minor_units("KWD") == 3
    assert money.minor_units("inr") == 2


def test_rounding_is_half_up_not_bankers():
    assert money.quantize(Decimal("0.125"), "USD") == Decimal("0.13")
    assert money.quantize(Decimal("0.135"), "USD") == Decimal("0.14")
    assert money.quantize(Decimal("2.5"), "JPY") == Decimal("3")
    assert money.quantize(Decimal("3.5"), "JPY") == Decimal("4")


def test_known_conversion():
    usd = money.Rate("USD", Decimal("0.0121"), DAY)
    assert money.convert_from_inr(Decimal("2500"), usd) == Decimal("30.25")
    jpy = money.Rate("JPY", Decimal("1.754"), DAY)
    assert money.convert_from_inr(Decimal("2500"), jpy) == Decimal("4385")
    assert money.convert_from_inr(Decimal("2500"), jpy).as_tuple().exponent == 0


@pytest.mark.parametrize("bad", [1.5, "12", None, True])
def test_floats_and_strings_are_refused(bad):
    with pytest.raises(TypeError):
        money.convert_from_inr(bad, money.Rate("USD", Decimal("0.012"), DAY))


def test_float_rate_is_refused():
    with pytest.raises(TypeError):
        money.convert_from_inr(Decimal(1), money.Rate("USD", 0.012, DAY))


def test_non_positive_rate_is_refused():
    with pytest.raises(money.MoneyError):
        money.convert_from_inr(Decimal(1), money.Rate("USD", Decimal(0), DAY))


@settings(max_examples=300, deadline=None)
@given(amount=inr_amounts, units=rates, code=st.sampled_from(CODES))
def test_conversion_is_exact_to_the_minor_unit(amount, units, code):
    converted = money.convert_from_inr(amount, money.Rate(code, units, DAY))
    assert isinstance(converted, Decimal)
    # exactly the currency's number of decimals, no more, no fewer
    assert converted.as_tuple().exponent == -money.minor_units(code)
    # and it is the exact product rounded half up: never off by more than half a minor unit
    exact = amount * units
    half_unit = Decimal(1).scaleb(-money.minor_units(code)) / 2
    assert abs(converted - exact) <= half_unit
    expected = exact.quantize(Decimal(1).scaleb(-money.minor_units(code)), rounding=ROUND_HALF_UP)
    assert converted == expected


@settings(max_examples=300, deadline=None)
@given(amount=inr_amounts, units=rates, code=st.sampled_from(CODES))
def test_round_trip_is_bounded(amount, units, code):
    rate = money.Rate(code, units, DAY)
    there = money.convert_from_inr(amount, rate)
    back = money.convert_to_inr(there, rate)
    assert isinstance(back, Decimal)
    assert back.as_tuple().exponent == -2
    # Error: half a minor unit of the foreign currency, carried back to INR, plus half a paisa.
    bound = Decimal(1).scaleb(-money.minor_units(code)) / 2 / units + Decimal("0.005")
    assert abs(back - amount) <= bound


@settings(max_examples=100, deadline=None)
@given(amount=inr_amounts, units=rates)
def test_conversion_is_monotonic(amount, units):
    rate = money.Rate("USD", units, DAY)
    assert money.convert_from_inr(amount, rate) <= money.convert_from_inr(
        amount + Decimal("0.01"), rate
    )


@settings(max_examples=100, deadline=None)
@given(amount=inr_amounts, code=st.sampled_from(["INR", *CODES]))
def test_formatting_never_uses_floats_or_loses_digits(amount, code):
    text = money.format_amount(amount, code, language="en")
    digits = money.minor_units(code)
    expected = money.quantize(amount, code)
    assert Decimal(text.replace(",", "")) == expected
    if digits:
        assert len(text.rsplit(".", 1)[1]) == digits
    else:
        assert "." not in text


def test_format_money_per_locale():
    assert money.format_money(Decimal("2500"), "INR", language="en") == "₹2,500"
    assert money.format_money(Decimal("250000"), "INR", language="hi") == "₹2,50,000"
    assert money.format_money(Decimal("2500.5"), "INR", language="en") == "₹2,500.50"
    assert money.format_money(Decimal("2500"), "INR", language="fr") == "2\u202f500\u00a0₹"
    assert money.format_money(Decimal("4385"), "JPY", language="en") == "¥4,385"
    assert money.format_amount(Decimal("30.12"), "USD", language="fr") == "30,12"
    assert money.format_rate_date(DAY, language="en") == "24 Nov 2025"
    assert money.format_rate_date(DAY, language="fr") == "24 nov. 2025"


def test_display_currencies_start_with_inr(settings):
    settings.DISPLAY_CURRENCIES = ["USD", "EUR", "INR"]
    assert money.display_currencies() == ["INR", "USD", "EUR"]
    assert money.is_display_currency("usd")
    assert not money.is_display_currency("XYZ")
    assert not money.is_display_currency("")
