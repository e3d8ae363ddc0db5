"""The payout account moved from sellers.Seller to payments.PayoutAccount (issue 16): the data
migration carries each seller's Stripe account over, and back when it is reversed."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from marketplace.payments.models import PayoutAccount
from tests.factories import SellerFactory
from tests.factories.payments import PayoutAccountFactory

BEFORE = [("payments", "0004_payoutaccount"), ("sellers", "0009_seller_approved_values")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_the_account_moves_back_to_the_seller_and_forward_again():
    connected = PayoutAccountFactory(stripe_account_id="acct_moved", payouts_enabled=True).seller
    pending = PayoutAccountFactory(stripe_account_id="acct_pending", payouts_enabled=False).seller
    never = SellerFactory()
    try:
        old = migrate(BEFORE)
        rows = old.get_model("sellers", "Seller").objects.values_list(
            "pk", "stripe_account_id", "payouts_enabled"
        )
        assert set(rows) == {
            (connected.pk, "acct_moved", True),
            (pending.pk, "acct_pending", False),
            (never.pk, "", False),
        }
        assert not old.get_model("payments", "PayoutAccount").objects.exists()
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    accounts = PayoutAccount.objects.values_list(
        "seller_id", "stripe_account_id", "payouts_enabled"
    )
    assert set(accounts) == {
        (connected.pk, "acct_moved", True),
        (pending.pk, "acct_pending", False),
    }
