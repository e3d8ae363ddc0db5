from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class State(models.Model):
    """A state or union territory, keyed by its ISO 3166-2:IN code (post-2023 codes)."""

    class Kind(models.TextChoices):
        STATE = "state", _("State")
        UT = "UT", _("Union territory")

    iso_code = models.CharField(max_length=6, unique=True)
    name = models.CharField(max_length=100, unique=True)
    iso_name = models.CharField(max_length=100, blank=True)
    kind = models.CharField(max_length=5, choices=Kind.choices, default=Kind.STATE)
    previous_iso_code = models.CharField(max_length=6, blank=True)
    slug = models.SlugField(max_length=100, unique=True)
    # GSTIN's first two digits are the state's GST code; kept here for seller validation.
    gst_code = models.CharField(max_length=2, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class District(models.Model):
    state = models.ForeignKey(State, on_delete=models.PROTECT, related_name="districts")
    name = models.CharField(max_length=100)
    # Globally unique: clashing names (Aurangabad, Bilaspur, Hamirpur) get the state suffix.
    slug = models.SlugField(max_length=120, unique=True)
    lgd_code = models.PositiveIntegerField(null=True, blank=True, unique=True)
    previous_names = models.CharField(max_length=255, blank=True)
    aliases = models.CharField(
        max_length=500, blank=True, help_text=_("Other spellings, separated by '; '.")
    )
    # The name in Devanagari where an attributable source has it (regions/data/SOURCES.md,
    # district_names_hi.csv); typed district fields and search match it.
    name_hi = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["state__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["state", "name"], name="district_unique_per_state")
        ]

    def __str__(self):
        return f"{self.name}, {self.state.name}"


class Cluster(models.Model):
    """A production cluster of a district: a GI, toy or agricultural cluster."""

    class Kind(models.TextChoices):
        GI = "gi", _("GI cluster")
        TOY = "toy", _("Toy cluster")
        AGRI = "agri", _("Agricultural cluster")
        CRAFT = "craft", _("Craft or manufacturing cluster")

    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="clusters")
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=220, unique=True)
    kind = models.CharField(max_length=5, choices=Kind.choices)
    locality = models.CharField(max_length=200, blank=True)
    material = models.CharField(max_length=500, blank=True)
    description = models.TextField(blank=True)
    source_url = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["district", "name"], name="cluster_unique_per_district")
        ]

    def __str__(self):
        return self.name


