"""Enquiry and RFQ rate limits per user and per IP: a one-hour window per key, counted in a
database row so concurrent submissions cannot both take the last slot.

`retry_after` is a cheap look before the form is processed; `acquire` is the binding step,
taken just before the enquiry is created: it counts the submission against every key at
once, or against none. The IP comes from `core.client_ip` (TRUSTED_PROXY_COUNT).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from .client_ip import client_ip
from .models import RateLimitCounter

WINDOW = dt.timedelta(hours=1)


def _keys(request, scope: str) -> list[str]:
    # Always in this order (ip, then user), so two requests lock rows in the same order.
    keys = [f"{scope}:ip:{client_ip(request)}"[:150]]
    if request.user.is_authenticated:
        keys.append(f"{scope}:user:{request.user.pk}")
    return keys


def _limit() -> int:
    return settings.ENQUIRY_RATE_LIMIT_PER_HOUR


def _wait(window_start: dt.datetime, now: dt.datetime) -> int:
    return max(1, int((window_start + WINDOW - now).total_seconds()) + 1)


def retry_after(request, scope: str = "enquiry") -> int:
    """0 when a submission looks allowed, else seconds until the fullest window ends.
    Advisory only (no lock): `acquire` decides."""
    now = timezone.now()
    wait = 0
    rows = RateLimitCounter.objects.filter(
        key__in=_keys(request, scope), window_start__gt=now - WINDOW, count__gte=_limit()
    )
    for row in rows:
        wait = max(wait, _wait(row.window_start, now))
    return wait


class _Refused(Exception):
    def __init__(self, wait: int):
        self.wait = wait


def _take(key: str, now: dt.datetime, limit: int) -> None:
    """Count one submission against `key` or raise _Refused. One conditional UPDATE per
    case: PostgreSQL re-checks its WHERE after waiting for a concurrent writer's row lock,
    so exactly `limit` submissions per window get through."""
    fresh = now - WINDOW
    if RateLimitCounter.objects.filter(key=key, window_start__gt=fresh, count__lt=limit).update(
        count=F("count") + 1
    ):
        return
    # No open window with room: start a new window if the old one ended (or none exists).
    if RateLimitCounter.objects.filter(key=key, window_start__lte=fresh).update(
        window_start=now, count=1
    ):
        return
    try:
        with transaction.atomic():
            RateLimitCounter.objects.create(key=key, window_start=now, count=1)
        return
    except IntegrityError:
        pass  # another request created it first: it is counted against that row
    if RateLimitCounter.objects.filter(key=key, window_start__gt=fresh, count__lt=limit).update(
        count=F("count") + 1
    ):
        return
    row = RateLimitCounter.objects.filter(key=key).first()
    raise _Refused(_wait(row.window_start, now) if row else 1)


def acquire(request, scope: str = "enquiry") -> int:
    """Take a slot for this submission under every key; returns 0 if taken, else the
    seconds to wait (and then nothing was counted)."""
    limit, now = _limit(), timezone.now()
    try:
        with transaction.atomic():
            for key in _keys(request, scope):
                _take(key, now, limit)
    except _Refused as refused:
        return refused.wait
    return 0


def release(request, scope: str = "enquiry") -> None:
    """Give back a slot taken by `acquire` when the submission was then refused."""
    RateLimitCounter.objects.filter(key__in=_keys(request, scope), count__gt=0).update(
        count=F("count") - 1
    )


def prune() -> int:
    """Delete the rows of windows that ended (run hourly by `run_periodic`)."""
    deleted, _rows = RateLimitCounter.objects.filter(
        window_start__lte=timezone.now() - WINDOW
    ).delete()
    return deleted
