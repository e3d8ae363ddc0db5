"""A buyer's review of the seller of one delivered order, and its moderation log."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sellers.models import Seller

# A review may be changed by its author for this long after it was first posted.
EDIT_WINDOW = dt.timedelta(days=30)
MAX_TEXT = 5000
MAX_REPLY = 2000
STARS = [MinValueValidator(1), MaxValueValidator(5)]


def _stars_between_1_and_5(field: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=models.Q(**{f"{field}__gte": 1, f"{field}__lte": 5}),
        name=f"review_{field}_1_to_5",
    )


class Review(models.Model):
    """One per order (the OneToOne is the database's guarantee). Text is plain text: it is
    refused when it holds markup (marketplace.reviews.forms) and escaped when shown."""

    order = models.OneToOneField(
        "marketplace.Order", on_delete=models.PROTECT, related_name="review"
    )
    # Copied from the order so that a seller's aggregate reads one table.
    seller = models.ForeignKey(Seller, on_delete=models.CASCADE, related_name="reviews")
    buyer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reviews_written"
    )
    overall = models.PositiveSmallIntegerField(_("overall"), validators=STARS)
    as_described = models.PositiveSmallIntegerField(_("product as described"), validators=STARS)
    communication = models.PositiveSmallIntegerField(_("communication"), validators=STARS)
    delivery_time = models.PositiveSmallIntegerField(_("delivery time"), validators=STARS)
    text = models.TextField(_("your review"), blank=True, max_length=MAX_TEXT)
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)

    reply = models.TextField(blank=True, max_length=MAX_REPLY)
    reply_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reply_at = models.DateTimeField(null=True, blank=True)

    # Set by a covering official or staff (never the text: they hide, they do not edit).
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["seller", "hidden_at", "-created_at"], name="review_seller_visible"
            )
        ]
        constraints = [
            _stars_between_1_and_5("overall"),
            _stars_between_1_and_5("as_described"),
            _stars_between_1_and_5("communication"),
            _stars_between_1_and_5("delivery_time"),
        ]

    def __str__(self):
        return f"Review of order {self.order_id}"

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None

    @property
    def editable_until(self) -> dt.datetime:
        return self.created_at + EDIT_WINDOW

    def is_editable(self, now: dt.datetime | None = None) -> bool:
        return (now or timezone.now()) < self.editable_until and not self.is_hidden


class ReviewModeration(models.Model):
    """The audit log of moderation: who hid (or showed again) which review, when and why."""

    class Action(models.TextChoices):
        HIDE = "hide", _("Hidden")

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="moderation")
    action = models.CharField(max_length=10, choices=Action.choices)
    reason = models.TextField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
