from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class BuyerCompany(models.Model):
    """The buying organisation behind a buyer account (one per user for now)."""

    class BuyerType(models.TextChoices):
        IMPORTER = "importer", _("Importer or distributor")
        RETAILER = "retailer", _("Retailer")
        BRAND = "brand", _("Brand")
        WHOLESALER = "wholesaler", _("Wholesaler")
        HORECA = "horeca", _("Hotel, restaurant or café")
        INDIVIDUAL = "individual", _("Individual")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="buyer_company"
    )
    name = models.CharField(max_length=200)
    country = models.CharField(max_length=2, help_text=_("ISO 3166-1 alpha-2 code"))
    website = models.URLField(blank=True)
    buyer_type = models.CharField(max_length=12, choices=BuyerType.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "buyer companies"

    def __str__(self):
        return self.name


class ShortlistItem(models.Model):
    """A product a buyer saved for later (string reference: buyers sits below catalogue)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="shortlist"
    )
    product = models.ForeignKey("catalogue.Product", on_delete=models.CASCADE, related_name="+")
    note = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["user", "product"], name="shortlist_unique")]
