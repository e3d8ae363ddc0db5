"""Generated trade documents: numbered per seller, kind and year without gaps; immutable.

A document is issued once (`services`), stored as a PDF in private storage with the data it
was rendered from (`data`, a snapshot), and never changed afterwards: `save()` refuses an
update. A correction (new packages, a revised quotation, another language) is a new version
with the same number that references the version it replaces (`supersedes`)."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.private_storage import private_storage, private_upload_path
from marketplace.models import MONEY, Order, Quotation
from sellers.models import Seller

DOCUMENT_LANGUAGES = [code for code, _name in settings.LANGUAGES]


class DocumentKind(models.TextChoices):
    PROFORMA = "proforma_invoice", _("Proforma invoice")
    COMMERCIAL_INVOICE = "commercial_invoice", _("Commercial invoice")
    PACKING_LIST = "packing_list", _("Packing list")


# The number's prefix per kind: "PI/2026/0007". Each kind has its own gapless series.
PREFIXES = {
    DocumentKind.PROFORMA: "PI",
    DocumentKind.COMMERCIAL_INVOICE: "CI",
    DocumentKind.PACKING_LIST: "PL",
}


class DocumentCounter(models.Model):
    """The last number used in one seller's series of one kind in one year. Issuing locks
    this row (select_for_update; SQLite's IMMEDIATE transaction), so numbers have no gaps
    and no duplicates, and a rolled-back issue gives its number back."""

    seller = models.ForeignKey(Seller, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=30, choices=DocumentKind.choices)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["seller", "kind", "year"], name="document_counter_unique"
            )
        ]


class ImmutableDocument(Exception):
    pass


class TradeDocument(models.Model):
    seller = models.ForeignKey(Seller, on_delete=models.PROTECT, related_name="trade_documents")
    kind = models.CharField(max_length=30, choices=DocumentKind.choices)
    year = models.PositiveSmallIntegerField()
    sequence = models.PositiveIntegerField()
    number = models.CharField(max_length=30)
    version = models.PositiveSmallIntegerField(default=1)
    supersedes = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="superseded_by"
    )
    quotation = models.ForeignKey(
        Quotation, on_delete=models.PROTECT, related_name="trade_documents"
    )
    quotation_revision = models.PositiveSmallIntegerField(default=1)
    order = models.ForeignKey(
        Order, null=True, blank=True, on_delete=models.PROTECT, related_name="trade_documents"
    )
    language = models.CharField(max_length=10, choices=settings.LANGUAGES)
    data = models.JSONField()
    file = models.FileField(upload_to=private_upload_path, storage=private_storage, max_length=300)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    issued_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["kind", "sequence", "version"]
        constraints = [
            models.UniqueConstraint(
                fields=["seller", "kind", "year", "sequence", "version"],
                name="trade_document_number_version_unique",
            )
        ]
        indexes = [
            models.Index(fields=["order", "kind"]),
            models.Index(fields=["quotation", "kind"]),
        ]

    def __str__(self):
        return f"{self.number} v{self.version}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ImmutableDocument(f"{self} is issued; issue a new version instead")
        super().save(*args, **kwargs)

    @property
    def filename(self) -> str:
        name = self.number.replace("/", "-")
        return f"{name}-v{self.version}-{self.language}.pdf"


class ShipmentPackage(models.Model):
    """One line of the packing list as the seller entered it when shipping: `count`
    packages alike (e.g. 12 cartons), with the weight and size of each."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="packages")
    position = models.PositiveSmallIntegerField()
    count = models.PositiveIntegerField(validators=[MinValueValidator(1), MaxValueValidator(9999)])
    description = models.CharField(max_length=100)
    net_kg = models.DecimalField(**{**MONEY, "decimal_places": 3})
    gross_kg = models.DecimalField(**{**MONEY, "decimal_places": 3})
    length_cm = models.DecimalField(max_digits=7, decimal_places=1)
    width_cm = models.DecimalField(max_digits=7, decimal_places=1)
    height_cm = models.DecimalField(max_digits=7, decimal_places=1)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(net_kg__gt=0) & models.Q(gross_kg__gte=models.F("net_kg")),
                name="package_weights_sane",
            )
        ]
