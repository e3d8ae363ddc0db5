"""Stripe Connect onboarding of a seller's payout account."""

from __future__ import annotations

from accounts.models import User
from sellers.models import Seller
from sellers.services import seller_stripe_account_set

from .. import stripe_gateway as gateway
from .common import PaymentError


def seller_payouts_onboarding_link(
    *, seller: Seller, by: User, refresh_url: str, return_url: str
) -> str:
    """Create the seller's Express account if missing; return a fresh onboarding link."""
    try:
        account_id = seller.stripe_account_id
        if not account_id:
            account_id = gateway.account_create(
                email=by.email, business_name=seller.name, seller_id=seller.pk
            )
            seller_stripe_account_set(seller=seller, account_id=account_id, payouts_enabled=False)
        return gateway.account_link_create(
            account_id=account_id, refresh_url=refresh_url, return_url=return_url
        )
    except gateway.GatewayError as exc:
        raise PaymentError(exc.user_message) from exc


def seller_payouts_sync(*, seller: Seller) -> bool:
    """Re-read the seller's account from Stripe (on return from onboarding); readiness."""
    if not seller.stripe_account_id:
        return False
    try:
        account = gateway.account_fetch(seller.stripe_account_id)
    except gateway.GatewayError as exc:
        raise PaymentError(exc.user_message) from exc
    seller_stripe_account_set(seller=seller, account_id=account.id, payouts_enabled=account.ready)
    return account.ready
