"""The authorization matrix: every route of ours, generated from the URL resolver, against
eight personas. A new route without an entry here fails `test_every_route_has_an_entry`.

Outcomes: a status code, LOGIN (redirected to the site sign-in), ADMIN_LOGIN (redirected to
the Wagtail sign-in), or a set of acceptable codes where the owner's request may either
re-render a form (200) or redirect after success (302). Another owner's object answers 404.
Each persona's request runs in a savepoint that is rolled back, so one persona's POST never
changes what the next one sees.
"""

from decimal import Decimal

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from wagtail.documents import get_document_model

from catalogue.models import Certification, ImportJob, Product
from cms.officials.models import SellerRegistration
from marketplace.documents.models import DocumentKind, TradeDocument
from marketplace.models import (
    BuyingRequest,
    MessageAttachment,
    Order,
    OrderDocument,
    SellerInvitation,
)
from marketplace.payments.models import OfflineReceipt, Payment
from marketplace.reviews.services import review_create
from marketplace.services import message_post, quote_accept
from regions.models import ExportStatImport
from sellers.models import SellerMembership
from tests.factories import BuyerCompanyFactory, ProductFactory, SellerFactory, UserFactory
from tests.factories.catalogue import SellerPhotoFactory
from tests.factories.marketplace import QuotationFactory
from tests.factories.officials import make_action_plan, make_event, make_official, make_storefront

OWN_APPS = ("accounts", "regions", "sellers", "buyers", "catalogue", "marketplace", "search")
OWN_APPS += ("cms", "config")
PERSONAS = [
    "anonymous",
    "buyer_a",
    "buyer_b",
    "seller_a",
    "seller_b",
    "official_x",
    "official_y",
    "staff",
]
LOGIN, ADMIN_LOGIN = "LOGIN", "ADMIN_LOGIN"
OK_OR_REDIRECT = frozenset({200, 302})
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def own_routes() -> set[str]:
    """Names of every URL pattern whose view lives in one of our apps."""

    def walk(patterns, namespace=None):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                ns = namespace
                if pattern.namespace:
                    ns = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
                yield from walk(pattern.url_patterns, ns)
            elif isinstance(pattern, URLPattern):
                module = getattr(pattern.callback, "__module__", "") or ""
                if module.split(".")[0] in OWN_APPS:
                    name = pattern.name or f"<unnamed {pattern.pattern}>"
                    yield f"{namespace}:{name}" if namespace else name

    return set(walk(get_resolver().url_patterns))


