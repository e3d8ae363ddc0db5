"""Stripe Connect onboarding of a seller's payout account (`PayoutAccount`)."""

from __future__ import annotations

from accounts.models import User
from sellers.models import Seller

from .. import stripe_gateway as gateway
from ..models import PayoutAccount
from .common import PaymentError


def payout_account_set(*, seller: Seller, account_id: str, payouts_enabled: bool) -> PayoutAccount:
    """Record the seller's Stripe Connect account and its payout readiness (onboarding, the
    return from it, `account.updated` events). Its own row, so a profile edit saved at the
    same time is never overwritten; `seller.payout_account` is the saved row afterwards."""
    account, _created = PayoutAccount.objects.update_or_create(
        seller=seller,
        defaults={"stripe_account_id": account_id, "payouts_enabled": payouts_enabled},
    )
    seller.payout_account = account
    return account


def seller_payouts_onboarding_link(
    *, seller: Seller, by: User, refresh_url: str, return_url: str
) -> str:
    """Create the seller's Express account if missing; return a fresh onboarding link."""
    try:
        account = PayoutAccount.of(seller)
        if account is None:
            account_id = gateway.account_create(
                email=by.email, business_name=seller.name, seller_id=seller.pk
            )
            account = payout_account_set(
                seller=seller, account_id=account_id, payouts_enabled=False
            )
        return gateway.account_link_create(
            account_id=account.stripe_account_id, refresh_url=refresh_url, return_url=return_url
        )
    except gateway.GatewayError as exc:
        raise PaymentError(exc.user_message) from exc


def seller_payouts_sync(*, seller: Seller) -> bool:
    """Re-read the seller's account from Stripe (on return from onboarding); readiness."""
    current = PayoutAccount.of(seller)
    if current is None:
        return False
    try:
        account = gateway.account_fetch(current.stripe_account_id)
    except gateway.GatewayError as exc:
        raise PaymentError(exc.user_message) from exc
    payout_account_set(seller=seller, account_id=account.id, payouts_enabled=account.ready)
    return account.ready
