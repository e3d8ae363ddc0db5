"""The client's IP address, for rate limits: one resolver for the enquiry limit, the public
API limit and allauth's sign-in limits (through `AccountAdapter.get_client_ip`).

`X-Forwarded-For` is a list any client can start; each proxy appends the address it saw. So
only the entries our own proxies appended can be believed: with `TRUSTED_PROXY_COUNT = N`
(the number of proxies of ours in front of the app) the client is the N-th entry from the
right. With 0 (the default) the header is ignored and `REMOTE_ADDR` is the client, so a
spoofed header never buys a fresh rate-limit bucket. `TRUSTED_CLIENT_IP_HEADER` (e.g.
`X-Real-IP`, `CF-Connecting-IP`) names a header our proxy sets itself and wins when given.
This is the same reading as allauth's `ALLAUTH_TRUSTED_PROXY_COUNT` and
`ALLAUTH_TRUSTED_CLIENT_IP_HEADER`, which the settings set from the same variables.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings


def _clean(value: str | None) -> str | None:
    if not value:
        return None
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_ip(request) -> str:
    """The address to count a request against; never raises (an unknown is "unknown")."""
    header = getattr(settings, "TRUSTED_CLIENT_IP_HEADER", None)
    if header and (ip := _clean(request.headers.get(header))):
        return ip
    count = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0) or 0)
    if count > 0:
        hops = [hop.strip() for hop in request.headers.get("X-Forwarded-For", "").split(",")]
        hops = [hop for hop in hops if hop]
        # Fewer hops than proxies: the request did not come through all of them (or the
        # setting is wrong); the direct peer is then the only address we know is real.
        if len(hops) >= count and (ip := _clean(hops[-count])):
            return ip
    return _clean(request.META.get("REMOTE_ADDR")) or "unknown"
