"""Generated trade documents: every field in the PDF's text (English and Arabic), numbering,
versions, immutability, the seller's packages refused in plain words, the order page."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from babel.dates import format_date
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from core.money.formatting import format_money
from marketplace.documents import services
from marketplace.documents.models import (
    DocumentCounter,
    DocumentKind,
    ImmutableDocument,
    ShipmentPackage,
    TradeDocument,
)
from marketplace.documents.rendering import amount_in_words

from .conftest import PACKAGES, accept, flat, make_doc_trade, pdf_text

pytestmark = pytest.mark.django_db


def _ship(order, trade, *, language="en", packages=PACKAGES):
    return services.shipping_documents_issue(
        order=order,
        by=trade.seller_user,
        party="seller",
        packages=packages,
        port_of_loading="Nhava Sheva",
        port_of_discharge="Hamburg",
        language=language,
    )


def _common_fields(text: str, trade, *, language: str, total: Decimal, country: str):
    quote = trade.quote
    expected = [
        "Kashi Weaves Private Limited",
        "D 47/12 Ramapura",
        "Varanasi 221001, Uttar Pradesh",
        "09AAACH7409R1ZZ",  # GSTIN
        "AAACH7409R",  # IEC
        "Stoffhaus Hamburg GmbH",
        country,
        "Banarasi silk stole",
        "500720",  # HS code
        "USD",
        "FOB",
        "Nhava Sheva",  # named place and port of loading
        "Hamburg",  # port of discharge
        "30112233445",  # the verified bank account
        format_money(Decimal("12.00"), "USD", language=language),
        format_money(Decimal("7.25"), "USD", language=language),
    ]
    # Right-to-left money ("‏12 US$") starts with a direction mark and may come out of the
    # PDF with its parts in visual order: check each part.
    parts = [p for value in expected for p in value.replace("\u200f", "").split("\xa0") if p]
    # (pypdf writes the symbol "US$" of an Arabic amount as "$US": the glyphs' visual order.)
    missing = [v for v in parts if v not in text and v.replace("US$", "$US") not in text]
    assert not missing, (missing, text)
    assert quote.lines.count() == 2


def test_proforma_in_english_carries_every_field(doc_trade):
    document = services.proforma_issue(quotation=doc_trade.quote, by=doc_trade.buyer, language="en")
    text = flat(pdf_text(document))
    total = doc_trade.quote.total
    _common_fields(text, doc_trade, language="en", total=total, country="Germany")
    year = timezone.localdate().year
    assert document.number == f"PI/{year}/0001"
    for value in (
        "Proforma invoice",
        document.number,
        f"Q-{doc_trade.quote.pk}",
        format_date(timezone.localdate(doc_trade.quote.updated_at), "long", locale="en"),
        "Bank transfer",
        "Port of loading Nhava Sheva",
        "Port of discharge Hamburg",
        format_money(total, "USD", language="en"),
        amount_in_words(total, "USD", "en"),
        "100 piece",
        "12 piece",
    ):
        assert value in text, (value, text)


def test_proforma_in_arabic_is_right_to_left_with_arabic_words_and_dates(doc_trade):
    document = services.proforma_issue(quotation=doc_trade.quote, by=doc_trade.buyer, language="ar")
    raw = pdf_text(document)
    text = flat(raw)
    _common_fields(text, doc_trade, language="ar", total=doc_trade.quote.total, country="ألمانيا")
    # Arabic runs come out of the PDF in logical order but may be split where they meet
    # Latin text or figures: check the words one by one.
    words = amount_in_words(doc_trade.quote.total, "USD", "ar").replace("،", " ").split()
    assert all(word in text for word in words if not word.isascii()), (words, text)
    assert "دولار أمريكي" in text
    assert "فاتورة مبدئية" in text  # "Proforma invoice"
    assert "تحويل مصرفي" in text  # "Bank transfer"
    assert (
        "ديسمبر" in text
        or format_date(  # the month in Arabic
            timezone.localdate(doc_trade.quote.updated_at), "MMMM", locale="ar"
        )
        in text
    )
    assert document.number in text
    html = document.data and services.render_pdf  # rendered from the snapshot
    assert html


def test_commercial_invoice_and_packing_list_from_the_order(doc_trade):
    order = accept(doc_trade)
    invoice, packing = _ship(order, doc_trade)
    year = timezone.localdate().year
    assert (invoice.kind, invoice.number) == (DocumentKind.COMMERCIAL_INVOICE, f"CI/{year}/0001")
    assert (packing.kind, packing.number) == (DocumentKind.PACKING_LIST, f"PL/{year}/0001")
    for document in (invoice, packing):
        text = flat(pdf_text(document))
        _common_fields(text, doc_trade, language="en", total=order.total, country="Germany")
        for value in (
            order.number,
            format_date(timezone.localdate(order.created_at), "long", locale="en"),
            f"Q-{doc_trade.quote.pk}",
            amount_in_words(order.total, "USD", "en"),
            format_money(order.total, "USD", language="en"),
        ):
            assert value in text, (value, document.kind, text)
    packing_text = flat(pdf_text(packing))
    for value in ("Corrugated cartons", "12.5", "14.25", "60 × 40 × 35", "Total packages 3"):
        assert value in packing_text, (value, packing_text)
    assert "Total gross weight (kg) 42.75" in packing_text
    assert "Total net weight (kg) 37.5" in packing_text
    assert "Commercial invoice" in flat(pdf_text(invoice))


def test_order_documents_in_arabic(doc_trade):
    order = accept(doc_trade)
    invoice, packing = _ship(order, doc_trade, language="ar")
    for document in (invoice, packing):
        text = flat(pdf_text(document))
        _common_fields(text, doc_trade, language="ar", total=order.total, country="ألمانيا")
        assert order.number in text and document.number in text
    assert "Corrugated cartons" in flat(pdf_text(packing))


def test_numbers_are_per_seller_kind_and_year_and_versions_keep_the_number(doc_trade):
    other = make_doc_trade()
    first = services.proforma_issue(quotation=doc_trade.quote, by=doc_trade.buyer, language="en")
    again = services.proforma_issue(quotation=doc_trade.quote, by=doc_trade.buyer, language="en")
    assert again.pk == first.pk  # the same revision and language: the same document
    french = services.proforma_issue(quotation=doc_trade.quote, by=doc_trade.buyer, language="fr")
    assert (french.number, french.version, french.supersedes_id) == (first.number, 2, first.pk)
    elsewhere = services.proforma_issue(quotation=other.quote, by=other.buyer, language="en")
    assert elsewhere.number == first.number  # another seller's series starts at 1 too
    order = accept(doc_trade)
    invoice, _packing = _ship(order, doc_trade)
    fixed, _packing2 = _ship(order, doc_trade, packages=[{**PACKAGES[0], "count": 4}])
    assert (fixed.number, fixed.version, fixed.supersedes_id) == (invoice.number, 2, invoice.pk)
    assert "Total packages 4" in flat(pdf_text(_packing2))
    assert "Total packages 3" in flat(pdf_text(_packing))  # the old version is unchanged
    counter = DocumentCounter.objects.get(
        seller=doc_trade.seller, kind=DocumentKind.COMMERCIAL_INVOICE
    )
    assert counter.last == 1


def test_an_issued_document_cannot_be_changed(doc_trade):
    document = services.proforma_issue(quotation=doc_trade.quote, by=doc_trade.buyer, language="en")
    document.language = "fr"
    with pytest.raises(ImmutableDocument):
        document.save()
    assert TradeDocument.objects.get(pk=document.pk).language == "en"


def test_the_database_refuses_to_change_an_issued_document_whoever_asks(doc_trade):
    """save() is not the only way to write a row: a queryset update, a shell or another
    program is refused by the database's own trigger (PostgreSQL and SQLite)."""
    from django.db import DatabaseError, transaction

    document = services.proforma_issue(quotation=doc_trade.quote, by=doc_trade.buyer, language="en")
    rows = TradeDocument.objects.filter(pk=document.pk)
    for change in ({"language": "fr"}, {"data": {}}, {"number": "PI/1999/0001"}, {"size": 1}):
        with pytest.raises(DatabaseError, match="cannot be changed"), transaction.atomic():
            rows.update(**change)
    assert rows.get().language == "en" and rows.get().number == document.number
    # Deleting the issuing user's account clears `issued_by` (on_delete=SET_NULL): allowed.
    rows.update(issued_by=None)
    assert rows.get().issued_by is None


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the DELETE trigger is PostgreSQL's (migration 0003)"
)
def test_the_database_refuses_to_delete_an_issued_document(doc_trade):
    """The foreign keys PROTECT documents from cascades; a queryset delete, a shell or raw
    SQL is refused by the database itself, and the invoice is still there afterwards."""
    from django.db import DatabaseError, transaction

    document = services.proforma_issue(quotation=doc_trade.quote, by=doc_trade.buyer, language="en")
    rows = TradeDocument.objects.filter(pk=document.pk)
    with pytest.raises(DatabaseError, match="cannot be deleted"), transaction.atomic():
        rows._raw_delete(rows.db)  # no Python-side collector: straight to SQL
    with (
        pytest.raises(DatabaseError, match="cannot be deleted"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM documents_tradedocument WHERE id = %s", [document.pk])
    assert rows.get().number == document.number


BAD_PACKAGES = [
    ({"net_kg": "-1"}, "Enter a number more than zero."),
    ({"gross_kg": "abc"}, "Enter a number, like 12.5."),
    ({"net_kg": "20", "gross_kg": "14"}, "The net weight cannot be more than the gross weight"),
    ({"count": "-1"}, "Enter at least 1 package."),
    ({"count": "abc"}, "Enter a whole number of packages, like 12."),
    ({"length_cm": "0"}, "Enter a number more than zero."),
]


def _form(overrides: dict) -> dict:
    row = {**PACKAGES[0], **overrides}
    data = {
        "packages-TOTAL_FORMS": "1",
        "packages-INITIAL_FORMS": "0",
        "packages-MIN_NUM_FORMS": "1",
        "packages-MAX_NUM_FORMS": "50",
        "language": "en",
        "port_of_loading": "Nhava Sheva",
        "port_of_discharge": "Hamburg",
    }
    data.update({f"packages-0-{key}": value for key, value in row.items()})
    return data


@pytest.mark.parametrize("overrides, message", BAD_PACKAGES)
def test_bad_packages_are_refused_in_plain_words_and_nothing_is_saved(
    client, doc_trade, overrides, message
):
    order = accept(doc_trade)
    client.force_login(doc_trade.seller_user)
    url = reverse("marketplace:documents:shipping_documents", args=[order.number])
    response = client.post(url, _form(overrides))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ShipmentPackage.objects.exists()
    assert not TradeDocument.objects.exists()
    assert not DocumentCounter.objects.exists()


@pytest.mark.parametrize(
    "row, message",
    [
        ({"net_kg": -1}, "must be more than zero"),
        ({"gross_kg": "abc"}, "must be a number"),
        ({"net_kg": "20", "gross_kg": "14"}, "cannot be more than the gross weight"),
        ({"count": "3"}, "whole number from 1 to 9999"),
        ({"description": " "}, "say what the packages are"),
        ({"height_cm": "NaN"}, "must be a number"),
    ],
)
def test_the_service_refuses_bad_packages_from_any_caller(doc_trade, row, message):
    order = accept(doc_trade)
    with pytest.raises(services.DocumentError, match=message):
        _ship(order, doc_trade, packages=[{**PACKAGES[0], **row}])
    assert not ShipmentPackage.objects.exists() and not TradeDocument.objects.exists()


def test_only_the_seller_issues_order_documents(doc_trade):
    order = accept(doc_trade)
    with pytest.raises(services.DocumentError):
        services.shipping_documents_issue(
            order=order,
            by=doc_trade.buyer,
            party="buyer",
            packages=PACKAGES,
            port_of_loading="",
            port_of_discharge="",
            language="en",
        )
    with pytest.raises(services.DocumentError):
        services.proforma_issue(quotation=doc_trade.quote, by=doc_trade.buyer, language="xx")
    assert not TradeDocument.objects.exists()


def test_the_seller_form_issues_and_the_order_page_lists_who_and_when(client, doc_trade):
    order = accept(doc_trade)
    client.force_login(doc_trade.seller_user)
    url = reverse("marketplace:documents:shipping_documents", args=[order.number])
    page = client.get(url)
    assert page.status_code == 200 and 'value="Nhava Sheva"' in page.content.decode()
    response = client.post(url, _form({}))
    assert response.status_code == 302
    assert ShipmentPackage.objects.filter(order=order).count() == 1
    client.force_login(doc_trade.buyer)
    html = client.get(order.get_absolute_url()).content.decode()
    issuer = str(doc_trade.seller_user)
    assert html.count('data-testid="trade-document"') == 2
    assert issuer in html and "CI/" in html and "PL/" in html
    invoice = TradeDocument.objects.get(kind=DocumentKind.COMMERCIAL_INVOICE)
    download = client.get(reverse("marketplace:documents:download", args=[invoice.pk]))
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    # The buyer asks for the invoice in Spanish: a new version, same number.
    spanish = client.post(
        reverse("marketplace:documents:language", args=[invoice.pk]), {"language": "es"}
    )
    assert spanish.status_code == 302
    latest = TradeDocument.objects.filter(kind=DocumentKind.COMMERCIAL_INVOICE).last()
    assert (latest.language, latest.version, latest.number) == ("es", 2, invoice.number)
    assert "Factura comercial" in flat(pdf_text(latest)) or "dólar" in flat(pdf_text(latest))


def test_the_buyer_downloads_the_proforma_before_accepting(client, doc_trade):
    client.force_login(doc_trade.buyer)
    enquiry_page = client.get(doc_trade.quote.enquiry.get_absolute_url()).content.decode()
    assert 'data-testid="proforma-form"' in enquiry_page
    response = client.post(
        reverse("marketplace:documents:proforma", args=[doc_trade.quote.pk]), {"language": "hi"}
    )
    document = TradeDocument.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("marketplace:documents:download", args=[document.pk])
    assert document.language == "hi" and document.issued_by == doc_trade.buyer


def test_the_orders_html_proforma_offers_its_pdf(client, doc_trade):
    order = accept(doc_trade)
    pdf_url = reverse("marketplace:documents:proforma", args=[order.quotation_id])
    for user in (doc_trade.buyer, doc_trade.seller_user):
        client.force_login(user)
        page = client.get(reverse("marketplace:payments:proforma", args=[order.number]))
        html = page.content.decode()
        assert 'data-testid="proforma-form"' in html and f'action="{pdf_url}"' in html
    response = client.post(pdf_url, {"language": "fr"})
    document = TradeDocument.objects.get()
    assert response["Location"] == reverse("marketplace:documents:download", args=[document.pk])
    assert document.language == "fr" and document.issued_by == doc_trade.seller_user


def test_order_page_queries_do_not_grow_with_documents(client, doc_trade):
    order = accept(doc_trade)
    client.force_login(doc_trade.buyer)
    _ship(order, doc_trade)
    with CaptureQueriesContext(connection) as few:
        client.get(order.get_absolute_url())
    for language in ("fr", "es", "ar"):
        _ship(order, doc_trade, language=language)
    services.proforma_issue(quotation=doc_trade.quote, by=doc_trade.buyer, language="en")
    with CaptureQueriesContext(connection) as many:
        html = client.get(order.get_absolute_url()).content.decode()
    assert html.count('data-testid="trade-document"') == 9
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]


@pytest.mark.parametrize(
    "language, expected",
    [
        ("en", "US dollars one thousand, two hundred and thirty-four and 50/100 only"),
        ("fr", "mille deux cent trente-quatre"),
        ("es", "mil doscientos treinta y cuatro"),
        ("ar", "ألف و مئتان و أربعة و ثلاثون"),
        # CLDR's Hindi spell-out, Indian scale; the currency name is Hindi too.
        ("hi", "यूएस डॉलर एक हज़ार दो सौ चौंतीस"),
    ],
)
def test_amounts_in_words(language, expected):
    from django.utils import translation

    with translation.override(language):
        words = amount_in_words(Decimal("1234.50"), "USD", language)
    assert expected in words, words


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=10**15), st.sampled_from(["INR", "USD", "EUR"]))
def test_hindi_amounts_in_words_are_hindi_words(whole, currency):
    # Every amount an order can carry (quantities x prices stay far below 10^15) is written in
    # Devanagari words, none left in digits or in English.
    import re

    from django.utils import translation

    with translation.override("hi"):
        words = amount_in_words(Decimal(whole), currency, "hi")
    assert words.endswith("मात्र"), words
    assert not re.search(r"[A-Za-z0-9]", words), words


