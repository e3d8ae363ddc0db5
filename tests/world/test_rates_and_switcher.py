"""Rates command, the {% price %} tag and the currency switcher."""

import datetime
import json
import threading
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.core.management import CommandError, call_command
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import timezone, translation

from core import money
from core.models import ExchangeRate
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
DAY = datetime.date(2025, 11, 24)


def _rates(**units):
    for code, value in units.items():
        ExchangeRate.objects.create(currency=code, rate_date=DAY, units_per_inr=Decimal(value))


def test_demo_snapshot_loads_and_is_idempotent():
    call_command("update_exchange_rates", "--demo")
    first = set(ExchangeRate.objects.values_list("currency", "rate_date", "units_per_inr"))
    call_command("update_exchange_rates", "--demo")
    assert set(ExchangeRate.objects.values_list("currency", "rate_date", "units_per_inr")) == first
    assert {"USD", "EUR", "GBP", "AED", "JPY"} <= {c for c, _, _ in first}
    # Demo rates are dated when loaded (issue 17.10), not with the snapshot's old date.
    assert money.latest_rates()["JPY"].rate_date == timezone.localdate()


def test_bad_row_writes_nothing(tmp_path):
    path = tmp_path / "rates.csv"
    path.write_text(
        "currency,rate_date,units_per_inr\nUSD,2025-11-24,0.0121\nEUR,2025-11-24,-1\n"
        "XXQ,2025-11-24,1\nGBP,24/11/2025,0.01\nUSD,2025-11-24,0.0122\n"
    )
    with pytest.raises(CommandError) as err:
        call_command("update_exchange_rates", str(path))
    message = str(err.value)
    assert "Row 3" in message and "Row 4" in message and "Row 5" in message
    assert "appears twice" in message
    assert ExchangeRate.objects.count() == 0


def test_inverted_rates_are_caught(tmp_path):
    path = tmp_path / "rates.csv"
    path.write_text("currency,rate_date,units_per_inr\nUSD,2025-11-24,1000000\n")
    with pytest.raises(CommandError, match="inverted"):
        call_command("update_exchange_rates", str(path))


def test_inr_per_unit_column_is_inverted(tmp_path):
    path = tmp_path / "rates.csv"
    path.write_text("\ufeffcurrency,rate_date,inr_per_unit\nUSD,2025-11-24,80\n")
    call_command("update_exchange_rates", str(path))
    assert ExchangeRate.objects.get().units_per_inr == Decimal("0.0125")


def test_json_file_decimal_not_float(tmp_path):
    path = tmp_path / "rates.json"
    path.write_text('{"base": "INR", "date": "2025-11-24", "rates": {"USD": 0.1, "INR": 1}}')
    call_command("update_exchange_rates", str(path))
    assert ExchangeRate.objects.get().units_per_inr == Decimal("0.1")


def test_json_with_wrong_base_is_refused(tmp_path):
    path = tmp_path / "rates.json"
    path.write_text(json.dumps({"base": "EUR", "date": "2025-11-24", "rates": {"USD": 1.1}}))
    with pytest.raises(CommandError, match="base must be INR"):
        call_command("update_exchange_rates", str(path))


def test_missing_source_is_explained(settings):
    settings.EXCHANGE_RATES_URL = None
    with pytest.raises(CommandError, match="EXCHANGE_RATES_URL"):
        call_command("update_exchange_rates")


@pytest.fixture
def rates_server():
    """A real HTTP server on 127.0.0.1 standing in for the exchange-rate source."""
    body = json.dumps({"base": "INR", "date": "2025-11-25", "rates": {"USD": 0.0113}}).encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/latest?from=INR"
    server.shutdown()


def test_url_source_from_environment(settings, rates_server):
    settings.EXCHANGE_RATES_URL = rates_server
    call_command("update_exchange_rates")
    rate = ExchangeRate.objects.get()
    assert (rate.currency, rate.rate_date, rate.source) == (
        "USD",
        datetime.date(2025, 11, 25),
        rates_server,
    )


def test_unreachable_source_is_a_clear_error():
    with pytest.raises(CommandError, match="Could not fetch"):
        call_command("update_exchange_rates", "--url", "http://127.0.0.1:9/nothing")


def test_newest_rate_wins():
    _rates(USD="0.0120")
    ExchangeRate.objects.create(
        currency="USD", rate_date=DAY + datetime.timedelta(days=1), units_per_inr=Decimal("0.0121")
    )
    assert money.latest_rates()["USD"].units_per_inr == Decimal("0.0121")


