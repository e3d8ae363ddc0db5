"""SellerInvitation moved to sellers with the team pages (sellers/0007 takes it over).

State only: the table `marketplace_sellerinvitation` and its rows stay where they are.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("marketplace", "0010_merge_20261206_0917"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[migrations.DeleteModel(name="SellerInvitation")],
        ),
    ]
