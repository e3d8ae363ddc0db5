"""Enquiries, buying requests (RFQs), conversations, quotations and orders.

Status fields move only through `marketplace.services` (tables in `marketplace.states`).
"""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from catalogue.models import Category, GIProduct, Product
from core.private_storage import private_storage, private_upload_path
from regions.models import District

# SellerInvitation moved to sellers with the team pages; still importable from here.
from sellers.models import Seller, SellerInvitation  # noqa: F401

from .states import EnquiryStatus, OrderStatus, QuoteStatus


class Currency(models.TextChoices):
    INR = "INR", "INR"
    USD = "USD", "USD"
    EUR = "EUR", "EUR"
    GBP = "GBP", "GBP"


class Incoterm(models.TextChoices):
    EXW = "EXW", _("EXW: ex works")
    FCA = "FCA", _("FCA: free carrier")
    FOB = "FOB", _("FOB: free on board")
    CFR = "CFR", _("CFR: cost and freight")
    CIF = "CIF", _("CIF: cost, insurance and freight")
    DAP = "DAP", _("DAP: delivered at place")
    DDP = "DDP", _("DDP: delivered duty paid")


class PaymentTerms(models.TextChoices):
    CARD = "card", _("Online card payment")
    BANK_TRANSFER = "bank_transfer", _("Bank transfer")
    LETTER_OF_CREDIT = "letter_of_credit", _("Letter of credit")


MONEY = {"max_digits": 14, "decimal_places": 2}


class BuyingRequest(models.Model):
    """An RFQ: a buyer's need, routed to matching published sellers as one enquiry each."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    buyer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="buying_requests"
    )
    title = models.CharField(_("what you need"), max_length=200)
    description = models.TextField(_("details"))
    category = models.ForeignKey(Category, null=True, blank=True, on_delete=models.SET_NULL)
    gi = models.ForeignKey(
        GIProduct, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("GI product")
    )
    district = models.ForeignKey(District, null=True, blank=True, on_delete=models.SET_NULL)
    quantity = models.PositiveIntegerField(validators=[MinValueValidator(1)])
    unit = models.CharField(max_length=10, choices=Product.Unit.choices, default="piece")
    destination_country = models.CharField(max_length=2)
    destination_port = models.CharField(max_length=100, blank=True)
    incoterm = models.CharField(max_length=3, choices=Incoterm.choices, default=Incoterm.FOB)
    needed_by = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("marketplace:rfq_detail", args=[self.pk])


class Enquiry(models.Model):
    """A buyer's question to one seller; the conversation and the quotation hang off it."""

    Status = EnquiryStatus  # marketplace.states: the statuses and their transitions

    buyer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enquiries"
    )
    seller = models.ForeignKey(Seller, on_delete=models.CASCADE, related_name="enquiries")
    product = models.ForeignKey(
        Product, null=True, blank=True, on_delete=models.SET_NULL, related_name="enquiries"
    )
    rfq = models.ForeignKey(
        BuyingRequest, null=True, blank=True, on_delete=models.CASCADE, related_name="enquiries"
    )
    subject = models.CharField(max_length=200)
    quantity = models.PositiveIntegerField(validators=[MinValueValidator(1)])
    unit = models.CharField(max_length=10, choices=Product.Unit.choices, default="piece")
    target_price = models.DecimalField(
        **MONEY, null=True, blank=True, validators=[MinValueValidator(Decimal("0.01"))]
    )
    target_currency = models.CharField(max_length=3, choices=Currency.choices, default=Currency.USD)
    destination_country = models.CharField(max_length=2)
    destination_port = models.CharField(max_length=100, blank=True)
    incoterm = models.CharField(max_length=3, choices=Incoterm.choices, default=Incoterm.FOB)
    needed_by = models.DateField(null=True, blank=True)
    language = models.CharField(max_length=10, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=EnquiryStatus.OPEN)
    first_response_at = models.DateTimeField(null=True, blank=True)
    last_message_at = models.DateTimeField(default=timezone.now)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-last_message_at"]
        verbose_name_plural = "enquiries"
        indexes = [
            models.Index(fields=["seller", "status"]),
            models.Index(fields=["buyer", "-last_message_at"]),
        ]

    def __str__(self):
        return self.subject

    def get_absolute_url(self):
        return reverse("marketplace:enquiry_detail", args=[self.pk])