def test_dates_are_written_for_the_language():
    day = datetime.date(2026, 12, 6)
    assert format_date(day, "long", locale="fr") == "6 décembre 2026"


def test_a_document_is_dated_with_the_day_in_india_not_the_utc_day(doc_trade):
    from marketplace.documents.selectors import quotation_data

    # 20:30 UTC on 6 December is 02:00 on 7 December in India, where the seller issues it.
    late = datetime.datetime(2026, 12, 6, 20, 30, tzinfo=datetime.UTC)
    type(doc_trade.quote).objects.filter(pk=doc_trade.quote.pk).update(updated_at=late)
    doc_trade.quote.refresh_from_db()
    assert quotation_data(doc_trade.quote)["date"] == "2026-12-07"


def test_rendering_a_document_leaves_photo_uploads_strict(doc_trade):
    # WeasyPrint's import makes Pillow accept truncated images process-wide; a worker that
    # had rendered a PDF then took half-uploaded photos (seen in CI as a flaky upload test).
    from django.core.exceptions import ValidationError

    from core.uploads import clean_image_upload
    from tests.factories.catalogue import image_bytes, upload

    services.proforma_issue(quotation=doc_trade.quote, by=doc_trade.buyer, language="en")
    data = image_bytes("JPEG", size=(200, 200))
    with pytest.raises(ValidationError) as info:
        clean_image_upload(upload("cut.jpg", data[: len(data) // 2]))
    assert info.value.code == "corrupt"


@pytest.mark.parametrize("language", ["fr", "es", "hi"])
def test_proforma_in_french_spanish_and_hindi_carries_every_field(doc_trade, language):
    from django.utils import translation
    from django.utils.translation import gettext

    from accounts.countries import country_name
    from core.money.formatting import babel_locale
    from marketplace.documents.rendering import render_html

    document = services.proforma_issue(
        quotation=doc_trade.quote, by=doc_trade.buyer, language=language
    )
    text = flat(pdf_text(document))
    total = doc_trade.quote.total
    with translation.override(language):
        country = country_name("DE")
        labels = [gettext("Proforma invoice"), gettext("Bank transfer")]
        # The amount in words, in the document's language (Hindi from CLDR's rules).
        words = amount_in_words(total, "USD", language)
    assert country != "Germany" and labels[0] != "Proforma invoice"
    day = format_date(
        timezone.localdate(doc_trade.quote.updated_at), "long", locale=babel_locale(language)
    )
    # pypdf's text extraction reorders some Devanagari vowel signs ("मार्केटप्लेस" comes back
    # as "माकर्के टप्लेस"; the layout itself is Pango's, shaped by HarfBuzz), so Hindi words
    # are checked in the HTML the PDF is made from, the rest in the PDF's text.
    html = render_html(
        kind=document.kind,
        number=document.number,
        version=document.version,
        data=document.data,
        language=language,
        issued_at=document.issued_at,
    )
    in_pdf = [day, document.number, f"Q-{doc_trade.quote.pk}"]
    in_html = [country, *labels, words]
    if language != "hi":
        in_pdf += in_html
    _common_fields(
        text, doc_trade, language=language, total=total, country=country if language != "hi" else ""
    )
    assert [v for v in in_pdf if v not in text] == [], text
    assert [v for v in in_html if v not in html] == []
