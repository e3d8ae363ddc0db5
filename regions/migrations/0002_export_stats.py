import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("regions", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="ExportStatImport",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("filename", models.CharField(max_length=255)),
                (
                    "status",
                    models.CharField(
                        choices=[("imported", "Imported"), ("rejected", "Rejected")], max_length=10
                    ),
                ),
                ("row_count", models.PositiveIntegerField(default=0)),
                ("replaced_count", models.PositiveIntegerField(default=0)),
                ("report", models.JSONField(blank=True, default=dict)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "district",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="export_imports",
                        to="regions.district",
                    ),
                ),
                (
                    "uploaded_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={"ordering": ["-created_at", "-id"]},
        ),
        migrations.CreateModel(
            name="ExportStat",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "period_kind",
                    models.CharField(
                        choices=[("month", "Month"), ("quarter", "Quarter")], max_length=7
                    ),
                ),
                ("period_start", models.DateField()),
                ("hs_code", models.CharField(max_length=8, verbose_name="HS code")),
                ("hs_chapter", models.CharField(max_length=2, verbose_name="HS chapter")),
                ("country", models.CharField(help_text="ISO 3166-1 alpha-2 code", max_length=2)),
                ("value_inr", models.DecimalField(decimal_places=2, max_digits=18)),
                ("value_usd", models.DecimalField(decimal_places=2, max_digits=16)),
                (
                    "batch",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="rows",
                        to="regions.exportstatimport",
                    ),
                ),
                (
                    "district",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="export_stats",
                        to="regions.district",
                    ),
                ),
            ],
            options={
                "ordering": ["district", "period_start", "hs_code", "country"],
                "indexes": [
                    models.Index(
                        fields=["district", "period_start", "hs_chapter"],
                        name="exportstat_district_period",
                    )
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("district", "period_kind", "period_start", "hs_code", "country"),
                        name="exportstat_unique_cell",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("value_inr__gte", 0), ("value_usd__gte", 0)),
                        name="exportstat_values_not_negative",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="ExportStatTotal",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "period_kind",
                    models.CharField(
                        choices=[("month", "Month"), ("quarter", "Quarter")], max_length=7
                    ),
                ),
                ("period_start", models.DateField()),
                ("value_inr", models.DecimalField(decimal_places=2, max_digits=20)),
                ("value_usd", models.DecimalField(decimal_places=2, max_digits=18)),
                (
                    "district",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="export_totals",
                        to="regions.district",
                    ),
                ),
            ],
            options={
                "ordering": ["district", "period_start"],
                "indexes": [
                    models.Index(fields=["period_start", "district"], name="exportstattotal_period")
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("district", "period_kind", "period_start"),
                        name="exportstattotal_unique",
                    ),
                ],
            },
        ),
    ]
