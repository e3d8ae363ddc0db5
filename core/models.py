"""Models of the bottom layer. The tables were created by catalogue and marketplace before
they moved here; each keeps its table name (`db_table`), and core/migrations/0001 takes them
over in Django's state only, so existing databases keep their rows untouched."""

from django.db import models

from core.money.models import ExchangeRate
from core.notifications.models import Notification

__all__ = ["ExchangeRate", "Notification", "PeriodicRun", "RateLimitCounter"]


class RateLimitCounter(models.Model):
    """One fixed window of the enquiry/RFQ rate limit per key ("enquiry:ip:1.2.3.4",
    "enquiry:user:7"). A row, not a cache entry: the conditional UPDATE in
    `core.ratelimit.acquire` is atomic on every database, whatever cache is set up."""

    key = models.CharField(max_length=150, unique=True)
    window_start = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        db_table = "marketplace_ratelimitcounter"

    def __str__(self):
        return f"{self.key}: {self.count}"


class PeriodicRun(models.Model):
    """When a periodic job (`manage.py run_periodic`) last ran: a restart does not re-send the
    day's digests, and two schedulers claiming the same slot run it once."""

    name = models.CharField(max_length=50, unique=True)
    last_run_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "marketplace_periodicrun"

    def __str__(self):
        return f"{self.name} at {self.last_run_at}"
