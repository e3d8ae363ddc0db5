"""The payment-method registry: one entry per payment terms of a quotation or order.

Every question "how is an order on these terms paid?" is answered here and read everywhere
else (quote form, quote service, order page, next actions, payment services): whether the
site can take the method now, its label and summary, how a payment starts, the template of
the order page's payment panel, and the next step for each party.

To add a method: a `PaymentTerms` choice (marketplace/models.py), an entry in `METHODS`, its
panel template under templates/payments/methods/, and, when it is paid online, a start view.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from marketplace.models import PaymentTerms

from . import stripe_gateway as gateway
from .models import PayoutAccount

if TYPE_CHECKING:
    from marketplace.models import Order
    from sellers.models import Seller


def seller_can_take_card_payments(seller: Seller) -> bool:
    """Stripe is configured on this site and the seller's connected account can be paid."""
    if not gateway.is_configured():
        return False
    account = PayoutAccount.of(seller)
    return account is not None and account.payouts_enabled


def seller_has_payable_bank_details(seller: Seller) -> bool:
    """Bank details a buyer may pay into: entered, and not found wrong by an official."""
    return bool(seller.bank_account_number) and seller.bank_status != seller.Verification.REJECTED


@dataclass(frozen=True)
class Step:
    """One next step for a party: a label and where to do it."""

    label: str
    url: str


def _card_steps(order: Order, party: str) -> list[Step]:
    url = order.get_absolute_url()
    if not seller_can_take_card_payments(order.seller):
        # Card terms the site cannot take: the way forward is agreeing other terms.
        return [
            Step(
                _("Agree a change of payment terms (card payment is not available)"),
                url + "#payment-terms",
            )
        ]
    if party == "buyer":
        return [Step(_("Pay for order %(n)s") % {"n": order.number}, url + "#payment-heading")]
    return [Step(_("Wait for the buyer's card payment"), url + "#payment-heading")]


def _offline_steps(order: Order, party: str) -> list[Step]:
    url = order.get_absolute_url()
    receipt = reverse("marketplace:payments:receipt_new", args=[order.number])
    method = METHODS[order.payment_terms]
    if method.needs_bank_details and not seller_has_payable_bank_details(order.seller):
        if party == "seller":
            return [
                Step(
                    _("Share your bank details with the buyer"),
                    reverse("marketplace:payments:bank_details"),
                ),
                Step(_("Record the payment received"), receipt),
            ]
        return [Step(_("Wait for the seller's bank details"), url + "#payment-heading")]
    if party == "seller":
        return [Step(_("Record the payment received"), receipt)]
    return [
        Step(
            _("Pay order %(n)s by %(method)s, quoting %(n)s as the reference")
            % {"n": order.number, "method": method.label},
            url + "#payment-heading",
        )
    ]


@dataclass(frozen=True)
class PaymentMethod:
    terms: str  # a PaymentTerms value: the registry key
    label: Promise
    summary: Promise  # one sentence for the buyer: how this is paid
    online: bool  # paid on the site (Stripe) rather than recorded by the seller
    start: str  # how a payment starts: "checkout" (buyer pays on Stripe) or "receipt"
    template: str  # the order page's payment panel for this method
    needs_bank_details: bool
    site_can_take: Callable[[], bool]
    seller_can_take: Callable[[Seller], bool]
    steps: Callable[[Order, str], list[Step]]

    def available(self, seller: Seller | None = None) -> bool:
        """Whether a quotation may use these terms now (for `seller`, when given)."""
        if not self.site_can_take():
            return False
        return seller is None or self.seller_can_take(seller)


METHODS: dict[str, PaymentMethod] = {
    PaymentTerms.BANK_TRANSFER: PaymentMethod(
        terms=PaymentTerms.BANK_TRANSFER,
        label=PaymentTerms.BANK_TRANSFER.label,
        summary=gettext_lazy(
            "The buyer transfers the total to the seller's bank account quoting the order "
            "number; the seller records the receipt and the order becomes paid."
        ),
        online=False,
        start="receipt",
        template="payments/methods/offline.html",
        needs_bank_details=True,
        site_can_take=lambda: True,
        seller_can_take=lambda seller: True,
        steps=_offline_steps,
    ),
    PaymentTerms.LETTER_OF_CREDIT: PaymentMethod(
        terms=PaymentTerms.LETTER_OF_CREDIT,
        label=PaymentTerms.LETTER_OF_CREDIT.label,
        summary=gettext_lazy(
            "The buyer's bank opens a letter of credit; the seller records the payment "
            "when the bank pays it."
        ),
        online=False,
        start="receipt",
        template="payments/methods/offline.html",
        needs_bank_details=False,
        site_can_take=lambda: True,
        seller_can_take=lambda seller: True,
        steps=_offline_steps,
    ),
    PaymentTerms.CARD: PaymentMethod(
        terms=PaymentTerms.CARD,
        label=PaymentTerms.CARD.label,
        summary=gettext_lazy(
            "The buyer pays by card on Stripe's secure page; the order becomes paid when "
            "Stripe confirms it."
        ),
        online=True,
        start="checkout",
        template="payments/methods/card.html",
        needs_bank_details=False,
        site_can_take=gateway.is_configured,
        seller_can_take=seller_can_take_card_payments,
        steps=_card_steps,
    ),
}


def method_for(terms: str) -> PaymentMethod:
    return METHODS[terms]


def payment_steps(order: Order, party: str) -> list[Step]:
    """The next steps of `party` ("buyer" or "seller") on an order awaiting payment."""
    return METHODS[order.payment_terms].steps(order, party)


def available_methods(seller: Seller | None = None) -> list[PaymentMethod]:
    """The methods a quotation may use now, the default (bank transfer) first."""
    return [m for m in METHODS.values() if m.available(seller)]


def terms_choices(seller: Seller | None = None) -> list[tuple[str, str]]:
    return [(m.terms, m.label) for m in available_methods(seller)]


def offline_terms() -> frozenset[str]:
    return frozenset(t for t, m in METHODS.items() if not m.online)
