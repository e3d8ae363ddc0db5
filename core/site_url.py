"""The site's public address, the one way every email builds its links.

Links in emails cannot come from a request (emails are sent by tasks and the periodic runner,
often with no request at all), so they are built from configuration: the `SITE_URL` setting
(environment variable of the same name; `make run` sets it for the port it serves), else the
root URL of Wagtail's default Site. Lives in the bottom layer so accounts (allauth's mails)
and the notifications can both use it.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from wagtail.models import Site


def site_root() -> str:
    """ "https://example.org" (no trailing slash)."""
    configured = getattr(settings, "SITE_URL", "") or ""
    if configured:
        return configured.rstrip("/")
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        raise RuntimeError("Set SITE_URL (no Wagtail default Site to take the address from).")
    return site.root_url.rstrip("/")


def site_url(path: str = "/") -> str:
    """The absolute address of `path` (a path from reverse(), or an absolute URL whose host
    is replaced by the site's, so a link built from a request still points at the site)."""
    parts = urlsplit(path or "/")
    local = parts.path or "/"
    if parts.query:
        local += f"?{parts.query}"
    if parts.fragment:
        local += f"#{parts.fragment}"
    return site_root() + local
