"""Trade-document numbers under concurrency, with real threads on real connections: gapless
and unique per seller, kind and year; one order's re-issues become versions of one number.
Runs on PostgreSQL (row locks on the counter) and SQLite (IMMEDIATE transactions)."""

from __future__ import annotations

import pytest
from django.utils import timezone

from marketplace.documents import services
from marketplace.documents.models import DocumentCounter, DocumentKind, TradeDocument
from marketplace.models import QuoteLine
from tests.documents.conftest import PACKAGES, accept, make_doc_trade
from tests.factories import BuyerCompanyFactory
from tests.factories.marketplace import QuotationFactory

from .test_concurrency import run_together

# Numbers are taken under a row lock on PostgreSQL and a database write lock on SQLite:
# `make unit` runs these on both.
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.both_databases]


def test_simultaneous_proformas_of_one_seller_get_consecutive_numbers():
    trade = make_doc_trade(lines=1)
    product = trade.quote.lines.get().product
    quotes = [trade.quote]
    for _ in range(5):
        buyer = BuyerCompanyFactory().user
        quote = QuotationFactory(enquiry__product=product, enquiry__buyer=buyer)
        QuoteLine.objects.filter(quotation=quote).update(description="Silk")
        quotes.append(quote)
    results = run_together(
        [
            lambda q=q: services.proforma_issue(quotation=q, by=q.enquiry.buyer, language="en")
            for q in quotes
        ]
    )
    assert all(isinstance(r, TradeDocument) for r in results), results
    year = timezone.localdate().year
    numbers = sorted(r.number for r in results)
    assert numbers == [f"PI/{year}/{n:04d}" for n in range(1, 7)]
    counter = DocumentCounter.objects.get(seller=trade.seller, kind=DocumentKind.PROFORMA)
    assert counter.last == 6


def test_simultaneous_issues_for_one_order_are_versions_of_one_number():
    trade = make_doc_trade(lines=1)
    order = accept(trade)
    results = run_together(
        [
            lambda lang=lang: services.shipping_documents_issue(
                order=order,
                by=trade.seller_user,
                party="seller",
                packages=PACKAGES,
                port_of_loading="Nhava Sheva",
                port_of_discharge="Hamburg",
                language=lang,
            )
            for lang in ("en", "fr", "es", "ar", "hi")
        ]
    )
    assert all(isinstance(r, list) for r in results), results
    invoices = TradeDocument.objects.filter(kind=DocumentKind.COMMERCIAL_INVOICE)
    assert {d.number for d in invoices} == {f"CI/{timezone.localdate().year}/0001"}
    assert sorted(invoices.values_list("version", flat=True)) == [1, 2, 3, 4, 5]
    # Each version replaces exactly the one before it.
    by_version = {d.version: d for d in invoices}
    assert all(by_version[v].supersedes_id == by_version[v - 1].pk for v in range(2, 6))
    assert TradeDocument.objects.filter(kind=DocumentKind.PACKING_LIST).count() == 5
