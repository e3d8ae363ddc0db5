"""`AccountProtectionMiddleware`: two protections of sign-in, in one middleware layer (every
layer costs every page view a call; `python -m bench.instructions` counts it).

1. Send people whose role requires two-factor authentication to set it up first.

By role, on every signed-in request (issue 19 item 5): a payouts-capable seller without a
second factor must not record a receipt, send a quotation or read a public page as
themselves either. Only what it takes to get a second factor (or leave) stays open: signing
in and out, the MFA set-up pages and what allauth asks on the way (re-entering the
password), and machine endpoints (health, language switch, static files).

2. Notice requests forwarded by a proxy the settings do not trust (`note_untrusted_forwarding`
   below).
"""

from __future__ import annotations

import logging
import re

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _

from accounts.roles import user_roles

logger = logging.getLogger(__name__)

# URL names reachable without the second factor: allauth's sign-in/out and re-authentication,
# every MFA page (their names start with "mfa_"), health and the language switch.
OPEN_URL_NAMES = frozenset(
    {
        "account_login",
        "account_logout",
        "account_reauthenticate",
        "account_confirm_login_code",
        "healthz",
        "set_language",
    }
)


def mfa_required(user) -> bool:
    required = set(getattr(settings, "MFA_REQUIRED_ROLES", []))
    return bool(required and user.is_authenticated and required & user_roles(user))


def has_second_factor(user) -> bool:
    return Authenticator.objects.filter(
        user=user, type__in=[Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]
    ).exists()


def _is_open(path: str) -> bool:
    if path.startswith((settings.STATIC_URL, settings.MEDIA_URL)):
        return True
    try:
        name = resolve(path).url_name or ""
    except Resolver404:
        return True  # a 404 page shows nothing of the person's
    return name in OPEN_URL_NAMES or name.startswith("mfa_")


def _wants_json(request) -> bool:
    return request.path_info.startswith("/api/") or "application/json" in request.headers.get(
        "Accept", ""
    )


class AccountProtectionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        refused = _second_factor_first(request)
        if refused is not None:
            return refused
        if not settings.DEBUG and _trusts_no_proxy():
            note_untrusted_forwarding(request)
        return self.get_response(request)


def _second_factor_first(request):
    """The answer to someone whose role needs a second factor they lack; None for the rest."""
    user = getattr(request, "user", None)
    if (
        getattr(settings, "MFA_REQUIRED_ROLES", None)
        # No session cookie, nobody signed in: asking `is_authenticated` would load the
        # session and add `Vary: Cookie` to every anonymous response, which shared caches
        # (and the public chart images) must not get.
        and settings.SESSION_COOKIE_NAME in request.COOKIES
        and user is not None
        and user.is_authenticated
        and not _is_open(request.path_info)
        # Cheapest first: one query settles it for those who already have a factor.
        and not has_second_factor(user)
        and mfa_required(user)
    ):
        text = _(
            "Your role needs two-factor authentication. Set up an authenticator app "
            "(or a passkey) to continue."
        )
        if _wants_json(request):
            return JsonResponse({"detail": text}, status=403)
        messages.warning(request, text)
        return redirect("mfa_activate_totp")
    return None


# --------------------------------------------------------------------------- proxies

_untrusted_forwarding_seen = False
UNTRUSTED_FORWARDING_CACHE_KEY = "accounts:untrusted-forwarding-seen"


def forget_untrusted_forwarding() -> None:
    """For tests: behave as a fresh process."""
    global _untrusted_forwarding_seen
    _untrusted_forwarding_seen = False
    cache.delete(UNTRUSTED_FORWARDING_CACHE_KEY)


def _trusts_no_proxy() -> bool:
    return not settings.TRUSTED_PROXY_COUNT and not settings.TRUSTED_CLIENT_IP_HEADER


def note_untrusted_forwarding(request) -> None:
    """Requests that arrive with X-Forwarded-For while no proxy is trusted
    (TRUSTED_PROXY_COUNT = 0) mean every client behind that proxy shares one address for
    every per-IP limit (sign-in included). Only production can tell (a developer's browser
    sends no such header): log it once per process, and show it to staff in the admins (a
    cache flag, so every process's staff pages see it)."""
    global _untrusted_forwarding_seen
    # META, not request.headers: that one parses every header name on first use (a cost on
    # every page view, where nothing else reads it).
    if not _untrusted_forwarding_seen and "HTTP_X_FORWARDED_FOR" in request.META:
        _untrusted_forwarding_seen = True
        cache.set(UNTRUSTED_FORWARDING_CACHE_KEY, True, timeout=7 * 24 * 3600)
        logger.warning(UNTRUSTED_FORWARDING_TEXT)
    user = getattr(request, "user", None)
    # The path first: asking `is_staff` loads the session, which would add `Vary: Cookie` to
    # every public response.
    if (
        request.method == "GET"
        and _ADMIN_PATH.match(request.path_info)
        and user is not None
        and user.is_staff
        and cache.get(UNTRUSTED_FORWARDING_CACHE_KEY)
    ):
        messages.warning(request, UNTRUSTED_FORWARDING_TEXT)


# For operators, in English like the settings it names (not translated on purpose).
UNTRUSTED_FORWARDING_TEXT = (
    "Requests arrive with an X-Forwarded-For header but TRUSTED_PROXY_COUNT is 0: every "
    "client behind that proxy counts as one address for rate limits and sign-in lock-outs. "
    "Set TRUSTED_PROXY_COUNT to the number of your proxies (or TRUSTED_CLIENT_IP_HEADER)."
)
_ADMIN_PATH = re.compile(r"^/(?:admin|django-admin)/$")
