"""core takes over four models whose tables catalogue and marketplace created.

State only: each model keeps its table (`db_table`), so an existing database keeps its rows
and a fresh one gets the tables from the old apps' migrations, which this one follows. The
old apps drop the models from their state in catalogue/0004 and marketplace/0006. Content
types move with them, so permissions granted on them (staff editing exchange rates) stay.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

MOVED = [
    ("catalogue", "exchangerate"),
    ("marketplace", "notification"),
    ("marketplace", "ratelimitcounter"),
    ("marketplace", "periodicrun"),
]


def move_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    for app_label, model in MOVED:
        if not ContentType.objects.using(db).filter(app_label="core", model=model).exists():
            ContentType.objects.using(db).filter(app_label=app_label, model=model).update(
                app_label="core"
            )


def restore_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    for app_label, model in MOVED:
        ContentType.objects.using(db).filter(app_label="core", model=model).update(
            app_label=app_label
        )


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("contenttypes", "0002_remove_content_type_name"),
        # The migrations that created the tables taken over here.
        ("catalogue", "0003_importjob"),
        ("marketplace", "0005_periodic_run"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="ExchangeRate",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("currency", models.CharField(max_length=3)),
                        ("rate_date", models.DateField()),
                        ("units_per_inr", models.DecimalField(decimal_places=10, max_digits=20)),
                        ("source", models.CharField(blank=True, max_length=200)),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                    ],
                    options={
                        "db_table": "catalogue_exchangerate",
                        "ordering": ["currency", "-rate_date"],
                        "constraints": [
                            models.UniqueConstraint(fields=("currency", "rate_date"), name="rate_unique_per_day"),
                            models.CheckConstraint(condition=models.Q(("units_per_inr__gt", 0)), name="rate_positive"),
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="Notification",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("kind", models.CharField(max_length=30)),
                        ("subject", models.CharField(max_length=200)),
                        ("body", models.TextField(blank=True)),
                        ("url", models.CharField(max_length=300)),
                        ("emailed_at", models.DateTimeField(blank=True, null=True)),
                        ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                        ("user", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="notifications", to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        "db_table": "marketplace_notification",
                        "ordering": ["-created_at"],
                        "indexes": [models.Index(fields=["user", "emailed_at"], name="marketplace_user_id_ef8c01_idx")],
                    },
                ),
                migrations.CreateModel(
                    name="RateLimitCounter",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("key", models.CharField(max_length=150, unique=True)),
                        ("window_start", models.DateTimeField()),
                        ("count", models.PositiveIntegerField(default=0)),
                    ],
                    options={"db_table": "marketplace_ratelimitcounter"},
                ),
                migrations.CreateModel(
                    name="PeriodicRun",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("name", models.CharField(max_length=50, unique=True)),
                        ("last_run_at", models.DateTimeField(blank=True, null=True)),
                    ],
                    options={"db_table": "marketplace_periodicrun"},
                ),
            ],
        ),
        migrations.RunPython(move_content_types, restore_content_types),
    ]
