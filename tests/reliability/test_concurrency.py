"""Concurrent writes on PostgreSQL, with real threads and real row locks.

Quote acceptance and webhook deliveries have their own tests (tests/marketplace,
tests/payments). Here: event seats (a capacity), two people editing the same listing,
the same notification email sent by two workers, and double clicks on "Pay now".
They run on SQLite too (IMMEDIATE transactions on a file test database, issue 19).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.core import mail
from django.db import connection

from tests.factories import ProductFactory, SellerMembershipFactory, UserFactory
from tests.payments.conftest import trade  # noqa: F401 - a fixture

from .edge import closed_port

# Runs on both databases: PostgreSQL's row locks, and SQLite's IMMEDIATE transactions on
# the file test database (the embedded default must take concurrent writes too).
pytestmark = pytest.mark.django_db(transaction=True)


def run_together(jobs: list[Callable[[], object]]) -> list[object]:
    """Start every job at the same instant on its own thread (own connection)."""
    barrier = threading.Barrier(len(jobs))
    results: list[object] = [None] * len(jobs)

    def run(i, job):
        try:
            barrier.wait(timeout=30)
            results[i] = job()
        except Exception as exc:  # reported to the test
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def test_last_seats_of_an_event_are_not_oversold():
    from django.core.exceptions import ValidationError

    from cms.officials.models import EventRegistration
    from cms.officials.services import event_register
    from tests.factories.officials import make_event, make_storefront

    event = make_event(make_storefront(), capacity=3)
    people = [UserFactory() for _ in range(8)]
    results = run_together([lambda u=u: event_register(event=event, user=u) for u in people])
    registered = [r for r in results if isinstance(r, EventRegistration)]
    refused = [r for r in results if isinstance(r, ValidationError)]
    assert len(registered) == 3 and len(refused) == 5, results
    assert EventRegistration.objects.filter(event=event).count() == 3


def test_a_double_click_registers_once():
    from cms.officials.models import EventRegistration
    from cms.officials.services import event_register
    from tests.factories.officials import make_event, make_storefront

    event = make_event(make_storefront(), capacity=10)
    person = UserFactory()
    results = run_together([lambda: event_register(event=event, user=person)] * 6)
    assert all(isinstance(r, EventRegistration) for r in results), results
    assert EventRegistration.objects.filter(event=event, user=person).count() == 1


def test_two_editors_saving_price_tiers_leave_one_whole_set():
    """Each save replaces the tiers; interleaved saves must not mix or duplicate them, and
    the listing's price range must match the tiers that won."""
    from catalogue.models import PriceTier
    from catalogue.services import TierData, product_update

    membership = SellerMembershipFactory()
    staff = SellerMembershipFactory(seller=membership.seller, role="staff").user
    # A draft: edits apply at once (a published listing's renames would wait for review).
    product = ProductFactory(seller=membership.seller, status="draft")
    sets = {
        n: [
            TierData(min_quantity=10 * (n + 1), unit_price_inr=Decimal(100 + n)),
            TierData(min_quantity=100 * (n + 1), unit_price_inr=Decimal(90 + n)),
        ]
        for n in range(6)
    }
    editors = [membership.user, staff] * 3
    jobs = [
        lambda n=n, by=by: product_update(
            product=product, by=by, fields={"name": f"Edit {n}"}, tiers=sets[n]
        )
        for n, by in zip(sets, editors, strict=True)
    ]
    results = run_together(jobs)
    assert not [r for r in results if isinstance(r, Exception)], results
    product.refresh_from_db()
    winner = int(product.name.split()[-1])
    tiers = sorted(
        PriceTier.objects.filter(product=product).values_list("min_quantity", "unit_price_inr")
    )
    assert tiers == sorted((t.min_quantity, t.unit_price_inr) for t in sets[winner])
    assert product.price_min_inr == min(t.unit_price_inr for t in sets[winner])
    assert product.price_max_inr == max(t.unit_price_inr for t in sets[winner])


def test_one_notification_is_emailed_once_by_parallel_workers():
    from core.models import Notification
    from core.notifications.emails import notification_send_email

    user = UserFactory()
    note = Notification.objects.create(
        user=user, kind="enquiry", subject="New enquiry", body="Hello", url="/dashboard/"
    )
    results = run_together([lambda: notification_send_email(notification_id=note.pk)] * 6)
    assert not [r for r in results if isinstance(r, Exception)], results
    assert [m.to for m in mail.outbox] == [[user.email]]


def test_parallel_pay_now_clicks_prepare_one_attempt(trade, settings):  # noqa: F811
    from marketplace.payments import services
    from marketplace.payments.models import Payment

    _seller, buyer, order = trade
    settings.STRIPE_SECRET_KEY = "sk_test_concurrency"
    settings.STRIPE_API_BASE = f"http://127.0.0.1:{closed_port()}"  # refused: fails fast
    settings.STRIPE_TIMEOUT_SECONDS = 1

    def click():
        return services.payment_start(
            order=order, by=buyer, success_url="https://x/s", cancel_url="https://x/c"
        )

    results = run_together([click] * 5)
    assert all(isinstance(r, services.PaymentError) for r in results), results
    assert Payment.objects.filter(order=order).count() == 1
    assert Payment.objects.get(order=order).attempt == 1
