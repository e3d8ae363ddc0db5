"""Payments: card payments through Stripe Checkout, refunds, Stripe events, offline receipts
and the sellers' payout accounts (Stripe Connect).

Amounts that come from Stripe are kept as integer minor units (what Stripe counts in), with
Decimal properties for display. `Payment.status` and its money totals move only through
`marketplace.payments.services` and never backwards (see `STATUS_RANK`).
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.private_storage import private_storage, private_upload_path
from marketplace.models import PaymentTerms

from .money import from_minor

MONEY = {"max_digits": 14, "decimal_places": 2}


class Payment(models.Model):
    """One attempt to pay an order by card (one Stripe Checkout Session).

    A new attempt is made only when the previous one expired or failed; the idempotency key
    sent to Stripe is derived from (order, attempt), so a double click or a retried request
    never creates a second session for the same attempt.
    """

    class Status(models.TextChoices):
        CREATED = "created", _("Starting")
        OPEN = "open", _("Waiting for the buyer at Stripe")
        PROCESSING = "processing", _("Processing")
        FAILED = "failed", _("Failed")
        EXPIRED = "expired", _("Expired")
        SUCCEEDED = "succeeded", _("Paid")
        PARTIALLY_REFUNDED = "partially_refunded", _("Partly refunded")
        REFUNDED = "refunded", _("Refunded")

    order = models.ForeignKey(
        "marketplace.Order", on_delete=models.PROTECT, related_name="payments"
    )
    attempt = models.PositiveSmallIntegerField()
    checkout_session_id = models.CharField(max_length=255, null=True, blank=True, unique=True)
    checkout_url = models.URLField(max_length=2000, blank=True)
    payment_intent_id = models.CharField(max_length=255, blank=True, db_index=True)
    charge_id = models.CharField(max_length=255, blank=True)
    destination_account = models.CharField(max_length=64, blank=True)
    currency = models.CharField(max_length=3)
    amount = models.DecimalField(**MONEY)
    amount_minor = models.BigIntegerField()
    fee_minor = models.BigIntegerField(default=0)
    captured_minor = models.BigIntegerField(default=0)
    refunded_minor = models.BigIntegerField(default=0)
    disputed = models.BooleanField(default=False)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.CREATED)
    failure_message = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["order", "-attempt"]
        constraints = [
            models.UniqueConstraint(fields=["order", "attempt"], name="payment_attempt_unique"),
            models.CheckConstraint(
                condition=models.Q(refunded_minor__lte=models.F("captured_minor")),
                name="payment_refund_within_capture",
            ),
            models.CheckConstraint(
                condition=models.Q(fee_minor__gte=0, captured_minor__gte=0, refunded_minor__gte=0),
                name="payment_amounts_not_negative",
            ),
        ]

    def __str__(self):
        return f"{self.order_id} #{self.attempt} ({self.status})"

    @property
    def fee(self) -> Decimal:
        return from_minor(self.fee_minor, self.currency)

    @property
    def captured(self) -> Decimal:
        return from_minor(self.captured_minor, self.currency)

    @property
    def refunded(self) -> Decimal:
        return from_minor(self.refunded_minor, self.currency)

    @property
    def net_paid_minor(self) -> int:
        """What the buyer has paid and kept paid: captured - refunded."""
        return self.captured_minor - self.refunded_minor

    @property
    def net_paid(self) -> Decimal:
        return from_minor(self.net_paid_minor, self.currency)

    @property
    def payout_minor(self) -> int:
        """The seller's share: amount minus the platform fee, both reduced in proportion to
        refunds (refunds reverse the transfer and the application fee pro rata)."""
        if not self.captured_minor:
            return self.amount_minor - self.fee_minor
        kept = self.net_paid_minor
        fee_kept = (self.fee_minor * kept + self.captured_minor // 2) // self.captured_minor
        return kept - fee_kept

    @property
    def payout(self) -> Decimal:
        return from_minor(self.payout_minor, self.currency)

    @property
    def is_paid(self) -> bool:
        return self.captured_minor > 0


class Refund(models.Model):
    """A refund staff asked Stripe for. The payment's refunded total follows `charge.refunded`."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        SENT = "sent", _("Sent to Stripe")
        FAILED = "failed", _("Refused")

    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="refunds")
    amount_minor = models.BigIntegerField()
    reason = models.CharField(max_length=300, blank=True)
    stripe_refund_id = models.CharField(max_length=255, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.REQUESTED)
    error = models.CharField(max_length=500, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount_minor__gt=0), name="refund_positive")
        ]

    @property
    def amount(self) -> Decimal:
        return from_minor(self.amount_minor, self.payment.currency)


