"""Notification, RateLimitCounter and PeriodicRun moved to core (core/migrations/0001):
dropped from this app's state only, so their tables and rows stay where they are."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("marketplace", "0005_periodic_run"),
        ("core", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.DeleteModel(name="Notification"),
                migrations.DeleteModel(name="RateLimitCounter"),
                migrations.DeleteModel(name="PeriodicRun"),
            ],
        ),
    ]