def attachment_path(instance, filename):
    # Kept for the historical migrations that name it; new files use private_upload_path.
    return f"trade/{timezone.now():%Y/%m}/{uuid.uuid4().hex}/{filename}"


class Message(models.Model):
    """One message in an enquiry's conversation; `read_at` is the read receipt."""

    enquiry = models.ForeignKey(Enquiry, on_delete=models.CASCADE, related_name="messages")
    sender = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # Which side wrote it: the recipient is the other side (any staff of the seller reads).
    from_buyer = models.BooleanField()
    body = models.TextField()
    language = models.CharField(max_length=10, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["enquiry", "from_buyer", "read_at"])]


class MessageAttachment(models.Model):
    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=private_upload_path, storage=private_storage, max_length=300)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=50)
    size = models.PositiveIntegerField()

    def __str__(self):
        return self.original_name


class Quotation(models.Model):
    """The seller's offer on an enquiry (one per enquiry; revisions keep the history)."""

    Status = QuoteStatus  # marketplace.states

    enquiry = models.OneToOneField(Enquiry, on_delete=models.CASCADE, related_name="quotation")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    currency = models.CharField(max_length=3, choices=Currency.choices, default=Currency.USD)
    incoterm = models.CharField(max_length=3, choices=Incoterm.choices, default=Incoterm.FOB)
    port = models.CharField(max_length=100, blank=True)
    lead_time_days = models.PositiveSmallIntegerField(validators=[MinValueValidator(1)])
    valid_until = models.DateField()
    payment_terms = models.CharField(
        max_length=20, choices=PaymentTerms.choices, default=PaymentTerms.BANK_TRANSFER
    )
    sample_offered = models.BooleanField(default=False)
    sample_price = models.DecimalField(**MONEY, null=True, blank=True)
    notes = models.TextField(blank=True)
    total = models.DecimalField(**MONEY, default=Decimal("0"))
    revision = models.PositiveSmallIntegerField(default=1)
    status = models.CharField(max_length=10, choices=Status.choices, default=QuoteStatus.SENT)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at"]

    def __str__(self):
        return f"Quotation {self.pk} (rev. {self.revision})"

    @property
    def is_expired(self) -> bool:
        return timezone.localdate() > self.valid_until

    @property
    def can_be_accepted(self) -> bool:
        return self.status == QuoteStatus.SENT and not self.is_expired


class QuoteLine(models.Model):
    quotation = models.ForeignKey(Quotation, on_delete=models.CASCADE, related_name="lines")
    product = models.ForeignKey(Product, null=True, blank=True, on_delete=models.SET_NULL)
    description = models.CharField(max_length=200)
    quantity = models.PositiveIntegerField(validators=[MinValueValidator(1)])
    unit = models.CharField(max_length=10, choices=Product.Unit.choices, default="piece")
    unit_price = models.DecimalField(**MONEY, validators=[MinValueValidator(Decimal("0.01"))])

    class Meta:
        ordering = ["id"]

    @property
    def line_total(self) -> Decimal:
        return self.unit_price * self.quantity


class QuoteRevision(models.Model):
    """A frozen copy of every version the seller sent (terms and lines, as JSON)."""

    quotation = models.ForeignKey(Quotation, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveSmallIntegerField()
    snapshot = models.JSONField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["quotation", "number"], name="quote_revision_unique")
        ]