class StripeEvent(models.Model):
    """Every Stripe event we accepted, once (the unique id makes a replay a no-op)."""

    event_id = models.CharField(max_length=255, unique=True)
    type = models.CharField(max_length=100)
    object_id = models.CharField(max_length=255, blank=True)
    account = models.CharField(max_length=64, blank=True)
    stripe_created = models.DateTimeField(null=True, blank=True)
    livemode = models.BooleanField(default=False)
    payload = models.JSONField()
    outcome = models.CharField(max_length=300, blank=True)
    received_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-received_at"]

    def __str__(self):
        return f"{self.type} {self.event_id}"


def receipt_path(instance, filename):
    # Kept for the historical migration that names it; new files use private_upload_path.
    return f"payments/receipts/{timezone.now():%Y/%m}/{filename}"


class OfflineReceipt(models.Model):
    """The seller's record that money arrived outside Stripe (bank transfer, letter of credit)."""

    class Method(models.TextChoices):
        BANK_TRANSFER = "bank_transfer", _("Bank transfer")
        LETTER_OF_CREDIT = "letter_of_credit", _("Letter of credit")

    order = models.ForeignKey(
        "marketplace.Order", on_delete=models.PROTECT, related_name="offline_receipts"
    )
    method = models.CharField(max_length=20, choices=Method.choices)
    reference = models.CharField(
        _("reference"), max_length=100, help_text=_("Bank reference (UTR/SWIFT) or LC number.")
    )
    amount = models.DecimalField(_("amount received"), **MONEY)
    received_on = models.DateField(_("received on"))
    # Private storage, random name (core/private_storage.py); served by receipt_document.
    document = models.FileField(
        _("document"), upload_to=private_upload_path, storage=private_storage, max_length=300
    )
    document_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=50, blank=True)  # detected from the bytes
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["received_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["order", "reference"], name="receipt_reference_unique"),
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="receipt_positive"),
        ]


class TermsChange(models.Model):
    """A proposal to change the payment terms of an order awaiting payment.

    One party proposes, the other confirms or refuses (`services.terms_change_*`); at most one
    proposal is open per order. A confirmed change rewrites `Order.payment_terms` and is
    written into the order's history."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        CONFIRMED = "confirmed", _("Confirmed")
        REFUSED = "refused", _("Refused")

    order = models.ForeignKey(
        "marketplace.Order", on_delete=models.CASCADE, related_name="terms_changes"
    )
    from_terms = models.CharField(max_length=20, choices=PaymentTerms.choices)
    to_terms = models.CharField(max_length=20, choices=PaymentTerms.choices)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    proposed_by_party = models.CharField(max_length=10)  # "buyer" or "seller"
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PROPOSED)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["order"],
                condition=models.Q(status="proposed"),
                name="terms_change_one_open_per_order",
            )
        ]

    def __str__(self):
        return f"{self.order_id}: {self.from_terms} -> {self.to_terms} ({self.status})"


class PayoutAccount(models.Model):
    """A seller's Stripe Connect (Express) account, where its card payments are paid out.

    One per seller, made when an owner first starts Stripe onboarding. Written only by
    `marketplace.payments.services` (onboarding, the return from it and `account.updated`
    events); read through `PayoutAccount.of(seller)` (the payments selectors and methods), so
    nothing outside payments knows where the account lives."""

    seller = models.OneToOneField(
        "sellers.Seller", on_delete=models.CASCADE, related_name="payout_account"
    )
    # One Stripe account pays out to one seller: an `account.updated` event names one seller.
    stripe_account_id = models.CharField(max_length=64, unique=True)
    payouts_enabled = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"{self.stripe_account_id} (seller {self.seller_id})"

    @classmethod
    def of(cls, seller) -> PayoutAccount | None:
        """The seller's account, or None before onboarding. No query when the seller was
        loaded with `select_related("payout_account")`; otherwise one, remembered on it."""
        try:
            return seller.payout_account
        except cls.DoesNotExist:
            return None