@pytest.fixture
def world(db, settings):
    settings.ENQUIRY_MIN_FILL_SECONDS = 0
    x_page = make_storefront("Varanasi", 187)
    y_page = make_storefront("Agra", 118, state_page=x_page.get_parent().specific)
    x, y = x_page.district, y_page.district
    official_x = make_official(x, email="official-x@example.org")
    official_y = make_official(y, email="official-y@example.org")

    seller_a_obj = SellerFactory(district=x, name="Banaras Looms", slug="banaras-looms")
    seller_b_obj = SellerFactory(district=y, name="Agra Marble", slug="agra-marble")
    seller_a = UserFactory(email="seller-a@example.org")
    seller_b = UserFactory(email="seller-b@example.org")
    SellerMembership.objects.create(
        seller=seller_a_obj, user=seller_a, role="owner", can_manage_payouts=True
    )
    SellerMembership.objects.create(
        seller=seller_b_obj, user=seller_b, role="owner", can_manage_payouts=True
    )
    product_a = ProductFactory(seller=seller_a_obj, slug="silk-a")
    pending_a = ProductFactory(
        seller=seller_a_obj, slug="pending-a", status=Product.Status.PENDING, published_at=None
    )
    ProductFactory(seller=seller_b_obj, slug="marble-b")
    certificate = get_document_model().objects.create(
        title="Craftmark", file=SimpleUploadedFile("craftmark.pdf", PDF)
    )
    Certification.objects.create(product=pending_a, kind="craftmark", document=certificate)

    buyer_a = BuyerCompanyFactory(user__email="buyer-a@example.org").user
    buyer_b = BuyerCompanyFactory(user__email="buyer-b@example.org").user
    staff = UserFactory(email="staff@example.org", is_staff=True, is_superuser=True)

    quote = QuotationFactory(enquiry__product=product_a, enquiry__buyer=buyer_a)
    ordered = QuotationFactory(enquiry__product=product_a, enquiry__buyer=buyer_a)
    order = quote_accept(quotation=ordered, by=buyer_a)
    message = message_post(
        enquiry=quote.enquiry,
        sender=buyer_a,
        body="Spec sheet attached.",
        attachments=[SimpleUploadedFile("spec.pdf", PDF, content_type="application/pdf")],
    )
    attachment = MessageAttachment.objects.get(message=message)
    receipt = OfflineReceipt.objects.create(
        order=order,
        method=OfflineReceipt.Method.BANK_TRANSFER,
        reference="UTR123",
        amount=Decimal("10.00"),
        received_on=timezone.localdate(),
        document=SimpleUploadedFile("advice.pdf", PDF, content_type="application/pdf"),
        document_name="advice.pdf",
        recorded_by=seller_a,
    )
    payment = Payment.objects.create(
        order=order, attempt=1, currency=order.currency, amount=order.total, amount_minor=100
    )
    document = OrderDocument.objects.create(
        order=order,
        kind=OrderDocument.Kind.PACKING_LIST,
        file=SimpleUploadedFile("packing.pdf", PDF, content_type="application/pdf"),
        original_name="packing.pdf",
        content_type="application/pdf",
        size=len(PDF),
        uploaded_by=seller_a,
    )
    trade_document = TradeDocument.objects.create(
        seller=seller_a_obj,
        kind=DocumentKind.COMMERCIAL_INVOICE,
        year=2026,
        sequence=1,
        number="CI/2026/0001",
        quotation=order.quotation,
        order=order,
        language="en",
        data={},
        file=SimpleUploadedFile("invoice.pdf", PDF),
        size=len(PDF),
        sha256="0" * 64,
        issued_by=seller_a,
    )
    rfq = BuyingRequest.objects.create(
        buyer=buyer_a,
        title="Silk",
        description="Silk stoles " * 4,
        quantity=5,
        destination_country="FR",
    )
    import_job = ImportJob.objects.create(seller=seller_a_obj, created_by=seller_a, content="")
    photo = SellerPhotoFactory(seller=seller_a_obj)
    registration = SellerRegistration.objects.create(
        seller=seller_a_obj, body="epch", number="EPCH/1"
    )
    invitation = SellerInvitation.objects.create(
        seller=seller_a_obj, email="new-staff@example.org", invited_by=seller_a
    )
    plan = make_action_plan(x_page)
    event = make_event(x_page)
    export_import = ExportStatImport.objects.create(
        uploaded_by=official_x, district=x, filename="x.csv", status="imported"
    )
    # A delivered order of buyer A with its review (reviews: buyer writes, seller replies,
    # the covering official or staff hides).
    delivered = quote_accept(
        quotation=QuotationFactory(enquiry__product=product_a, enquiry__buyer=buyer_a), by=buyer_a
    )
    Order.objects.filter(pk=delivered.pk).update(status="delivered")
    delivered.refresh_from_db()
    review = review_create(
        order=delivered,
        by=buyer_a,
        ratings={"overall": 5, "as_described": 5, "communication": 5, "delivery_time": 5},
        text="Fine silk.",
    )
    return {
        "anonymous": None,
        "buyer_a": buyer_a,
        "buyer_b": buyer_b,
        "seller_a": seller_a,
        "seller_b": seller_b,
        "official_x": official_x,
        "official_y": official_y,
        "staff": staff,
        "x": x,
        "state": x.state,
        "product": product_a,
        "pending": pending_a,
        "certificate": certificate,
        "seller_obj": seller_a_obj,
        "enquiry": quote.enquiry,
        "quote": quote,
        "order": order,
        "attachment": attachment,
        "receipt": receipt,
        "payment": payment,
        "document": document,
        "trade_document": trade_document,
        "rfq": rfq,
        "import_job": import_job,
        "photo": photo,
        "registration": registration,
        "invitation": invitation,
        "plan": plan,
        "event": event,
        "export_import": export_import,
        "delivered": delivered,
        "review": review,
    }


def _translation_source(page):
    """Varanasi's storefront submitted for French (what "Translate this page" makes)."""
    from cms.i18n import ensure_locales, translate_page

    ensure_locales()
    translate_page(page=page.specific, language="fr")
    from wagtail_localize.models import TranslationSource

    return TranslationSource.objects.get_for_instance(page)


def r(name, *args):
    return lambda w: reverse(name, args=[a(w) if callable(a) else a for a in args])


def entry(method, url, anonymous, buyer_a, buyer_b, seller_a, seller_b, off_x, off_y, staff):
    return (
        method,
        url,
        dict(
            zip(
                PERSONAS,
                [anonymous, buyer_a, buyer_b, seller_a, seller_b, off_x, off_y, staff],
                strict=True,
            )
        ),
    )


