"""Enquiry and RFQ rate limits per user and per IP: a one-hour window per key, counted in a
database row so concurrent submissions cannot both take the last slot.

`retry_after` and `remaining` are cheap looks (to warn before the allowance runs out);
`acquire` is the binding step, taken just before the enquiry is created: it counts the
submission against every key at once, or against none. The IP comes from
`core.client_ip` (TRUSTED_PROXY_COUNT).

Each key has its own limit: the user's is passed in by the caller (the enquiry budget grows
with account age and a verified email: `marketplace.selectors.enquiry_budget`), the IP's is
a wider backstop (ENQUIRY_RATE_LIMIT_PER_IP_HOUR: an office or a carrier-grade NAT shares one
address).
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


def _keys(request, scope: str, user_limit: int | None = None) -> list[tuple[str, int]]:
    """(key, limit) pairs. Always in this order (ip, then user), so two requests lock rows in
    the same order."""
    ip_limit, default_user_limit = _default_limits(scope)
    keys = [(f"{scope}:ip:{client_ip(request)}"[:150], ip_limit)]
    if request.user.is_authenticated:
        limit = default_user_limit if user_limit is None else user_limit
        keys.append((f"{scope}:user:{request.user.pk}", limit))
    return keys


def _default_limits(scope: str) -> tuple[int, int]:
    """(per IP, per user) for a scope. Conversation messages have their own budget, the same
    for both keys (a live exchange needs a few dozen an hour; each one emails the other
    side); enquiries a per-user budget (usually passed in by the caller) and a wider IP
    backstop."""
    if scope == "message":
        return settings.MESSAGE_RATE_LIMIT_PER_HOUR, settings.MESSAGE_RATE_LIMIT_PER_HOUR
    if scope == "review":
        # A buyer reviews an order at most once and edits it now and then: a handful an hour
        # is generous; an IP is allowed a few people's worth.
        return settings.REVIEW_RATE_LIMIT_PER_IP_HOUR, settings.REVIEW_RATE_LIMIT_PER_HOUR
    return settings.ENQUIRY_RATE_LIMIT_PER_IP_HOUR, settings.ENQUIRY_RATE_LIMIT_PER_HOUR


def _wait(window_start: dt.datetime, now: dt.datetime) -> int:
    return max(1, int((window_start + WINDOW - now).total_seconds()) + 1)


def _open_windows(request, scope: str, user_limit: int | None, now) -> list[tuple]:
    limits = dict(_keys(request, scope, user_limit))
    rows = RateLimitCounter.objects.filter(key__in=limits, window_start__gt=now - WINDOW)
    return [(row, limits[row.key]) for row in rows]


def retry_after(request, scope: str = "enquiry", user_limit: int | None = None) -> int:
    """0 when a submission looks allowed, else seconds until the fullest window ends.
    Advisory only (no lock): `acquire` decides. One query."""
    now = timezone.now()
    wait = 0
    for row, limit in _open_windows(request, scope, user_limit, now):
        if row.count >= limit:
            wait = max(wait, _wait(row.window_start, now))
    return wait


def remaining(request, scope: str = "enquiry", user_limit: int | None = None) -> int:
    """How many more submissions the tightest key allows in its current window (one query)."""
    keys = _keys(request, scope, user_limit)
    left = min(limit for _key, limit in keys)
    for row, limit in _open_windows(request, scope, user_limit, timezone.now()):
        left = min(left, max(0, limit - row.count))
    return left


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


def acquire(request, scope: str = "enquiry", user_limit: int | None = None) -> int:
    """Take a slot for this submission under every key; returns 0 if taken, else the
    seconds to wait (and then nothing was counted)."""
    now = timezone.now()
    try:
        with transaction.atomic():
            for key, limit in _keys(request, scope, user_limit):
                _take(key, now, limit)
    except _Refused as refused:
        return refused.wait
    return 0


def release(request, scope: str = "enquiry") -> None:
    """Give back a slot taken by `acquire` when the submission was then refused."""
    keys = [key for key, _limit in _keys(request, scope)]
    RateLimitCounter.objects.filter(key__in=keys, count__gt=0).update(count=F("count") - 1)


def prune() -> int:
    """Delete the rows of windows that ended (run hourly by `run_periodic`)."""
    deleted, _rows = RateLimitCounter.objects.filter(
        window_start__lte=timezone.now() - WINDOW
    ).delete()
    return deleted
