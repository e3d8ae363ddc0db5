"""The embedded SQLite default under concurrent writes (issue 19 item 8): real threads, a
file-based test database they share, requests through the whole middleware stack."""

from __future__ import annotations

import threading

import pytest
from django.db import close_old_connections, connection
from django.test import Client
from django.urls import reverse

from marketplace.models import Order
from tests.factories.marketplace import QuotationFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_sixteen_concurrent_acceptances_make_one_order_and_no_500():
    quote = QuotationFactory()
    buyer = quote.enquiry.buyer
    url = reverse("marketplace:quote_accept", args=[quote.pk])
    barrier = threading.Barrier(16)
    statuses: list[int] = []

    def accept():
        client = Client(raise_request_exception=False)
        client.force_login(buyer)
        try:
            barrier.wait(timeout=30)
            statuses.append(client.post(url).status_code)
        finally:
            close_old_connections()

    threads = [threading.Thread(target=accept) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert len(statuses) == 16
    assert 500 not in statuses, statuses
    assert set(statuses) <= {302, 503}, statuses
    assert Order.objects.filter(quotation=quote).count() == 1


@pytest.mark.sqlite_only
def test_a_lock_the_timeout_cannot_cure_is_a_503_please_try_again(client):
    """Hold the write lock from another connection for longer than the busy timeout.

    SQLite's own lock error: `make unit` runs it on SQLite even when DATABASE_URL is set."""
    import sqlite3

    assert connection.vendor == "sqlite", "run with -m sqlite_only and no DATABASE_URL"

    quote = QuotationFactory()
    client.force_login(quote.enquiry.buyer)
    client.raise_request_exception = False
    options = connection.settings_dict["OPTIONS"]
    saved = dict(options)
    holder = sqlite3.connect(connection.settings_dict["NAME"], isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        connection.close()
        options.update(timeout=0.2, init_command="PRAGMA busy_timeout=200;")
        response = client.post(reverse("marketplace:quote_accept", args=[quote.pk]))
    finally:
        holder.execute("ROLLBACK")
        holder.close()
        connection.close()
        options.clear()
        options.update(saved)
    assert response.status_code == 503
    assert response["Retry-After"].isdigit()
    assert b"try again" in response.content
    assert not Order.objects.filter(quotation=quote).exists()
