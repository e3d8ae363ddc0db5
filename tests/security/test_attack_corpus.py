"""Attack corpus: hostile text typed into every form people fill, then every page that shows it.

Each payload goes in through the real forms (test client, CSRF-exempt client but the same
views, forms and services), then the public pages and the dashboards of buyer, seller and
official are rendered. The promise: the payload is shown as text or removed, never executed;
no page answers 500 (the test client re-raises server errors, so a 500 fails the test).
"""

from __future__ import annotations

import datetime as dt
import io
from html.parser import HTMLParser

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from catalogue.models import Product
from catalogue.services import product_update
from marketplace.forms import issue_fill_token
from marketplace.models import Enquiry, Message, Quotation
from sellers.models import Seller
from tests.factories import (
    BuyerCompanyFactory,
    CategoryFactory,
    DistrictFactory,
    DistrictOfficialFactory,
    HSChapterFactory,
    ProductFactory,
    SellerFactory,
    SellerMembershipFactory,
)
from tests.factories.catalogue import upload
from tests.factories.marketplace import EnquiryFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
MARK = "Xmark"  # plain text before each payload: proves the field was saved and rendered

PAYLOADS = {
    "script": "<script>alert(1)</script>",
    "attr_break": '"><img src=x onerror=alert(1)>',
    "single_quote_break": "'><img src=x onerror=alert(1)>",
    "close_script": "</script><script>alert(1)</script>",
    "svg": "<svg onload=alert(1)>",
    "javascript_url": "javascript:alert(1)",
    "template": "{{7*7}}${7*7}{% now 'Y' %}",
}


