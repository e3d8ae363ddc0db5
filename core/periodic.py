"""Periodic jobs (email retries, digests, rate-limit pruning) and when they are due.

`manage.py run_periodic` runs them.

Django's task framework (and django-tasks-db 0.13) has no schedule, so a small loop in its
own process (the `scheduler` service of docker-compose.yml) calls the management commands
at their times. Each run is claimed in a `PeriodicRun` row with a conditional UPDATE first,
so a restarted or doubled scheduler runs a slot once.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.management import call_command
from django.db import IntegrityError, transaction

from . import ratelimit
from .models import PeriodicRun

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Job:
    name: str
    command: str = ""  # a management command to call ...
    function: Callable[[], object] | None = None  # ... or a function
    every: dt.timedelta | None = None  # an interval ...
    daily_at_hour: int | None = None  # ... or once a day from this hour (UTC)

    def run(self, stdout=None) -> None:
        if self.function is not None:
            self.function()
        else:
            call_command(self.command, stdout=stdout)

    def due_slot(self, *, last: dt.datetime | None, now: dt.datetime) -> bool:
        if self.every is not None:
            return last is None or now - last >= self.every
        slot = now.replace(hour=self.daily_at_hour or 0, minute=0, second=0, microsecond=0)
        return now >= slot and (last is None or last < slot)


def jobs() -> list[Job]:
    return [
        # Immediate emails that failed (mail server down) are queued again.
        Job("resend_emails", "resend_emails", every=dt.timedelta(minutes=10)),
        # People who chose the daily digest get it once a day.
        Job("send_digests", "send_digests", daily_at_hour=settings.DIGEST_HOUR_UTC),
        # Officials hear of new and overdue items in their review queue.
        Job("send_review_digests", "send_review_digests", daily_at_hour=settings.DIGEST_HOUR_UTC),
        # Sellers' response figures cover the last 90 days, which move on by themselves.
        Job("refresh_track_records", "refresh_track_records", daily_at_hour=2),
        # Rate-limit windows that ended are deleted (one row per address and user).
        Job("prune_rate_limits", function=ratelimit.prune, every=dt.timedelta(hours=1)),
    ]


def _claim(job: Job, now: dt.datetime) -> bool:
    """True if this process claimed the job's current slot (and must run it)."""
    try:
        with transaction.atomic():
            PeriodicRun.objects.get_or_create(name=job.name)
    except IntegrityError:
        pass  # another scheduler made the row
    row = PeriodicRun.objects.get(name=job.name)
    if not job.due_slot(last=row.last_run_at, now=now):
        return False
    # Only the process that still sees the old value moves it on.
    return bool(
        PeriodicRun.objects.filter(pk=row.pk, last_run_at=row.last_run_at).update(last_run_at=now)
        if row.last_run_at is not None
        else PeriodicRun.objects.filter(pk=row.pk, last_run_at__isnull=True).update(last_run_at=now)
    )


def run_due(*, now: dt.datetime, stdout=None) -> list[str]:
    """Run every job due at `now`; returns the names run. A failing job is logged and the
    others still run (its slot stays claimed: the next interval retries)."""
    ran = []
    for job in jobs():
        if not _claim(job, now):
            continue
        try:
            job.run(stdout=stdout)
        except Exception:
            logger.exception("periodic job %s failed", job.name)
            continue
        ran.append(job.name)
    return ran
