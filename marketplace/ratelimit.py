"""Enquiry rate limits per user and per IP: a sliding one-hour log kept in the shared cache."""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache

WINDOW_SECONDS = 3600


def client_ip(request) -> str:
    # REMOTE_ADDR only: X-Forwarded-For is set by the client unless a trusted proxy rewrites
    # it, so trusting it would let anyone pick a fresh IP per request.
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def _keys(request, scope: str) -> list[str]:
    keys = [f"rl:{scope}:ip:{client_ip(request)}"]
    if request.user.is_authenticated:
        keys.append(f"rl:{scope}:user:{request.user.pk}")
    return keys


def _recent(key: str, now: float) -> list[float]:
    return [t for t in cache.get(key, []) if now - t < WINDOW_SECONDS]


def retry_after(request, scope: str = "enquiry") -> int:
    """0 when another submission is allowed, else seconds until the oldest one expires."""
    limit = settings.ENQUIRY_RATE_LIMIT_PER_HOUR
    now = time.time()
    wait = 0
    for key in _keys(request, scope):
        stamps = _recent(key, now)
        if len(stamps) >= limit:
            wait = max(wait, int(WINDOW_SECONDS - (now - min(stamps))) + 1)
    return wait


def record(request, scope: str = "enquiry") -> None:
    now = time.time()
    for key in _keys(request, scope):
        cache.set(key, [*_recent(key, now), now], WINDOW_SECONDS)
