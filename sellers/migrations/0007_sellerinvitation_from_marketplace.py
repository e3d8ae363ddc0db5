"""sellers takes over SellerInvitation (the team pages moved here from marketplace).

State only: the model keeps its table (`db_table`), so an existing database keeps its rows and
a fresh one gets the table from marketplace/0002 and 0007, which this one follows; marketplace
drops the model from its state in marketplace/0011. The content type moves with it, so
permissions granted on it stay.
"""

import uuid

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def move_content_type(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    if not ContentType.objects.using(db).filter(app_label="sellers", model="sellerinvitation").exists():
        ContentType.objects.using(db).filter(
            app_label="marketplace", model="sellerinvitation"
        ).update(app_label="sellers")


def restore_content_type(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    ContentType.objects.using(db).filter(app_label="sellers", model="sellerinvitation").update(
        app_label="marketplace"
    )


class Migration(migrations.Migration):
    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("contenttypes", "0002_remove_content_type_name"),
        ("sellers", "0006_verification_wording"),
        # Dropped from marketplace's state first, so the model is never in two apps at once.
        ("marketplace", "0011_sellerinvitation_moved_to_sellers"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="SellerInvitation",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("email", models.EmailField(max_length=254)),
                        ("token", models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                        ("can_manage_payouts", models.BooleanField(default=False)),
                        ("accepted_at", models.DateTimeField(blank=True, null=True)),
                        ("sent_at", models.DateTimeField(blank=True, null=True)),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("invited_by", models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL)),
                        ("seller", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="invitations", to="sellers.seller")),
                    ],
                    options={
                        "db_table": "marketplace_sellerinvitation",
                        "ordering": ["-created_at"],
                    },
                ),
            ],
        ),
        migrations.RunPython(move_content_type, restore_content_type),
    ]