OK, R = OK_OR_REDIRECT, 302
ANY_SIGNED_IN = [LOGIN, 200, 200, 200, 200, 200, 200, 200]
PUBLIC = [200] * 8
# Seller pages answer people without a seller business with a clear 403 page ("you need a
# seller account"); another seller's object is a 404.
SELLER_ONLY = [LOGIN, 403, 403, 200, 200, 403, 403, 403]
# A seller's own-business pages: another seller's object is a 404 (400 = a form error).
OWNERS_OF_A_SELLER = [LOGIN, 403, 403, OK | {400}, OK | {400}, 403, 403, 403]


def ONLY_SELLER_A(owner):
    return [LOGIN, 403, 403, owner, 404, 403, 403, 403]


# The buyer and the seller of an order see its payment pages and documents; nobody else.
ORDER_PARTIES_ONLY = [LOGIN, 200, 404, 200, 404, 404, 404, 404]
OFFICIAL_X_ONLY = [LOGIN, 403, 403, 403, 403, OK | {400}, 404, 403]
# Review (coverage): officials of their districts, site staff of any district.
REVIEWERS = [LOGIN, 403, 403, 403, 403, 200, 200, 200]
REVIEWERS_OF_X = [LOGIN, 403, 403, 403, 403, OK | {400}, 404, OK | {400}]
REVIEWERS_OF_X_SEE = [LOGIN, 403, 403, 403, 403, 200, 404, 200]
ADMIN_X = [ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, 200, 404, 200]
API_LIST = [ADMIN_LOGIN] * 5 + [200, 200, 200]
API_HIDDEN = [ADMIN_LOGIN] * 5 + [404, 404, OK_OR_REDIRECT]

