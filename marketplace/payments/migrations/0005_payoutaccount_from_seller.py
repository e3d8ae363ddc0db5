"""Copy each seller's Stripe Connect account from `sellers.Seller` (`stripe_account_id`,
`payouts_enabled`) into `PayoutAccount`; the reverse moves it back.

`run_before` the sellers migration that removes the two fields, so the copy happens while
they exist and the dependency is declared here: sellers, the lower layer, names no payments
migration."""

from django.db import migrations


def copy_to_payout_accounts(apps, schema_editor):
    Seller = apps.get_model("sellers", "Seller")
    PayoutAccount = apps.get_model("payments", "PayoutAccount")
    rows = (
        Seller.objects.exclude(stripe_account_id="")
        .order_by("pk")
        .values_list("pk", "stripe_account_id", "payouts_enabled")
    )
    PayoutAccount.objects.bulk_create(
        PayoutAccount(seller_id=pk, stripe_account_id=account_id, payouts_enabled=enabled)
        for pk, account_id, enabled in rows
    )


def move_back_to_sellers(apps, schema_editor):
    Seller = apps.get_model("sellers", "Seller")
    PayoutAccount = apps.get_model("payments", "PayoutAccount")
    for account in PayoutAccount.objects.order_by("pk"):
        Seller.objects.filter(pk=account.seller_id).update(
            stripe_account_id=account.stripe_account_id,
            payouts_enabled=account.payouts_enabled,
        )
    # A move, not a copy: applying this migration again finds no row in its way.
    PayoutAccount.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("payments", "0004_payoutaccount"),
        ("sellers", "0009_seller_approved_values"),
    ]
    run_before = [("sellers", "0010_remove_seller_payout_account")]

    operations = [
        migrations.RunPython(copy_to_payout_accounts, move_back_to_sellers),
    ]
