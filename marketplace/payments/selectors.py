"""Reads for payments: what the order page's payment panel and the payouts page show."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from marketplace.models import Order
from marketplace.selectors import party_for
from marketplace.states import OrderStatus
from sellers.models import Seller
from sellers.selectors import seller_for_user

from . import stripe_gateway as gateway
from .methods import (
    PaymentMethod,
    available_methods,
    method_for,
    seller_can_take_card_payments,
    seller_has_payable_bank_details,
)
from .models import OfflineReceipt, Payment, PayoutAccount, TermsChange

__all__ = ["seller_can_take_card_payments"]  # re-exported: the payouts page reads it here


def seller_for_payouts(user) -> Seller | None:
    """The seller business whose payouts `user` may manage (owners, or staff allowed to)."""
    return seller_for_user(user, payouts=True)


def payout_account_for(seller: Seller) -> PayoutAccount | None:
    """The seller's Stripe Connect account (`PayoutAccount`), or None before onboarding: the
    one way to it from outside the payment services. No query when the seller was loaded
    with `select_related("payout_account")` or asked before; otherwise one."""
    return PayoutAccount.of(seller)


def order_for_party(*, number: str, user) -> tuple[Order, str] | None:
    """The order `number` if `user` is its buyer ("buyer") or staff of its seller ("seller")."""
    order = (
        Order.objects.select_related("seller__payout_account", "buyer")
        .filter(number=number)
        .first()
    )
    if order is None:
        return None
    party = party_for(user=user, buyer_id=order.buyer_id, seller_id=order.seller_id)
    return (order, party) if party in ("buyer", "seller") else None


@dataclass(frozen=True)
class BankDetails:
    account_name: str
    bank_name: str
    account_number: str
    ifsc: str
    swift: str
    verified: bool
    checked_at: object  # datetime of the official's check, or None


@dataclass(frozen=True)
class Proforma:
    """The proforma invoice of an order: everything its HTML page (and a future PDF) shows.
    One selector builds it, so both renderings say the same thing."""

    order: Order
    lines: list
    seller: Seller
    buyer_name: str
    buyer_company: str
    reference: str
    method: PaymentMethod
    bank: BankDetails | None
    issued_on: object


def bank_details_for(seller: Seller) -> BankDetails | None:
    """The seller's bank details for a buyer to pay into, or None when there are none to show.

    Unverified details ARE shown (with a "not yet verified" warning): an order on bank
    transfer cannot move until the buyer has them, and officials check details after the
    seller enters them. Details an official found wrong are never shown."""
    if not seller_has_payable_bank_details(seller):
        return None
    return BankDetails(
        account_name=seller.bank_account_name,
        bank_name=seller.bank_name,
        account_number=seller.bank_account_number,
        ifsc=seller.bank_ifsc,
        swift=seller.bank_swift,
        verified=seller.bank_verified,
        checked_at=seller.bank_checked_at,
    )


def order_proforma(*, order: Order) -> Proforma:
    """The proforma for `order` (loaded with seller and buyer): two queries (lines, company)."""
    company = getattr(order.buyer, "buyer_company", None)
    method = method_for(order.payment_terms)
    return Proforma(
        order=order,
        lines=list(order.lines.all()),
        seller=order.seller,
        buyer_name=order.buyer.get_full_name() or order.buyer.email,
        buyer_company=company.name if company else "",
        reference=order.number,
        method=method,
        bank=bank_details_for(order.seller) if method.needs_bank_details else None,
        issued_on=order.created_at,
    )


@dataclass(frozen=True)
class OrderPaymentSummary:
    order: Order
    party: str  # "buyer" or "seller"
    method: PaymentMethod
    online: bool
    payments_available: bool
    seller_ready: bool
    # Whether the site and this seller can take the order's terms now (card terms agreed
    # while card payment was on, say, may no longer be).
    terms_takeable: bool
    can_pay: bool
    payment: Payment | None  # the latest attempt
    receipts: list[OfflineReceipt] = field(default_factory=list)
    received_offline: Decimal = Decimal(0)
    can_record_receipt: bool = False
    bank: BankDetails | None = None
    reference: str = ""
    open_change: TermsChange | None = None
    can_answer_change: bool = False
    switch_choices: list = field(default_factory=list)


def order_payment_summary(*, order: Order, party: str) -> OrderPaymentSummary:
    """Everything the payment panel of an order page shows, in four queries."""
    payment = order.payments.order_by("-attempt").first()
    receipts = list(order.offline_receipts.all())
    method = method_for(order.payment_terms)
    online = method.online
    available = gateway.is_configured()
    ready = seller_can_take_card_payments(order.seller)
    awaiting = order.status == OrderStatus.AWAITING_PAYMENT
    open_change = (
        order.terms_changes.filter(status=TermsChange.Status.PROPOSED)
        .select_related("proposed_by")
        .first()
        if awaiting
        else None
    )
    trading = party in ("buyer", "seller")
    switch_choices = (
        [(m.terms, m.label) for m in available_methods(order.seller) if m.terms != method.terms]
        if awaiting and trading
        else []
    )
    return OrderPaymentSummary(
        order=order,
        party=party,
        method=method,
        online=online,
        payments_available=available,
        seller_ready=ready,
        terms_takeable=method.available(order.seller),
        can_pay=(
            party == "buyer"
            and online
            and available
            and ready
            and awaiting
            and not (payment and (payment.is_paid or payment.status == Payment.Status.PROCESSING))
        ),
        payment=payment,
        receipts=receipts,
        received_offline=sum((r.amount for r in receipts), Decimal(0)),
        can_record_receipt=(
            party == "seller" and not online and order.status != OrderStatus.CANCELLED
        ),
        bank=bank_details_for(order.seller) if method.needs_bank_details else None,
        reference=order.number,
        open_change=open_change,
        can_answer_change=bool(open_change and trading and open_change.proposed_by_party != party),
        switch_choices=switch_choices,
    )


def open_terms_change_party(order: Order) -> str:
    """Which party ("buyer"/"seller") proposed the open change of terms, or "" (one query)."""
    if order.status != OrderStatus.AWAITING_PAYMENT:
        return ""
    return (
        order.terms_changes.filter(status=TermsChange.Status.PROPOSED)
        .values_list("proposed_by_party", flat=True)
        .first()
        or ""
    )
