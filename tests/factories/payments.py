"""Factories for payments (the sellers' Stripe Connect payout accounts)."""

import factory

from marketplace.payments.models import PayoutAccount
from tests.factories import SellerFactory


class PayoutAccountFactory(factory.django.DjangoModelFactory):
    """A seller's connected Stripe account, ready to be paid out unless told otherwise."""

    class Meta:
        model = PayoutAccount

    seller = factory.SubFactory(SellerFactory)
    stripe_account_id = factory.Sequence(lambda n: f"acct_test_{n}")
    payouts_enabled = True