MATRIX = {
    # config and public pages
    "healthz": entry("get", r("healthz"), *PUBLIC),
    "sitemap_index": entry("get", r("sitemap_index"), *PUBLIC),
    "sitemap_section": entry("get", r("sitemap_section", "site"), *PUBLIC),
    "robots_txt": entry("get", r("robots_txt"), *PUBLIC),
    "catalogue:product_detail": entry("get", r("catalogue:product_detail", "silk-a"), *PUBLIC),
    "catalogue:seller_detail": entry("get", r("catalogue:seller_detail", "banaras-looms"), *PUBLIC),
    "catalogue:seller_list": entry("get", r("catalogue:seller_list"), *PUBLIC),
    "catalogue:gi_list": entry("get", r("catalogue:gi_list"), *PUBLIC),
    "catalogue:gi_detail": entry("get", lambda w: "/gi/no-such-gi/", *[404] * 8),
    "catalogue:set_currency": entry("post", r("catalogue:set_currency"), *[R] * 8),
    "search:search": entry("get", r("search:search"), *PUBLIC),
    "search:suggest": entry("get", lambda w: reverse("search:suggest") + "?q=sil", *PUBLIC),
    "search_api:openapi": entry("get", r("search_api:openapi"), *PUBLIC),
    "search_api:products": entry("get", r("search_api:products"), *PUBLIC),
    "search_api:product_detail": entry("get", r("search_api:product_detail", "silk-a"), *PUBLIC),
    "search_api:sellers": entry("get", r("search_api:sellers"), *PUBLIC),
    "search_api:seller_detail": entry(
        "get", r("search_api:seller_detail", "banaras-looms"), *PUBLIC
    ),
    "search_api:districts": entry("get", r("search_api:districts"), *PUBLIC),
    "search_api:district_detail": entry(
        "get", r("search_api:district_detail", "varanasi"), *PUBLIC
    ),
    "search_api:gi": entry("get", r("search_api:gi"), *PUBLIC),
    "search_api:not_found": entry("get", lambda w: "/api/v1/no-such-thing", *[404] * 8),
    # webhooks: no session matters; an unsigned request is refused for everyone
    "stripe_webhook": entry("post", r("stripe_webhook"), *[400] * 8),
    # accounts and buyers
    "accounts:settings": entry("get", r("accounts:settings"), *ANY_SIGNED_IN),
    "buyers:company": entry("get", r("buyers:company"), *ANY_SIGNED_IN),
    "buyers:shortlist": entry("post", r("buyers:shortlist", "silk-a"), LOGIN, *[R] * 7),
    # A public product's save confirmation; everyone's own shortlist (no other owner's data).
    "buyers:shortlist_save": entry("get", r("buyers:shortlist_save", "silk-a"), *ANY_SIGNED_IN),
    "buyers:shortlist_compare": entry("get", r("buyers:shortlist_compare"), *ANY_SIGNED_IN),
    # Each persona's own saved slugs (a visitor's list is empty): never another's.
    "buyers:shortlist_saved": entry("get", r("buyers:shortlist_saved"), *PUBLIC),
    # seller dashboard (sellers): the profile page is also the onboarding of a new seller
    "marketplace:dashboard_profile": entry(
        "get", r("marketplace:dashboard_profile"), *ANY_SIGNED_IN
    ),
    "marketplace:dashboard_profile_photo_add": entry(
        "post", r("marketplace:dashboard_profile_photo_add"), *OWNERS_OF_A_SELLER
    ),
    "marketplace:dashboard_profile_photo_remove": entry(
        "post",
        r("marketplace:dashboard_profile_photo_remove", lambda w: w["photo"].pk),
        *ONLY_SELLER_A(OK),
    ),
    # an empty POST is a form error (400) for the owner; nothing is saved
    "marketplace:dashboard_profile_translation": entry(
        "post", r("marketplace:dashboard_profile_translation"), *OWNERS_OF_A_SELLER
    ),
    # seller dashboard (catalogue): listings
    "catalogue:dashboard_listings": entry("get", r("catalogue:dashboard_listings"), *SELLER_ONLY),
    "catalogue:dashboard_listing_create": entry(
        "get", r("catalogue:dashboard_listing_create"), *SELLER_ONLY
    ),
    "catalogue:dashboard_listing_edit": entry(
        "get",
        r("catalogue:dashboard_listing_edit", lambda w: w["product"].pk),
        *ONLY_SELLER_A(200),
    ),
    "catalogue:dashboard_listing_translation": entry(
        "post",
        r("catalogue:dashboard_listing_translation", lambda w: w["product"].pk),
        *ONLY_SELLER_A(400),
    ),
    "catalogue:dashboard_listing_withdraw": entry(
        "post",
        r("catalogue:dashboard_listing_withdraw", lambda w: w["product"].pk),
        *ONLY_SELLER_A(R),
    ),
    "catalogue:dashboard_listing_submit": entry(
        "post",
        r("catalogue:dashboard_listing_submit", lambda w: w["pending"].pk),
        *ONLY_SELLER_A(R),
    ),
    "catalogue:dashboard_import": entry("get", r("catalogue:dashboard_import"), *SELLER_ONLY),
    "catalogue:dashboard_import_job": entry(
        "get",
        r("catalogue:dashboard_import_job", lambda w: w["import_job"].pk),
        *ONLY_SELLER_A(200),
    ),
    # review (site side): officials and site staff (a 403 page for everyone else); another
    # district's listing or seller is a 404 for an official; staff review any district.
    "catalogue:review_queue": entry("get", r("catalogue:review_queue"), *REVIEWERS),
    "catalogue:review_product": entry(
        "post",
        r("catalogue:review_product", lambda w: w["pending"].pk),
        *REVIEWERS_OF_X,
    ),
    "catalogue:review_seller": entry(
        "post",
        r("catalogue:review_seller", lambda w: w["seller_obj"].pk),
        *REVIEWERS_OF_X,
    ),
    # The reviewers' previews and the certificates they open (never public).
    "catalogue:review_product_preview": entry(
        "get",
        r("catalogue:review_product_preview", lambda w: w["pending"].pk),
        *REVIEWERS_OF_X_SEE,
    ),
    "catalogue:review_seller_preview": entry(
        "get",
        r("catalogue:review_seller_preview", lambda w: w["seller_obj"].pk),
        *REVIEWERS_OF_X_SEE,
    ),
    "catalogue:review_document": entry(
        "get",
        r("catalogue:review_document", lambda w: w["certificate"].pk),
        *REVIEWERS_OF_X_SEE,
    ),
    # regions: the public district list behind the typed-district field
    "regions:district_options": entry("get", r("regions:district_options"), *PUBLIC),
    # marketplace
    "marketplace:dashboard": entry("get", r("marketplace:dashboard"), *ANY_SIGNED_IN),
    "marketplace:inbox": entry("get", r("marketplace:inbox"), *ANY_SIGNED_IN),
    # The team page answers people without a seller business with the 403 page of SELLER_ONLY.
    "marketplace:team": entry("get", r("marketplace:team"), *SELLER_ONLY),
    "marketplace:team_join": entry(
        "get",
        r("marketplace:team_join", lambda w: w["invitation"].token),
        LOGIN,
        OK,
        OK,
        OK,
        OK,
        OK,
        OK,
        OK,
    ),
    # Only the owner of the inviting business may resend (404 for everyone else).
    "marketplace:team_invitation_resend": entry(
        "post",
        r("marketplace:team_invitation_resend", lambda w: w["invitation"].pk),
        LOGIN,
        404,
        404,
        R,
        404,
        404,
        404,
        404,
    ),
    "marketplace:enquiry_new": entry(
        "get", lambda w: reverse("marketplace:enquiry_new") + "?product=silk-a", *PUBLIC
    ),
    "marketplace:enquiry_detail": entry(
        "get",
        r("marketplace:enquiry_detail", lambda w: w["enquiry"].pk),
        LOGIN,
        200,
        404,
        200,
        404,
        404,
        404,
        200,
    ),
    "marketplace:enquiry_close": entry(
        "post",
        r("marketplace:enquiry_close", lambda w: w["enquiry"].pk),
        LOGIN,
        R,
        404,
        R,
        404,
        404,
        404,
        404,
    ),
    "marketplace:quote_edit": entry(
        "get",
        r("marketplace:quote_edit", lambda w: w["enquiry"].pk),
        LOGIN,
        404,
        404,
        200,
        404,
        404,
        404,
        404,
    ),
    "marketplace:attachment": entry(
        "get",
        r("marketplace:attachment", lambda w: w["attachment"].pk),
        LOGIN,
        200,
        404,
        200,
        404,
        404,
        404,
        200,
    ),
    "marketplace:quote_accept": entry(
        "post",
        r("marketplace:quote_accept", lambda w: w["quote"].pk),
        LOGIN,
        R,
        404,
        404,
        404,
        404,
        404,
        404,
    ),
    "marketplace:quote_decline": entry(
        "post",
        r("marketplace:quote_decline", lambda w: w["quote"].pk),
        LOGIN,
        R,
        404,
        404,
        404,
        404,
        404,
        404,
    ),
    "marketplace:sample_order": entry(
        "post",
        r("marketplace:sample_order", lambda w: w["quote"].pk),
        LOGIN,
        OK,
        404,
        404,
        404,
        404,
        404,
        404,
    ),
    "marketplace:rfq_new": entry("get", r("marketplace:rfq_new"), *ANY_SIGNED_IN),
    "marketplace:rfq_detail": entry(
        "get",
        r("marketplace:rfq_detail", lambda w: w["rfq"].pk),
        LOGIN,
        200,
        404,
        404,
        404,
        404,
        404,
        404,
    ),
    "marketplace:order_detail": entry(
        "get",
        r("marketplace:order_detail", lambda w: w["order"].number),
        LOGIN,
        200,
        404,
        200,
        404,
        404,
        404,
        200,
    ),
    "marketplace:order_status": entry(
        "post",
        r("marketplace:order_status", lambda w: w["order"].number),
        LOGIN,
        R,
        404,
        R,
        404,
        404,
        404,
        R,
    ),
    # Shipping documents: only the seller adds them (400 = a form error, nothing stored);
    # the buyer, the seller and staff (disputes) download them; anyone else gets a 404.
    "marketplace:order_documents": entry(
        "post",
        r("marketplace:order_documents", lambda w: w["order"].number),
        LOGIN,
        404,
        404,
        400,
        404,
        404,
        404,
        404,
    ),
    "marketplace:order_document": entry(
        "get",
        r("marketplace:order_document", lambda w: w["order"].number, lambda w: w["document"].pk),
        LOGIN,
        200,
        404,
        200,
        404,
        404,
        404,
        200,
    ),
    # Generated trade documents: the quotation's or order's two parties have them issued
    # (an empty post is refused with a message and a redirect back); the parties and staff
    # download them; anyone else gets a 404, as for a document that does not exist.
    "marketplace:documents:proforma": entry(
        "post",
        r("marketplace:documents:proforma", lambda w: w["quote"].pk),
        LOGIN,
        R,
        404,
        R,
        404,
        404,
        404,
        404,
    ),
    "marketplace:documents:shipping_documents": entry(
        "get",
        r("marketplace:documents:shipping_documents", lambda w: w["order"].number),
        LOGIN,
        404,
        404,
        200,
        404,
        404,
        404,
        404,
    ),
    "marketplace:documents:download": entry(
        "get",
        r("marketplace:documents:download", lambda w: w["trade_document"].pk),
        LOGIN,
        200,
        404,
        200,
        404,
        404,
        404,
        200,
    ),
    "marketplace:documents:language": entry(
        "post",
        r("marketplace:documents:language", lambda w: w["trade_document"].pk),
        LOGIN,
        R,
        404,
        R,
        404,
        404,
        404,
        404,
    ),
    # Reviews: the buyer of a delivered order writes (and edits) it; the seller and staff
    # are told why not (403); nobody else learns the order exists (404).
    "marketplace:review_form": entry(
        "get",
        r("marketplace:review_form", lambda w: w["delivered"].number),
        LOGIN,
        200,
        404,
        403,
        404,
        404,
        404,
        403,
    ),
    # The JSON twin: the order's parties read the review; a POST is tested in tests/reviews.
    "marketplace:review_api": entry(
        "get",
        r("marketplace:review_api", lambda w: w["delivered"].number),
        LOGIN,
        200,
        404,
        200,
        404,
        404,
        404,
        200,
    ),
    # The seller's one reply (an empty post is refused with a message and a redirect).
    "marketplace:review_reply": entry(
        "post",
        r("marketplace:review_reply", lambda w: w["review"].pk),
        LOGIN,
        404,
        404,
        R,
        404,
        404,
        404,
        404,
    ),
    # Hiding: the official covering the seller's district and staff (400: no reason given).
    "marketplace:review_hide": entry(
        "get",
        r("marketplace:review_hide", lambda w: w["review"].pk),
        LOGIN,
        404,
        404,
        404,
        404,
        200,
        404,
        200,
    ),
    "marketplace:seller_reviews": entry(
        "get", r("marketplace:seller_reviews", "banaras-looms"), *PUBLIC
    ),
    # payments
    "marketplace:payments:pay": entry(
        "post",
        r("marketplace:payments:pay", lambda w: w["order"].number),
        LOGIN,
        OK,
        404,
        404,
        404,
        404,
        404,
        404,
    ),
    "marketplace:payments:success": entry(
        "get",
        r("marketplace:payments:success", lambda w: w["order"].number),
        *ORDER_PARTIES_ONLY,
    ),
    "marketplace:payments:cancelled": entry(
        "get",
        r("marketplace:payments:cancelled", lambda w: w["order"].number),
        *ORDER_PARTIES_ONLY,
    ),
    "marketplace:payments:receipt_new": entry(
        "get",
        r("marketplace:payments:receipt_new", lambda w: w["order"].number),
        LOGIN,
        404,
        404,
        OK,
        404,
        404,
        404,
        404,
    ),
    "marketplace:payments:receipt_document": entry(
        "get",
        r(
            "marketplace:payments:receipt_document",
            lambda w: w["order"].number,
            lambda w: w["receipt"].pk,
        ),
        *ORDER_PARTIES_ONLY,
    ),
    # Changing the payment terms: the order's two parties only (an empty post is refused
    # with a message and a redirect back to the order).
    "marketplace:payments:terms_change": entry(
        "post",
        r("marketplace:payments:terms_change", lambda w: w["order"].number),
        LOGIN,
        R,
        404,
        R,
        404,
        404,
        404,
        404,
    ),
    "marketplace:payments:proforma": entry(
        "get",
        r("marketplace:payments:proforma", lambda w: w["order"].number),
        *ORDER_PARTIES_ONLY,
    ),
    # The demo mailbox: staff only unless DEMO_MODE (off in tests, forced off in production).
    "marketplace:demo_mailbox": entry("get", r("marketplace:demo_mailbox"), *[404] * 7, 200),
    "marketplace:payments:bank_details": entry(
        "get", r("marketplace:payments:bank_details"), LOGIN, 404, 404, OK, OK, 404, 404, 404
    ),
    "marketplace:payments:payouts": entry(
        "get", r("marketplace:payments:payouts"), LOGIN, 404, 404, OK, OK, 404, 404, 404
    ),
    "marketplace:payments:payouts_return": entry(
        "get", r("marketplace:payments:payouts_return"), LOGIN, 404, 404, OK, OK, 404, 404, 404
    ),
    "marketplace:payments:payouts_refresh": entry(
        "get", r("marketplace:payments:payouts_refresh"), LOGIN, 404, 404, OK, OK, 404, 404, 404
    ),
    "admin:payments_payment_refund": entry(
        "get",
        r("admin:payments_payment_refund", lambda w: w["payment"].pk),
        *[R] * 7,
        OK,
    ),
    # officials (site side)
    "cms:officials:event_register": entry(
        "post",
        r("cms:officials:event_register", lambda w: w["event"].pk),
        LOGIN,
        R,
        R,
        R,
        R,
        OK,
        OK,
        OK,
    ),
    "cms:officials:event_unregister": entry(
        "post",
        r("cms:officials:event_unregister", lambda w: w["event"].pk),
        LOGIN,
        R,
        R,
        R,
        R,
        OK,
        OK,
        OK,
    ),
    # The readiness page answers people without a seller business with a 403 page.
    "cms:officials:readiness": entry("get", r("cms:officials:readiness"), *SELLER_ONLY),
    "cms:officials:readiness_registration_delete": entry(
        "post",
        r("cms:officials:readiness_registration_delete", lambda w: w["registration"].pk),
        LOGIN,
        404,
        404,
        R,
        404,
        404,
        404,
        404,
    ),
    "cms:officials:glance_csv": entry(
        "get", r("cms:officials:glance_csv", lambda w: w["x"].pk, "exports_monthly"), *PUBLIC
    ),
    # Public aggregates only; an unknown district or chart is a 404 for everyone (below).
    "cms:officials:glance_svg": entry(
        "get", r("cms:officials:glance_svg", lambda w: w["x"].pk, "top_countries"), *PUBLIC
    ),
    # officials (Wagtail admin extensions)
    "officials_admin:index": entry(
        "get", r("officials_admin:index"), *[ADMIN_LOGIN] * 5, 200, 200, 200
    ),
    "officials_admin:district_dashboard": entry(
        "get", r("officials_admin:district_dashboard", lambda w: w["x"].pk), *ADMIN_X
    ),
    "officials_admin:district_chart_csv": entry(
        "get",
        r("officials_admin:district_chart_csv", lambda w: w["x"].pk, "exports_by_year"),
        *ADMIN_X,
    ),
    "officials_admin:district_import": entry(
        "get", r("officials_admin:district_import", lambda w: w["x"].pk), *ADMIN_X
    ),
    "officials_admin:district_readiness": entry(
        "get", r("officials_admin:district_readiness", lambda w: w["x"].pk), *ADMIN_X
    ),
    "officials_admin:import_all": entry(
        "get", r("officials_admin:import_all"), *[ADMIN_LOGIN] * 5, 404, 404, 200
    ),
    "officials_admin:import_report": entry(
        "get", r("officials_admin:import_report", lambda w: w["export_import"].pk), *ADMIN_X
    ),
    # Confirm and undo: the district's officials and staff (then refused or done with a
    # message, redirecting to the report); another district's official never sees the batch.
    "officials_admin:import_confirm": entry(
        "post",
        r("officials_admin:import_confirm", lambda w: w["export_import"].pk),
        *[ADMIN_LOGIN] * 5,
        R,
        404,
        R,
    ),
    "officials_admin:import_undo": entry(
        "post",
        r("officials_admin:import_undo", lambda w: w["export_import"].pk),
        *[ADMIN_LOGIN] * 5,
        R,
        404,
        R,
    ),
    # The sample and the empty template hold no district data: any official.
    "officials_admin:import_template": entry(
        "get", r("officials_admin:import_template", "sample"), *[ADMIN_LOGIN] * 5, 200, 200, 200
    ),
    "officials_admin:india_dashboard": entry(
        "get", r("officials_admin:india_dashboard"), *[ADMIN_LOGIN] * 5, 404, 404, 200
    ),
    "officials_admin:state_dashboard": entry(
        "get",
        r("officials_admin:state_dashboard", lambda w: w["state"].pk),
        *[ADMIN_LOGIN] * 5,
        404,
        404,
        200,
    ),
    "officials_admin:region_chart_csv": entry(
        "get",
        r("officials_admin:region_chart_csv", lambda w: w["state"].pk, "exports_by_year"),
        *[ADMIN_LOGIN] * 5,
        404,
        404,
        200,
    ),
    "officials_admin:event_registrations": entry(
        "get", r("officials_admin:event_registrations", lambda w: w["event"].pk), *ADMIN_X
    ),
    "officials_admin:event_registrations_csv": entry(
        "get", r("officials_admin:event_registrations_csv", lambda w: w["event"].pk), *ADMIN_X
    ),
    "officials_admin:bottlenecks": entry(
        "get", r("officials_admin:bottlenecks", lambda w: w["plan"].pk), *ADMIN_X
    ),
    # Wagtail's admin API for choosers (cms/wagtail_speedups/admin_api.py): a listing filtered
    # to the collections the user may choose from, and a root-collection document or a seller's
    # photo nobody but staff may choose is a 404 to every official.
    # wagtail-localize's submit and sync, on a page of official X's district (cms.translation_admin)
    "cms_submit_page_translation": entry(
        "get",
        r("cms_submit_page_translation", lambda w: w["plan"].get_parent().pk),
        *[ADMIN_LOGIN] * 5,
        200,
        R,  # Wagtail's admin answers PermissionDenied by a redirect home
        200,
    ),
    "cms_update_translations": entry(
        "get",
        r("cms_update_translations", lambda w: _translation_source(w["plan"].get_parent()).pk),
        *[ADMIN_LOGIN] * 5,
        200,
        R,  # Wagtail's admin answers PermissionDenied by a redirect home
        200,
    ),
    "cms_upload_pofile": entry(
        "post",
        r(
            "cms_upload_pofile",
            lambda w: _translation_source(w["plan"].get_parent()).translations.get().pk,
        ),
        *[ADMIN_LOGIN] * 5,
        R,
        R,  # denied: Wagtail redirects home
        R,
    ),
    "wagtailadmin_api:images:listing": entry("get", lambda w: "/admin/api/main/images/", *API_LIST),
    "wagtailadmin_api:images:detail": entry(
        "get", lambda w: f"/admin/api/main/images/{w['photo'].image_id}/", *API_HIDDEN
    ),
    "wagtailadmin_api:images:find": entry(
        "get", lambda w: f"/admin/api/main/images/find/?id={w['photo'].image_id}", *API_HIDDEN
    ),
    "wagtailadmin_api:documents:listing": entry(
        "get", lambda w: "/admin/api/main/documents/", *API_LIST
    ),
    "wagtailadmin_api:documents:detail": entry(
        "get", lambda w: f"/admin/api/main/documents/{w['certificate'].pk}/", *API_HIDDEN
    ),
    "wagtailadmin_api:documents:find": entry(
        "get", lambda w: f"/admin/api/main/documents/find/?id={w['certificate'].pk}", *API_HIDDEN
    ),
}