class Order(models.Model):
    """An accepted quotation (or a sample of it) with its terms frozen.

    `status` moves only through `marketplace.services.order_transition` (table in
    `marketplace.states.ORDER_TRANSITIONS`). `total` is in `currency` and is what payments
    charge; it is never taken from the browser.
    """

    Status = OrderStatus  # marketplace.states

    number = models.CharField(max_length=20, unique=True)
    buyer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="orders"
    )
    seller = models.ForeignKey(Seller, on_delete=models.PROTECT, related_name="orders")
    # One main order and at most one sample order per quotation (the constraint below is
    # what makes two simultaneous acceptances create exactly one order).
    quotation = models.ForeignKey(Quotation, on_delete=models.PROTECT, related_name="orders")
    is_sample = models.BooleanField(default=False)
    currency = models.CharField(max_length=3, choices=Currency.choices)
    total = models.DecimalField(**MONEY, validators=[MinValueValidator(Decimal("0.01"))])
    incoterm = models.CharField(max_length=3, choices=Incoterm.choices)
    port = models.CharField(max_length=100, blank=True)
    lead_time_days = models.PositiveSmallIntegerField(default=0)
    payment_terms = models.CharField(max_length=20, choices=PaymentTerms.choices)
    terms_snapshot = models.JSONField(default=dict)
    status = models.CharField(
        max_length=20, choices=Status.choices, default=OrderStatus.AWAITING_PAYMENT
    )
    tracking_number = models.CharField(max_length=100, blank=True)
    carrier = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["quotation", "is_sample"], name="order_one_per_quote_and_kind"
            ),
            models.CheckConstraint(condition=models.Q(total__gt=0), name="order_total_positive"),
        ]
        indexes = [models.Index(fields=["seller", "status"]), models.Index(fields=["buyer"])]

    def __str__(self):
        return self.number

    def get_absolute_url(self):
        return reverse("marketplace:order_detail", args=[self.number])


class OrderLine(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="lines")
    product = models.ForeignKey(Product, null=True, blank=True, on_delete=models.SET_NULL)
    description = models.CharField(max_length=200)
    quantity = models.PositiveIntegerField()
    unit = models.CharField(max_length=10, default="piece")
    unit_price = models.DecimalField(**MONEY)

    class Meta:
        ordering = ["id"]

    @property
    def line_total(self) -> Decimal:
        return self.unit_price * self.quantity


class OrderEvent(models.Model):
    """The history of an order: one row per status change (or note), newest last."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    # The history shows the statuses' translated names, never their stored codes
    # ("awaiting_payment → paid" read the same in every language).
    @property
    def from_status_label(self) -> str:
        return _status_label(self.from_status)

    @property
    def to_status_label(self) -> str:
        return _status_label(self.to_status)


def _status_label(code: str) -> str:
    try:
        return Order.Status(code).label
    except ValueError:  # a code from an older version of the workflow
        return code


class OrderDocument(models.Model):
    """Shipping and trade documents (invoice, packing list, bill of lading...).

    Added by the seller through `marketplace.services.order_documents_add` (or with the
    shipment, `order_ship`); served only through the authorising download view."""

    class Kind(models.TextChoices):
        COMMERCIAL_INVOICE = "commercial_invoice", _("Commercial invoice")
        PACKING_LIST = "packing_list", _("Packing list")
        BILL_OF_LADING = "bill_of_lading", _("Bill of lading")
        AIRWAY_BILL = "airway_bill", _("Air waybill")
        CERTIFICATE_OF_ORIGIN = "certificate_of_origin", _("Certificate of origin")
        PHYTOSANITARY = "phytosanitary", _("Phytosanitary certificate")
        OTHER = "other", _("Other document")

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(max_length=30, choices=Kind.choices, default=Kind.OTHER)
    file = models.FileField(upload_to=private_upload_path, storage=private_storage, max_length=300)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=50, blank=True)
    size = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return self.original_name


class FormSubmission(models.Model):
    """One row per form post that did something (marketplace.once): the unique key is the
    one-time token signed into the form when it was shown, so a second post of the same form
    (a double click, a resend after a timeout) finds the first's result instead of doing it
    again. Rows older than the token's lifetime are worthless and may be deleted."""

    key = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.CASCADE, related_name="+"
    )
    result_url = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return self.key


class SentEmail(models.Model):
    """An email as sent, kept by the demo's email backend (`marketplace.mailbox`) so a
    newcomer can read it in the demo mailbox. Never written in production."""

    subject = models.CharField(max_length=300)
    from_email = models.CharField(max_length=300)
    to = models.TextField()  # comma-separated recipients
    body_text = models.TextField(blank=True)
    body_html = models.TextField(blank=True)
    sent_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-sent_at", "-id"]

    def __str__(self):
        return self.subject


# Reviews live in their own module of this app (marketplace/reviews/); importing them here
# registers the models with the app.
from .reviews.models import Review, ReviewModeration  # noqa: E402, F401