class _Executable(HTMLParser):
    """Collects what a browser would run: event-handler attributes, script bodies and
    javascript: URLs (escaped text inside attribute values is data, not markup)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=...>")
            if name in ("href", "src", "action", "formaction", "data") and (
                value or ""
            ).strip().lower().startswith("javascript:"):
                self.found.append(f"<{tag} {name}={value}>")
        # JSON-LD and json_script blocks are data: browsers never run them (their text is
        # still checked: an unescaped "</script>" would end the block and show up here).
        kind = dict(attrs).get("type") or ""
        self._in_script = tag == "script" and "json" not in kind

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script and "alert(" in data:
            self.found.append(f"<script>{data[:80]}")


def assert_inert(html: str, where: str) -> None:
    parser = _Executable()
    parser.feed(html)
    assert parser.found == [], f"executable payload on {where}: {parser.found}"
    assert "<script>alert" not in html.lower(), f"script tag on {where}"
    assert "49$" not in html and "{49}" not in html, f"template expression evaluated on {where}"


def _refused(response) -> bool:
    """A form answered with a human message about the field (no 500, nothing saved)."""
    return response.status_code in (200, 400) and (
        b"errorlist" in response.content or b"field-error" in response.content
    )


def _text(payload: str, room: int = 200) -> str:
    return f"{MARK} {payload}"[:room]


@pytest.fixture(autouse=True)
def _no_bot_wait(settings):
    settings.ENQUIRY_MIN_FILL_SECONDS = 0
    settings.ENQUIRY_RATE_LIMIT_PER_HOUR = settings.ENQUIRY_RATE_LIMIT_PER_IP_HOUR = 1000
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def cast(db):
    district = DistrictFactory()
    seller = SellerFactory(district=district, status=Seller.Status.APPROVED)
    seller_user = SellerMembershipFactory(seller=seller).user
    buyer = BuyerCompanyFactory().user
    official = DistrictOfficialFactory(district=district).user
    category = CategoryFactory(hs_chapter=HSChapterFactory())
    return {
        "district": district,
        "seller": seller,
        "seller_user": seller_user,
        "buyer": buyer,
        "official": official,
        "category": category,
    }


def _listing(seller, category, payload: str, **overrides) -> dict:
    data = {
        "name": _text(payload),
        "category": category.pk,
        "district": seller.district_id,
        "description": f"<p>{MARK} description</p>{payload}",
        "materials": _text(payload),
        "hs_code": "5007.20",
        "moq": 5,
        "unit": "piece",
        "lead_time_days": 20,
        "monthly_capacity": 100,
        "tiers-TOTAL_FORMS": 1,
        "tiers-INITIAL_FORMS": 0,
        "tiers-0-min_quantity": 5,
        "tiers-0-unit_price_inr": "900",
        "photos-TOTAL_FORMS": 1,
        "photos-INITIAL_FORMS": 0,
        "photos-0-photo": upload(_safe_filename(payload, ".png")),
        "photos-0-alt_text": _text(payload),
        "existing-TOTAL_FORMS": 0,
        "existing-INITIAL_FORMS": 0,
        "certs-TOTAL_FORMS": 1,
        "certs-INITIAL_FORMS": 0,
        "certs-0-kind": "craftmark",
        "certs-0-number": _text(payload, 100),
        "certs-0-document": upload(
            _safe_filename(payload, ".pdf"), b"%PDF-1.4\n%%EOF\n", "application/pdf"
        ),
    }
    data.update(overrides)
    return data


def _safe_filename(payload: str, ext: str) -> str:
    # The browser sends the file name as typed; a "/" would only make it a path, which
    # Django cuts to its last part, so the hostile bit stays in the name.
    return f"{MARK}{payload}{ext}".replace("/", "")


def _enquiry_post(payload: str, **extra) -> dict:
    return {
        "quantity": "200",
        "unit": "piece",
        "target_currency": "USD",
        "destination_country": "DE",
        "destination_port": _text(payload, 100),
        "incoterm": "FOB",
        "needed_by": (timezone.localdate() + dt.timedelta(days=60)).isoformat(),
        "message": f"{MARK} we would like 200 pieces. {payload}",
        "company_website": "",
        "started": issue_fill_token(),
        **extra,
    }


def _quote_post(payload: str, product) -> dict:
    return {
        "currency": "EUR",
        "incoterm": "CIF",
        "port": _text(payload, 100),
        "lead_time_days": "45",
        "valid_until": (timezone.localdate() + dt.timedelta(days=10)).isoformat(),
        "payment_terms": "bank_transfer",
        "notes": f"{MARK} notes {payload}",
        "lines-TOTAL_FORMS": "1",
        "lines-INITIAL_FORMS": "0",
        "lines-MIN_NUM_FORMS": "0",
        "lines-MAX_NUM_FORMS": "20",
        "lines-0-product": str(product.pk),
        "lines-0-description": _text(payload),
        "lines-0-quantity": "100",
        "lines-0-unit": "piece",
        "lines-0-unit_price": "11.50",
    }


def _pdf_text(response) -> str:
    from pypdf import PdfReader

    data = b"".join(response.streaming_content)
    return " ".join(
        " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages).split()
    )


def _documents_with_payload(client, payload: str, *, enquiry, buyer, seller_user):
    from marketplace.documents.models import TradeDocument
    from marketplace.documents.rendering import render_html

    quote = Quotation.objects.get(enquiry=enquiry)
    client.force_login(buyer)
    issued = client.post(
        reverse("marketplace:documents:proforma", args=[quote.pk]), {"language": "en"}
    )
    _ok(issued, 302)
    proforma = _pdf_text(client.get(issued["Location"]))
    _ok(client.post(reverse("marketplace:quote_accept", args=[quote.pk])), 302)
    order = quote.orders.get()
    client.force_login(seller_user)
    packages = {
        "packages-TOTAL_FORMS": "1",
        "packages-INITIAL_FORMS": "0",
        "packages-MIN_NUM_FORMS": "1",
        "packages-MAX_NUM_FORMS": "50",
        "packages-0-count": "2",
        "packages-0-description": _text(payload, 100),
        "packages-0-net_kg": "10",
        "packages-0-gross_kg": "11",
        "packages-0-length_cm": "50",
        "packages-0-width_cm": "40",
        "packages-0-height_cm": "30",
        "language": "en",
        "port_of_loading": _text(payload, 100),
        "port_of_discharge": _text(payload, 100),
    }
    shipping = reverse("marketplace:documents:shipping_documents", args=[order.number])
    _ok(client.post(shipping, packages), 302)
    texts = {"proforma": proforma}
    for document in TradeDocument.objects.filter(order=order):
        download = reverse("marketplace:documents:download", args=[document.pk])
        texts[document.kind] = _pdf_text(client.get(download))
        html = render_html(
            kind=document.kind,
            number=document.number,
            version=document.version,
            data=document.data,
            language="en",
            issued_at=document.issued_at,
        )
        assert_inert(html, f"{document.kind} HTML")
    # The payload is printed as the characters typed (escaped, never markup): the line, the
    # legal name and the ports carry it; a template expression is never evaluated.
    printed = " ".join(payload.split())
    for kind, text in texts.items():
        assert f"{MARK} {printed}"[:40] in text, (kind, text[:600])
        assert "49$" not in text and "{49}" not in text, kind
    assert len(texts) == 3
    return order


def _ok(response, *codes: int) -> None:
    assert response.status_code in (codes or (200, 302)), response.content.decode()[:1500]


@pytest.mark.django_db
@pytest.mark.parametrize("payload", list(PAYLOADS.values()), ids=list(PAYLOADS))
def test_stored_payloads_never_execute_on_any_page(client, cast, payload):
    seller, seller_user, buyer, official = (
        cast["seller"],
        cast["seller_user"],
        cast["buyer"],
        cast["official"],
    )

    # Seller: business profile (rich-text story, plain name/crafts/languages) and a photo.
    client.force_login(seller_user)
    profile = {
        "name": _text(payload),
        "business_type": Seller.BusinessType.COOPERATIVE,
        "district": seller.district_id,
        "story": f"<p>{MARK} story</p>{payload}",
        "crafts": _text(payload),
        "languages": _text(payload),
        "year_founded": "1990",
        "team_size": "12",
        "website": "",
        "gstin": "",
        "iec": "",
        "legal_name": _text(payload),
        "address": f"{MARK} address {payload}",
    }
    _ok(client.post(reverse("marketplace:dashboard_profile"), profile), 302)
    # A website field takes only web addresses: a script URL is refused with a message.
    bad_site = client.post(
        reverse("marketplace:dashboard_profile"),
        {**profile, "website": "javascript:alert(1)//https://example.com"},
    )
    assert _refused(bad_site)
    seller.refresh_from_db()
    assert seller.website == ""
    photo = client.post(
        reverse("marketplace:dashboard_profile_photo_add"),
        {"photo": upload(_safe_filename(payload, ".png")), "alt_text": _text(payload)},
    )
    _ok(photo, 302)

    # Seller: a listing (name, description, materials, photo and certificate file names).
    _ok(client.post("/dashboard/listings/new/", _listing(seller, cast["category"], payload)), 302)
    product = Product.objects.get(seller=seller)
    assert product.status == Product.Status.PENDING

    # Official: reviews it (sees the hostile text), rejects a second one with a hostile reason.
    client.force_login(official)
    queue = client.get(reverse("catalogue:review_queue")).content.decode()
    assert_inert(queue, "review queue")
    assert MARK in queue
    review_url = reverse("catalogue:review_product", args=[product.pk])
    _ok(client.post(review_url, {"action": "publish"}), 302)
    second = ProductFactory(seller=seller, status=Product.Status.PENDING)
    reject = reverse("catalogue:review_product", args=[second.pk])
    _ok(client.post(reject, {"action": "reject", "reason": f"{MARK} {payload} blurred"}), 302)
    product.refresh_from_db()
    assert product.status == Product.Status.PUBLISHED
    # The renamed business went back to review (issue 18): sent back with a hostile reason,
    # then approved; an edit of the published listing waits with a hostile new name.
    seller_review = reverse("catalogue:review_seller", args=[seller.pk])
    hostile_reason = {"action": "send_back", "reason": f"{MARK} {payload}"}
    _ok(client.post(seller_review, hostile_reason), 302)
    _ok(client.post(seller_review, {"action": "approve"}), 302)
    assert Seller.objects.get(pk=seller.pk).status == Seller.Status.APPROVED
    product_update(product=product, by=seller_user, fields={"name": _text(payload)})

    # Buyer: company profile, an enquiry with an attachment, a message, a buying request.
    client.force_login(buyer)
    company = {
        "company": _text(payload),
        "country": "DE",
        "website": "",
        "buyer_type": "importer",
    }
    _ok(client.post(reverse("buyers:company"), company), 302)
    enquiry_url = reverse("marketplace:enquiry_new") + f"?product={product.slug}"
    attachment = SimpleUploadedFile(_safe_filename(payload, ".pdf"), PDF, "application/pdf")
    _ok(client.post(enquiry_url, _enquiry_post(payload, attachments=attachment)), 302)
    enquiry = Enquiry.objects.get(buyer=buyer, product=product)
    body = {"body": f"{MARK} reply {payload}"}
    _ok(client.post(reverse("marketplace:enquiry_detail", args=[enquiry.pk]), body), 302)
    assert Message.objects.filter(enquiry=enquiry, body__contains=MARK).count() == 2
    rfq = {
        "title": _text(payload),
        "description": f"{MARK} need 500 stoles in silk. {payload}",
        "category": cast["category"].pk,
        "quantity": "500",
        "unit": "piece",
        "destination_country": "DE",
        "destination_port": _text(payload, 100),
        "incoterm": "FOB",
        "company_website": "",
        "started": issue_fill_token(),
    }
    rfq_response = client.post(reverse("marketplace:rfq_new"), rfq)
    _ok(rfq_response, 302)

    # Seller: a quotation (port, notes, line description) and a readiness registration.
    client.force_login(seller_user)
    quote_url = reverse("marketplace:quote_edit", args=[enquiry.pk])
    _ok(client.post(quote_url, _quote_post(payload, product)), 302)
    assert Quotation.objects.filter(enquiry=enquiry).exists()
    readiness = reverse("cms:officials:readiness")
    _ok(client.post(readiness, {"seller": seller.pk, "body": "epch", "number": _text(payload, 60)}))

    # Trade documents (issue 22): the buyer's proforma, then the seller's packages and ports
    # on the invoice and packing list. The PDFs print the hostile text as text.
    order = _documents_with_payload(
        client, payload, enquiry=enquiry, buyer=buyer, seller_user=seller_user
    )

    pages = {
        "seller": [
            reverse("marketplace:dashboard"),
            reverse("marketplace:inbox"),
            enquiry.get_absolute_url(),
            quote_url,
            order.get_absolute_url(),
            reverse("marketplace:documents:shipping_documents", args=[order.number]),
            reverse("marketplace:dashboard_profile"),
            reverse("catalogue:dashboard_listings"),
            reverse("catalogue:dashboard_listing_edit", args=[product.pk]),
            readiness,
        ],
        "buyer": [
            reverse("marketplace:dashboard"),
            reverse("marketplace:inbox"),
            enquiry.get_absolute_url(),
            order.get_absolute_url(),
            rfq_response["Location"],
            reverse("buyers:company"),
        ],
        "official": [
            reverse("catalogue:review_queue"),
            reverse("marketplace:dashboard"),
            reverse("catalogue:review_product_preview", args=[product.pk]),
            reverse("catalogue:review_seller_preview", args=[seller.pk]),
        ],
        "anonymous": [
            product.get_absolute_url(),
            reverse("catalogue:seller_detail", args=[Seller.objects.get(pk=seller.pk).slug]),
            reverse("search:search") + f"?q={MARK}",
            reverse("search:suggest") + f"?q={MARK}",
            f"/api/v1/products/{product.slug}",
            f"/api/v1/products?q={MARK}",
        ],
    }
    users = {"seller": seller_user, "buyer": buyer, "official": official}
    seen_mark = 0
    for persona, urls in pages.items():
        if persona == "anonymous":
            client.logout()
        else:
            client.force_login(users[persona])
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, (persona, url, response.status_code)
            html = response.content.decode()
            if url.startswith("/api/"):
                # JSON carries the text as data; browsers never sniff it into HTML.
                assert response["Content-Type"].startswith("application/json")
                assert response.get("X-Content-Type-Options") == "nosniff"
            else:
                assert_inert(html, f"{url} as {persona}")
            seen_mark += MARK in html
    # The hostile text was really stored and shown (the checks above are not vacuous).
    assert seen_mark >= sum(len(urls) for urls in pages.values()) // 2
    client.force_login(seller_user)
    thread = client.get(enquiry.get_absolute_url()).content.decode()
    assert f"{MARK} reply" in thread and f"{MARK} we would like" in thread
    client.logout()
    assert f"{MARK} description" in client.get(product.get_absolute_url()).content.decode()


LONG = "A" * 10_001 + " <b>long</b> " + "ü" * 5_000


@pytest.mark.django_db
def test_very_long_inputs_get_a_message_not_a_500(client, cast):
    seller, seller_user, buyer = cast["seller"], cast["seller_user"], cast["buyer"]
    product = ProductFactory(seller=seller)
    client.force_login(seller_user)
    profile = {
        "name": LONG,
        "business_type": Seller.BusinessType.COOPERATIVE,
        "district": seller.district_id,
        "story": LONG * 2,
        "crafts": LONG,
        "languages": LONG,
        "website": "https://example.com/" + LONG,
    }
    response = client.post(reverse("marketplace:dashboard_profile"), profile)
    assert _refused(response)
    seller.refresh_from_db()
    assert len(seller.name) < 300

    listing = _listing(
        seller,
        cast["category"],
        "",
        name=LONG,
        description=LONG * 2,
        materials=LONG,
        **{"photos-0-alt_text": LONG, "certs-0-number": LONG},
    )
    response = client.post("/dashboard/listings/new/", listing)
    assert _refused(response)
    assert not Product.objects.filter(seller=seller).exclude(pk=product.pk).exists()
    response = client.post(
        reverse("cms:officials:readiness"), {"seller": seller.pk, "body": "epch", "number": LONG}
    )
    assert _refused(response)

    client.force_login(buyer)
    company = {"company": LONG, "country": "DE", "website": "", "buyer_type": "importer"}
    response = client.post(reverse("buyers:company"), company)
    assert _refused(response)
    url = reverse("marketplace:enquiry_new") + f"?product={product.slug}"
    response = client.post(url, _enquiry_post("", message=LONG, destination_port=LONG))
    assert _refused(response)
    assert not Enquiry.objects.filter(buyer=buyer).exists()
    rfq = {
        "title": LONG,
        "description": LONG,
        "category": cast["category"].pk,
        "quantity": "5",
        "unit": "piece",
        "destination_country": "DE",
        "incoterm": "FOB",
        "company_website": "",
        "started": issue_fill_token(),
    }
    response = client.post(reverse("marketplace:rfq_new"), rfq)
    assert _refused(response)

    enquiry = EnquiryFactory(buyer=buyer, product=product)
    response = client.post(reverse("marketplace:enquiry_detail", args=[enquiry.pk]), {"body": LONG})
    assert _refused(response)
    client.force_login(seller_user)
    quote = _quote_post("", product)
    quote.update({"notes": LONG, "port": LONG, "lines-0-description": LONG})
    response = client.post(reverse("marketplace:quote_edit", args=[enquiry.pk]), quote)
    assert _refused(response)
    assert not Quotation.objects.filter(enquiry=enquiry).exists()

    client.force_login(cast["official"])
    pending = ProductFactory(seller=seller, status=Product.Status.PENDING)
    review = reverse("catalogue:review_product", args=[pending.pk])
    response = client.post(review, {"action": "reject", "reason": LONG * 2})
    assert response.status_code in (200, 302, 400)
    pending.refresh_from_db()
    assert pending.status == Product.Status.PENDING or len(pending.rejection_reason) <= 10_000

    # Long search and API queries are cut or refused, never a 500.
    client.logout()
    for url in (
        reverse("search:search") + "?q=" + LONG,
        reverse("search:suggest") + "?q=" + LONG,
        "/api/v1/products?q=" + LONG,
    ):
        assert client.get(url).status_code in (200, 400)


INJECTIONS = [
    "-password",
    "password",
    "seller__memberships__user__password",
    "seller__memberships__user__password__startswith",
    "-seller__memberships__user__email",
    "'; DROP TABLE catalogue_product; --",
    "1 OR 1=1",
    "name); DELETE FROM accounts_user; --",
    "pk\x00",
    "__class__",
    "%00",
]


def _list_urls(param: str, value: str) -> list[str]:
    return [
        f"/search/?{param}={value}",
        f"/search/suggest?{param}={value}",
        f"/api/v1/products?{param}={value}",
        f"/api/v1/sellers?{param}={value}",
        f"/api/v1/districts?{param}={value}",
        f"/api/v1/gi?{param}={value}",
        f"/gi/?{param}={value}",
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("value", INJECTIONS)
def test_orm_and_sql_injection_in_list_parameters(client, cast, value):
    from urllib.parse import quote

    product = ProductFactory(seller=cast["seller"])
    encoded = quote(value, safe="")
    params = (
        "sort",
        "ordering",
        "order_by",
        "district__in",
        "seller__memberships__user__password__startswith",
        "state",
        "district",
        "category",
        "gi",
        "q",
        "page",
        "page_size",
        "currency",
        "min_price",
        "certification",
    )
    for param in params:
        for url in _list_urls(param, encoded):
            response = client.get(url)
            assert response.status_code in (200, 400, 404), (url, response.status_code)
            body = response.content.decode(errors="replace")
            assert "pbkdf2" not in body and "argon2" not in body, url
            assert "Traceback" not in body and "OperationalError" not in body, url
    # Dashboards with filters, signed in.
    client.force_login(cast["seller_user"])
    for url in (
        f"/dashboard/inbox/?status={encoded}&view={encoded}&unread={encoded}",
        f"/dashboard/listings/?sort={encoded}",
        f"/dashboard/inbox/?sort={encoded}",
    ):
        assert client.get(url).status_code == 200
    # Nothing was dropped or changed.
    assert Product.objects.filter(pk=product.pk).exists()
    assert cast["seller_user"].__class__.objects.filter(pk=cast["seller_user"].pk).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("payload", list(PAYLOADS.values()), ids=list(PAYLOADS))
def test_review_text_and_reply_never_execute(client, cast, payload):
    """Review text and the seller's reply: through the form, markup is refused in words and
    nothing is stored; anything else is stored as plain text. Rows written past the form
    (an import, an older version) are escaped wherever they are shown."""
    from marketplace.models import Order, Review
    from marketplace.services import quote_accept
    from tests.factories.marketplace import QuotationFactory

    seller, seller_user, buyer, official = (
        cast["seller"],
        cast["seller_user"],
        cast["buyer"],
        cast["official"],
    )
    product = ProductFactory(seller=seller)
    order = quote_accept(
        quotation=QuotationFactory(enquiry__product=product, enquiry__buyer=buyer), by=buyer
    )
    Order.objects.filter(pk=order.pk).update(status="delivered")
    stars = {"overall": "4", "as_described": "4", "communication": "4", "delivery_time": "4"}
    client.force_login(buyer)
    form_url = reverse("marketplace:review_form", args=[order.number])
    posted = client.post(form_url, {**stars, "text": _text(payload)})
    if "<" in payload:
        assert posted.status_code == 400 and "Please write plain text" in posted.content.decode()
        assert not Review.objects.exists()
        client.post(form_url, {**stars, "text": f"{MARK} plain"})
    else:
        assert posted.status_code == 302
    review = Review.objects.get(order=order)
    client.force_login(seller_user)
    reply_url = reverse("marketplace:review_reply", args=[review.pk])
    _ok(client.post(reply_url, {"reply": f"{MARK} reply {payload}"}), 302)
    review.refresh_from_db()
    assert (review.reply != "") == ("<" not in payload)
    # The raw payload as stored text, as if it had got past the form.
    Review.objects.filter(pk=review.pk).update(
        text=f"{MARK} {payload}", reply=f"{MARK} reply {payload}"
    )
    seller.refresh_from_db()
    pages = {
        buyer: [order.get_absolute_url(), form_url],
        seller_user: [order.get_absolute_url()],
        official: [reverse("marketplace:review_hide", args=[review.pk])],
        None: [
            reverse("marketplace:seller_reviews", args=[seller.slug]),
            seller.get_absolute_url(),
            product.get_absolute_url(),
        ],
    }
    shows_reply = {
        order.get_absolute_url(),
        reverse("marketplace:review_hide", args=[review.pk]),
        reverse("marketplace:seller_reviews", args=[seller.slug]),
    }
    for user, urls in pages.items():
        if user is None:
            client.logout()
        else:
            client.force_login(user)
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            html = response.content.decode()
            assert_inert(html, url)
            if url in shows_reply:
                assert f"{MARK} reply" in html and f"{MARK} " in html, url
            elif url == form_url:
                assert MARK in html, url  # the text, back in the edit form's textarea
    api = client.get(f"/api/v1/sellers/{seller.slug}")
    assert api.json()["rating"]["count"] == 1