def test_every_route_has_an_entry():
    routes = own_routes()
    missing = sorted(routes - set(MATRIX))
    stale = sorted(set(MATRIX) - routes)
    assert not missing, f"routes without an authorization entry: {missing}"
    assert not stale, f"entries for routes that no longer exist: {stale}"


def outcome(response) -> int | str:
    if response.status_code == 302:
        location = response["Location"]
        if location.startswith(reverse("account_login")):
            return LOGIN
        if location.startswith("/admin/login/"):
            return ADMIN_LOGIN
    return response.status_code


def matches(actual, expected) -> bool:
    if isinstance(expected, frozenset):
        return actual in expected
    return actual == expected


@pytest.mark.django_db
@pytest.mark.parametrize("route", sorted(MATRIX))
def test_authorization_matrix(world, route):
    method, build, expectations = MATRIX[route]
    url = build(world)
    failures = []
    for persona in PERSONAS:
        cache.clear()  # rate-limit logs must not leak from one persona to the next
        client = Client()
        if world[persona] is not None:
            client.force_login(world[persona])
        with transaction.atomic():
            response = getattr(client, method)(url)
            transaction.set_rollback(True)
        actual = outcome(response)
        assert response.status_code < 500, f"{route} as {persona}: {response.status_code}"
        if not matches(actual, expectations[persona]):
            failures.append(f"{persona}: expected {expectations[persona]}, got {actual}")
    assert not failures, f"{route} ({url}):\n" + "\n".join(failures)


