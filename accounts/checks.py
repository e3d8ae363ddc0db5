"""Start-up checks for the accounts layer's settings."""

from __future__ import annotations

import os

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security, deploy=True)
def check_client_ip_settings(app_configs, **kwargs):
    """A proxy declared elsewhere in the settings (forwarded host/port, gunicorn's
    FORWARDED_ALLOW_IPS) while TRUSTED_PROXY_COUNT is 0: every client would count as the
    proxy's address for per-IP limits. Without such a sign it cannot be known at start-up;
    accounts.middleware.note_untrusted_forwarding reports it when requests show it."""
    if settings.TRUSTED_PROXY_COUNT or settings.TRUSTED_CLIENT_IP_HEADER:
        return []
    declared = (
        getattr(settings, "USE_X_FORWARDED_HOST", False)
        or getattr(settings, "USE_X_FORWARDED_PORT", False)
        or bool(os.environ.get("FORWARDED_ALLOW_IPS"))
    )
    if not declared:
        return []
    return [
        checks.Warning(
            "A proxy is declared (X-Forwarded-Host/Port or FORWARDED_ALLOW_IPS) but "
            "TRUSTED_PROXY_COUNT is 0, so every client counts as the proxy's address for "
            "rate limits and sign-in lock-outs.",
            hint="Set TRUSTED_PROXY_COUNT to the number of your proxies that append to "
            "X-Forwarded-For, or TRUSTED_CLIENT_IP_HEADER.",
            id="accounts.W001",
        )
    ]
