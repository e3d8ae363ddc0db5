"""Reads for payments: what the order page's payment panel and the payouts page show."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from marketplace.models import Order, PaymentTerms
from marketplace.states import OrderStatus
from sellers.models import Seller, SellerMembership

from . import stripe_gateway as gateway
from .models import OfflineReceipt, Payment


def seller_can_take_card_payments(seller: Seller) -> bool:
    """Whether a quote from `seller` may offer card terms: Stripe is configured on this site
    and the seller's connected account can receive payouts. Otherwise offer offline terms."""
    return gateway.is_configured() and bool(seller.stripe_account_id) and seller.payouts_enabled


def seller_for_payouts(user) -> Seller | None:
    """The seller business whose payouts `user` may manage (owners, or staff allowed to)."""
    membership = (
        SellerMembership.objects.select_related("seller")
        .filter(user=user)
        .filter(role=SellerMembership.Role.OWNER)
        .first()
    ) or (
        SellerMembership.objects.select_related("seller")
        .filter(user=user, can_manage_payouts=True)
        .first()
    )
    return membership.seller if membership else None


def order_for_party(*, number: str, user) -> tuple[Order, str] | None:
    """The order `number` if `user` is its buyer ("buyer") or staff of its seller ("seller")."""
    order = Order.objects.select_related("seller", "buyer").filter(number=number).first()
    if order is None or not user.is_authenticated:
        return None
    if order.buyer_id == user.pk:
        return order, "buyer"
    if SellerMembership.objects.filter(seller_id=order.seller_id, user=user).exists():
        return order, "seller"
    return None


@dataclass(frozen=True)
class OrderPaymentSummary:
    order: Order
    party: str  # "buyer" or "seller"
    online: bool
    payments_available: bool
    seller_ready: bool
    can_pay: bool
    payment: Payment | None  # the latest attempt
    receipts: list[OfflineReceipt] = field(default_factory=list)
    received_offline: Decimal = Decimal(0)
    can_record_receipt: bool = False


def order_payment_summary(*, order: Order, party: str) -> OrderPaymentSummary:
    """Everything the payment panel of an order page shows, in three queries."""
    payment = order.payments.order_by("-attempt").first()
    receipts = list(order.offline_receipts.all())
    online = order.payment_terms == PaymentTerms.CARD
    available = gateway.is_configured()
    ready = seller_can_take_card_payments(order.seller)
    awaiting = order.status == OrderStatus.AWAITING_PAYMENT
    return OrderPaymentSummary(
        order=order,
        party=party,
        online=online,
        payments_available=available,
        seller_ready=ready,
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
    )
