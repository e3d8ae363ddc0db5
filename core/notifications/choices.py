from django.db import models
from django.utils.translation import gettext_lazy as _


class EmailFrequency(models.TextChoices):
    """How a person wants their notification emails (stored on accounts.User)."""

    IMMEDIATE = "immediate", _("Each event as it happens")
    DAILY = "daily", _("One daily digest")
