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


class DistrictOfficial(models.Model):
    """Who may curate a district: the storefront subtree, seller approvals, export data."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="official_posts"
    )
    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="officials")
    title = models.CharField(max_length=200, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "district"], name="official_unique_post")
        ]

    def __str__(self):
        return f"{self.user} — {self.district}"
