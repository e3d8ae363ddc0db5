"""Rates say how old they are (issue 17.10): the year in the date, "may be out of date" past
EXCHANGE_RATE_STALE_DAYS, demo rates dated at load time and labelled as demo rates."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import timezone, translation

from cms.i18n import world_demo_ensure
from core.models import ExchangeRate

pytestmark = pytest.mark.django_db


def _price_html(amount="2500"):
    request = RequestFactory().get("/")
    request.COOKIES["currency"] = "USD"
    request.session, request.user = {}, AnonymousUser()
    with translation.override("en"):
        return Template("{% load money %}{% price amount %}").render(
            Context({"request": request, "amount": Decimal(amount)})
        )


def _rate(days_old: int, source: str = "ECB"):
    day = timezone.localdate() - datetime.timedelta(days=days_old)
    ExchangeRate.objects.create(
        currency="USD", rate_date=day, units_per_inr=Decimal("0.012"), source=source
    )
    return day


def test_an_old_rate_shows_its_year_and_may_be_out_of_date(settings):
    settings.EXCHANGE_RATE_STALE_DAYS = 3
    day = _rate(days_old=365)
    html = _price_html()
    assert f"{day:%-d %b %Y}</time>" in html
    assert "may be out of date" in html and "demo rate" not in html


def test_a_fresh_rate_is_not_marked(settings):
    settings.EXCHANGE_RATE_STALE_DAYS = 3
    _rate(days_old=2)
    html = _price_html()
    assert "rate of" in html and "may be out of date" not in html


def test_demo_rates_are_dated_at_load_time_and_labelled(settings):
    settings.EXCHANGE_RATE_STALE_DAYS = 3
    call_command("update_exchange_rates", "--demo")
    dates = set(ExchangeRate.objects.values_list("rate_date", flat=True))
    assert dates == {timezone.localdate()}
    assert set(ExchangeRate.objects.values_list("source", flat=True)) == {"demo"}
    html = _price_html()
    assert "(demo rate)" in html and "may be out of date" not in html


def test_the_demo_load_refreshes_demo_rates_but_keeps_real_ones():
    ExchangeRate.objects.create(
        currency="USD",
        rate_date=datetime.date(2025, 11, 24),
        units_per_inr=Decimal("0.012"),
        source="exchange_rates.csv",  # a demo load of an earlier version
    )
    world_demo_ensure()
    assert ExchangeRate.objects.filter(rate_date=timezone.localdate(), source="demo").exists()
    ExchangeRate.objects.all().delete()
    _rate(days_old=10, source="https://api.frankfurter.app/latest?from=INR")
    world_demo_ensure()
    assert not ExchangeRate.objects.filter(source="demo").exists()
