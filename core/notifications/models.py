from django.conf import settings
from django.db import models
from django.utils import timezone


class Notification(models.Model):
    """Something a person should act on. Emailed at once, or in the daily digest."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=30)
    subject = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=300)
    emailed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "marketplace_notification"
        ordering = ["-created_at"]
        # The name the index got when the table was created by marketplace.
        indexes = [
            models.Index(fields=["user", "emailed_at"], name="marketplace_user_id_ef8c01_idx")
        ]
