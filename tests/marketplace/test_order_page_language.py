"""The order page speaks the reader's language and formats amounts one way (issue 17
item 12: the history showed "awaiting_payment → paid" in every language, and amounts read
"EUR 15500.00" in one place and "EUR 15,500.00" in another)."""

import re
from decimal import Decimal

from marketplace.models import OrderEvent
from tests.factories.marketplace import make_trade


def _history(html: str) -> str:
    return re.search(r'<ol class="timeline">(.*?)</ol>', html, re.S).group(1)


def test_the_order_history_shows_translated_status_names(client, db):
    _seller, buyer, order = make_trade(total=Decimal("15500.00"))
    OrderEvent.objects.create(order=order, from_status="awaiting_payment", to_status="paid")
    client.force_login(buyer)

    english = _history(client.get(f"/orders/{order.number}/").content.decode())
    assert "Awaiting payment</span> → <strong" in english
    french = client.get(f"/fr/orders/{order.number}/").content.decode()
    history = _history(french)
    assert "En attente de paiement" in history
    assert "awaiting_payment<" not in history and ">paid<" not in history


def test_every_amount_on_the_order_page_has_one_format(client, db):
    _seller, buyer, order = make_trade()
    client.force_login(buyer)
    html = client.get(f"/orders/{order.number}/").content.decode()
    amounts = re.findall(r"USD [\d.,]+", html)
    assert "USD 1,200.00" in amounts  # the total, grouped
    assert "USD 12.00" in amounts  # a unit price
    assert all(re.fullmatch(r"USD \d{1,3}(,\d{3})*\.\d{2}", amount) for amount in amounts), amounts
