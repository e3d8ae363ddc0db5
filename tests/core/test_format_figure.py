"""`core.money.format_figure`, the one way figures are written: lakh/crore and Indian grouping
for en-IN and hi, CLDR's millions/billions elsewhere, never money without its currency."""

import re
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.money import format_figure

BIG = Decimal(3743084043)


@pytest.mark.parametrize(
    "language, compact, full, small",
    [
        ("en", "₹3.74B", "₹3,743,084,043", "₹74,300"),
        ("en-IN", "₹374.31 crore", "₹3,74,30,84,043", "₹74,300"),
        ("hi", "₹374.31 करोड़", "₹3,74,30,84,043", "₹74,300"),
        ("fr", "3,74\u00a0Md\u00a0₹", "3\u202f743\u202f084\u202f043\u00a0₹", "74\u202f300\u00a0₹"),
        ("es", "3743,08\u00a0MINR", "3.743.084.043\u00a0INR", "74.300\u00a0INR"),
        ("ar", "3.74\u00a0مليار\u00a0₹", "\u200f3,743,084,043\u00a0₹", "\u200f74,300\u00a0₹"),
    ],
)
def test_examples_per_language(language, compact, full, small):
    assert format_figure(BIG, "INR", language=language) == compact
    assert format_figure(BIG, "INR", language=language, compact=False) == full
    assert format_figure(Decimal(74300), "INR", language=language) == small


def test_lakh_counts_and_other_currencies():
    assert format_figure(Decimal(1151538050001), "INR", language="en-IN") == "₹1.15 lakh crore"
    assert format_figure(Decimal(320000), "INR", language="en-IN") == "₹3.2 lakh"
    assert format_figure(Decimal(320000), "INR", language="hi") == "₹3.2 लाख"
    assert format_figure(1234567, language="en-IN") == "12.35 lakh"
    assert format_figure(1234567, language="en") == "1.23M"
    assert format_figure(12, language="hi") == "12"
    assert format_figure(Decimal("12.50"), "usd", language="en") == "$12.50"
    assert format_figure(None, "INR") == ""


def _crore_value(text: str) -> Decimal:
    """'₹374.31 crore' -> 3743100000 (the reader's reading of the text)."""
    match = re.fullmatch(r"(-?)₹([\d,]+(?:\.\d+)?)(?: (lakh crore|crore|lakh))?", text)
    assert match, text
    sign, number, unit = match.groups()
    scale = {"lakh crore": 10**12, "crore": 10**7, "lakh": 10**5, None: 1}[unit]
    return Decimal(sign + number.replace(",", "")) * scale


amounts = st.integers(min_value=-(10**14), max_value=10**14).map(Decimal)


@given(amounts)
def test_indian_full_form_round_trips(amount):
    text = format_figure(amount, "INR", language="en-IN", compact=False)
    assert _crore_value(text) == amount
    # Indian grouping: after the last three digits, groups of two.
    digits = text.lstrip("-₹")
    assert re.fullmatch(r"(\d{1,2},)?(\d{2},)*\d{1,3}", digits) or len(digits) <= 3 or "," in digits


@given(amounts)
def test_indian_compact_form_reads_back_within_rounding(amount):
    text = format_figure(amount, "INR", language="en-IN")
    read = _crore_value(text)
    unit = next(
        (
            Decimal(size)
            for word, size in (("lakh crore", 10**12), ("crore", 10**7), ("lakh", 10**5))
            if word in text
        ),
        1,
    )
    assert abs(read - amount) <= unit / 200  # two decimals of the unit


@given(st.integers(min_value=0, max_value=10**14), st.integers(min_value=0, max_value=10**14))
def test_indian_compact_form_is_monotonic(a, b):
    a, b = sorted((a, b))
    read_a = _crore_value(format_figure(Decimal(a), "INR", language="en-IN"))
    read_b = _crore_value(format_figure(Decimal(b), "INR", language="en-IN"))
    assert read_a <= read_b


@given(
    amounts,
    st.sampled_from(["INR", "USD", "EUR", "AED"]),
    st.sampled_from(["en", "en-IN", "hi", "fr", "es", "ar"]),
    st.booleans(),
)
def test_money_never_appears_without_its_currency(amount, currency, language, compact):
    text = format_figure(amount, currency, language=language, compact=compact)
    assert any(mark in text for mark in ("₹", "$", "€", "INR", "AED", "د.إ", "US$", "EUR")), text


@given(
    st.integers(min_value=10**7, max_value=10**14).map(Decimal),
    st.sampled_from(["en", "en-IN", "hi", "fr", "es", "ar"]),
)
def test_large_amounts_are_abbreviated_by_default(amount, language):
    text = format_figure(amount, "INR", language=language)
    digits = re.sub(r"\D", "", text)
    assert len(digits) <= 7, text  # never "₹3,743,084,043"