def test_each_currency_gets_its_own_newest_date_in_one_query(django_assert_num_queries):
    # USD's newest rate is a day older than EUR's: each currency keeps its own latest row,
    # and an older EUR row does not come back beside its newer one.
    _rates(USD="0.0120", EUR="0.0096")
    ExchangeRate.objects.create(
        currency="EUR", rate_date=DAY + datetime.timedelta(days=1), units_per_inr=Decimal("0.0097")
    )
    with django_assert_num_queries(1):
        rates = money.latest_rates()
    assert {code: (r.units_per_inr, r.rate_date) for code, r in rates.items()} == {
        "USD": (Decimal("0.0120"), DAY),
        "EUR": (Decimal("0.0097"), DAY + datetime.timedelta(days=1)),
    }


def _render(source, request, **context):
    return Template("{% load money %}" + source).render(Context({"request": request, **context}))


def _request(**cookies):
    request = RequestFactory().get("/")
    request.COOKIES.update(cookies)
    request.session = {}
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    return request


def test_price_tag_renders_inr_and_conversion_with_rate_date():
    _rates(USD="0.012048")
    with translation.override("en"):
        html = _render("{% price amount %}", _request(currency="USD"), amount=Decimal("2500"))
    assert "₹2,500" in html
    assert "≈ USD 30.12, rate of" in html
    assert '<time datetime="2025-11-24">24 Nov 2025</time>' in html


def test_price_tag_in_arabic_defaults_to_aed():
    _rates(AED="0.0412")
    with translation.override("ar"):
        html = _render("{% price amount %}", _request(), amount=Decimal("2500"))
    assert "AED 103.00" in html
    assert 'data-currency="AED"' in html


def test_price_tag_jpy_has_no_decimals():
    _rates(JPY="1.754")
    with translation.override("en"):
        html = _render("{% price amount 'JPY' %}", _request(), amount=Decimal("2500"))
    assert "JPY 4,385," in html


def test_price_tag_without_rate_shows_inr_only_and_no_amount_is_on_request():
    with translation.override("en"):
        html = _render("{% price amount %}", _request(currency="USD"), amount=Decimal("2500"))
        assert "₹2,500" in html and "≈" not in html
        assert "Price on request" in _render("{% price None %}", _request())


def test_price_range_and_query_count(django_assert_num_queries):
    _rates(USD="0.0121", EUR="0.0097")
    request = _request(currency="EUR")
    template = "{% for a in amounts %}{% price_range a b %}{% endfor %}"
    # Fifty prices, one query: the newest rate of every currency, read once per request.
    with translation.override("en"), django_assert_num_queries(1):
        html = _render(
            template, request, amounts=[Decimal(n) for n in range(1, 51)], b=Decimal(999)
        )
    assert html.count("price__converted") == 50
    assert (
        '<bdi dir="ltr" class="price__range"><bdi class="price__low">EUR 0.01</bdi>–'
        '<bdi class="price__high">9.69</bdi></bdi>'
    ) in html


def test_price_range_is_isolated_left_to_right_in_arabic():
    # Issue 17: in an RTL line, numbers around a neutral dash are laid out right to left
    # ('₹5,000–₹1,000'); the range must be its own left-to-right isolate, min first.
    with translation.override("ar"):
        html = _render("{% price_range a b %}", _request(), a=Decimal("1000"), b=Decimal("5000"))
    low = html.index('class="price__low"')
    assert '<bdi dir="ltr" class="price__range">' in html
    assert low < html.index('class="price__high"')
    assert html.index("1", low) < html.index("5", low)


def test_switcher_sets_session_cookie_and_user(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post("/currency/", {"currency": "jpy", "next": "/fr/products/x/"})
    assert response.status_code == 302 and response["Location"] == "/fr/products/x/"
    assert response.cookies["currency"].value == "JPY"
    assert client.session[money.SESSION_KEY] == "JPY"
    user.refresh_from_db()
    assert user.preferred_currency == "JPY"


def test_switcher_ignores_unknown_currency_and_open_redirects(client):
    response = client.post("/currency/", {"currency": "XXX", "next": "https://evil.example/"})
    assert response.status_code == 302 and response["Location"] == "/"
    assert "currency" not in response.cookies


def test_switcher_answers_get_so_pages_need_no_csrf_token(client):
    # A GET form keeps anonymous pages cacheable; it can only change the display currency,
    # and it never sends anyone off the site.
    response = client.get("/currency/", {"currency": "GBP", "next": "/gi/"})
    assert response.status_code == 302 and response["Location"] == "/gi/"
    assert client.session["display_currency"] == "GBP"
    foreign = client.get("/currency/", {"currency": "EUR", "next": "https://evil.example/"})
    assert foreign["Location"] == "/"
    assert client.put("/currency/").status_code == 405


def test_user_preference_applies_when_no_session():
    user = UserFactory(preferred_currency="GBP")
    request = _request()
    request.user = user
    with translation.override("en"):
        assert money.display_currency_for(request) == "GBP"
