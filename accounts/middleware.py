"""Send people whose role requires two-factor authentication to set it up first."""

from __future__ import annotations

import re

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from accounts.roles import user_roles

# Dashboards and admin sites; /accounts/ (where MFA is set up) stays reachable.
PROTECTED = re.compile(r"^/(?:[a-z]{2}(?:-[a-z]+)?/)?(?:dashboard|admin|django-admin)(?:/|$)")


def mfa_required(user) -> bool:
    required = set(getattr(settings, "MFA_REQUIRED_ROLES", []))
    return bool(required and user.is_authenticated and required & user_roles(user))


def has_second_factor(user) -> bool:
    return Authenticator.objects.filter(
        user=user, type__in=[Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]
    ).exists()


class RequireMFAMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and getattr(settings, "MFA_REQUIRED_ROLES", None)
            and PROTECTED.match(request.path_info)
            and mfa_required(user)
            and not has_second_factor(user)
        ):
            messages.warning(
                request,
                _(
                    "Your role needs two-factor authentication. Set up an authenticator app "
                    "(or a passkey) to continue."
                ),
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)
