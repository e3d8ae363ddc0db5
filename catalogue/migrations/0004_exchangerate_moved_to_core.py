"""ExchangeRate moved to core (core/migrations/0001): dropped from this app's state only, so
its table and rows stay where they are."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("catalogue", "0003_importjob"),
        ("core", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[migrations.DeleteModel(name="ExchangeRate")],
        ),
    ]
