"""The exchange-rate table (its rows are written by `rates.exchange_rates_replace`)."""

from django.db import models


class ExchangeRate(models.Model):
    """How many units of `currency` one INR buys, as of `rate_date` (prices are stored in INR).

    Kept as Decimal end to end; the newest row per currency is the one shown to buyers.
    """

    currency = models.CharField(max_length=3)
    rate_date = models.DateField()
    units_per_inr = models.DecimalField(max_digits=20, decimal_places=10)
    source = models.CharField(max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "catalogue_exchangerate"
        ordering = ["currency", "-rate_date"]
        constraints = [
            models.UniqueConstraint(fields=["currency", "rate_date"], name="rate_unique_per_day"),
            models.CheckConstraint(condition=models.Q(units_per_inr__gt=0), name="rate_positive"),
        ]

    def __str__(self):
        return f"1 INR = {self.units_per_inr} {self.currency} ({self.rate_date})"