POSTS = sorted(
    name
    for name, (method, _b, _e) in MATRIX.items()
    if method == "post" and name != "stripe_webhook"
)


@pytest.mark.django_db
@pytest.mark.parametrize("route", POSTS)
def test_every_post_needs_a_csrf_token(world, route):
    _method, build, expectations = MATRIX[route]
    persona = next(p for p in PERSONAS if world[p] is not None and expectations[p] != 404)
    client = Client(enforce_csrf_checks=True)
    client.force_login(world[persona])
    response = client.post(build(world))
    assert response.status_code == 403, f"{route} as {persona} without a CSRF token"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name, args",
    [
        ("cms:officials:glance_svg", lambda w: [999999, "top_countries"]),
        ("cms:officials:glance_svg", lambda w: [w["x"].pk, "exports_by_year"]),
        ("cms:officials:glance_svg", lambda w: [w["x"].pk, "no_such_chart"]),
        ("cms:officials:glance_csv", lambda w: [999999, "top_countries"]),
        ("cms:officials:glance_csv", lambda w: [w["x"].pk, "no_such_chart"]),
    ],
)
def test_public_chart_routes_are_404_for_unknown_districts_and_charts(world, name, args):
    url = reverse(name, args=args(world))
    for persona in PERSONAS:
        client = Client()
        if world[persona] is not None:
            client.force_login(world[persona])
        assert client.get(url).status_code == 404, f"{url} as {persona}"


def test_the_matrix_covers_every_persona():
    for name, (_m, _b, expectations) in MATRIX.items():
        assert list(expectations) == PERSONAS, name