class OfficialPost(models.Model):
    """A public office a user holds: a district's (curates its storefront, reviews its sellers
    and listings) or a whole state's (all its districts, and its storefronts' review workflow).

    The one source of truth for "who is an official of what"; Wagtail groups are derived from
    it (cms.services.official_grant) and every read goes through
    `regions.selectors.official_scope`.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="official_posts"
    )
    district = models.ForeignKey(
        District, null=True, blank=True, on_delete=models.CASCADE, related_name="officials"
    )
    state = models.ForeignKey(
        State, null=True, blank=True, on_delete=models.CASCADE, related_name="officials"
    )
    title = models.CharField(max_length=200, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(district__isnull=False, state__isnull=True)
                    | models.Q(district__isnull=True, state__isnull=False)
                ),
                name="officialpost_district_xor_state",
            ),
            models.UniqueConstraint(
                fields=["user", "district"],
                condition=models.Q(district__isnull=False),
                name="official_unique_post",
            ),
            models.UniqueConstraint(
                fields=["user", "state"],
                condition=models.Q(state__isnull=False),
                name="official_unique_state_post",
            ),
        ]

    def __str__(self):
        return f"{self.user} — {self.district or self.state}"


class ExportStat(models.Model):
    """Export value of one district, period, HS code and destination country.

    Written only by `regions.services.export_stats_import`, which replaces a district's
    (period kind, period) slice as a whole so a re-import never doubles the figures.
    """

    class PeriodKind(models.TextChoices):
        MONTH = "month", _("Month")
        QUARTER = "quarter", _("Quarter")

    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="export_stats")
    period_kind = models.CharField(max_length=7, choices=PeriodKind.choices)
    # The first day of the month or of the calendar quarter (Jan, Apr, Jul, Oct).
    period_start = models.DateField()
    hs_code = models.CharField("HS code", max_length=8)
    # The first two digits of hs_code, kept so chapter totals are a plain GROUP BY.
    hs_chapter = models.CharField("HS chapter", max_length=2)
    country = models.CharField(max_length=2, help_text=_("ISO 3166-1 alpha-2 code"))
    value_inr = models.DecimalField(max_digits=18, decimal_places=2)
    value_usd = models.DecimalField(max_digits=16, decimal_places=2)
    batch = models.ForeignKey(
        "ExportStatImport", null=True, blank=True, on_delete=models.SET_NULL, related_name="rows"
    )

    class Meta:
        ordering = ["district", "period_start", "hs_code", "country"]
        constraints = [
            models.UniqueConstraint(
                fields=["district", "period_kind", "period_start", "hs_code", "country"],
                name="exportstat_unique_cell",
            ),
            models.CheckConstraint(
                condition=models.Q(value_inr__gte=0, value_usd__gte=0),
                name="exportstat_values_not_negative",
            ),
        ]
        indexes = [
            models.Index(
                fields=["district", "period_start", "hs_chapter"], name="exportstat_district_period"
            )
        ]

    def __str__(self):
        return f"{self.district_id} {self.period_start} {self.hs_code} {self.country}"


class ExportStatTotal(models.Model):
    """Rollup of ExportStat per district and period, rebuilt by the import for the periods
    it touches. Trend, growth and state-rank queries read this table (one row per district
    and period) instead of scanning every HS code and country."""

    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="export_totals")
    period_kind = models.CharField(max_length=7, choices=ExportStat.PeriodKind.choices)
    period_start = models.DateField()
    value_inr = models.DecimalField(max_digits=20, decimal_places=2)
    value_usd = models.DecimalField(max_digits=18, decimal_places=2)

    class Meta:
        ordering = ["district", "period_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["district", "period_kind", "period_start"], name="exportstattotal_unique"
            )
        ]
        indexes = [models.Index(fields=["period_start", "district"], name="exportstattotal_period")]


class ExportStatRollup(models.Model):
    """Rollup of ExportStat per state (or, with no state, for India) and period: the total,
    and the total per HS chapter and per destination country.

    Rebuilt by the import in the same transaction as the rows it sums
    (`regions.services.export_rollups_rebuild`), so state and India dashboards read a few
    hundred rows instead of every district's HS codes and countries, and never disagree
    with ExportStat.
    """

    class Dimension(models.TextChoices):
        TOTAL = "total", _("Total")
        CHAPTER = "chapter", _("HS chapter")
        COUNTRY = "country", _("Country")

    state = models.ForeignKey(
        State, null=True, blank=True, on_delete=models.CASCADE, related_name="export_rollups"
    )
    dimension = models.CharField(max_length=7, choices=Dimension.choices)
    # The HS chapter ("50") or the ISO alpha-2 country; empty for the total.
    code = models.CharField(max_length=2, blank=True)
    period_kind = models.CharField(max_length=7, choices=ExportStat.PeriodKind.choices)
    period_start = models.DateField()
    value_inr = models.DecimalField(max_digits=22, decimal_places=2)
    value_usd = models.DecimalField(max_digits=20, decimal_places=2)

    class Meta:
        ordering = ["state", "dimension", "period_start", "code"]
        constraints = [
            # Two partial unique indexes, because NULL (India) never equals NULL; each also
            # serves its scope's reads (dimension and period range first).
            models.UniqueConstraint(
                fields=["state", "dimension", "period_start", "code", "period_kind"],
                condition=models.Q(state__isnull=False),
                name="exportstatrollup_state_unique",
            ),
            models.UniqueConstraint(
                fields=["dimension", "period_start", "code", "period_kind"],
                condition=models.Q(state__isnull=True),
                name="exportstatrollup_india_unique",
            ),
        ]

    def __str__(self):
        return f"{self.state_id or 'IN'} {self.dimension} {self.code} {self.period_start}"


class ExportStatImport(models.Model):
    """One attempt to import a file: who, what, and the per-row report shown afterwards."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting confirmation")
        IMPORTED = "imported", _("Imported")
        REJECTED = "rejected", _("Rejected")
        UNDONE = "undone", _("Undone")

    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The district whose upload page was used; empty for staff imports of all districts.
    district = models.ForeignKey(
        District, null=True, blank=True, on_delete=models.CASCADE, related_name="export_imports"
    )
    filename = models.CharField(max_length=255)
    status = models.CharField(max_length=10, choices=Status.choices)
    row_count = models.PositiveIntegerField(default=0)
    replaced_count = models.PositiveIntegerField(default=0)
    # {"file_errors": [str], "row_errors": [{"line", "column", "message"}], "periods": [...]}
    report = models.JSONField(default=dict, blank=True)
    # Kept server-side between preview and confirmation, then for undo:
    # {"cells": [[district id, kind, start, hs, country, inr, usd, line]], "district_ids": [...],
    #  "fingerprint": str, "replaced": [[district id, kind, start, hs, country, inr, usd, batch]]}
    payload = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.filename} ({self.get_status_display()})"
