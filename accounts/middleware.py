"""Send people whose role requires two-factor authentication to set it up first.

By role, on every signed-in request (issue 19 item 5): a payouts-capable seller without a
second factor must not record a receipt, send a quotation or read a public page as
themselves either. Only what it takes to get a second factor (or leave) stays open: signing
in and out, the MFA set-up pages and what allauth asks on the way (re-entering the
password), and machine endpoints (health, language switch, static files).
"""

from __future__ import annotations

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _

from accounts.roles import user_roles

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


class RequireMFAMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and getattr(settings, "MFA_REQUIRED_ROLES", None)
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
        return self.get_response(request)
