"""Two guards every request and response passes through, as one middleware outermost in
MIDDLEWARE (`RequestGuardsMiddleware`: one layer, not two, because every layer costs every
page view a call, and `python -m bench.instructions` counts it).

- The permissions policy: every response (pages, JSON, static files served by WhiteNoise,
  errors, the 413 below) gets `Permissions-Policy`: no page of this site needs a camera,
  microphone, location, USB, payment request API and so on. Card payment happens on Stripe's
  hosted Checkout page (a redirect, not an embedded frame), so `payment` is denied here too.
- The body limit: a request whose declared body is larger than `REQUEST_BODY_MAX_BYTES` is
  refused with a 413 before anything reads the body (the CSRF check reads POST, so this must
  come first). Forms keep their own, smaller limits per file. The reverse proxy should refuse
  earlier still: docs/operations.md gives the nginx setting.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpResponse
from django.utils import translation
from django.utils.translation import gettext as _


def permissions_policy_header() -> str:
    policy = settings.PERMISSIONS_POLICY
    return ", ".join(f"{feature}=({' '.join(allow)})" for feature, allow in policy.items())


class RequestGuardsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.header = permissions_policy_header()

    def __call__(self, request):
        limit = settings.REQUEST_BODY_MAX_BYTES
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0  # Django itself treats an unreadable length as no body
        if limit and declared > limit:
            # LocaleMiddleware has not run yet: pick the visitor's language the same way.
            language = translation.get_language_from_request(request, check_path=True)
            with translation.override(language):
                response = self._too_large(declared, limit)
        else:
            response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.header)
        return response

    @staticmethod
    def _too_large(declared: int, limit: int) -> HttpResponse:
        message = _(
            "What you sent is too large (%(size)s MB); the limit is %(limit)s MB per "
            "submission. Please send fewer or smaller files at a time."
        ) % {"size": round(declared / 1024 / 1024, 1), "limit": limit // 1024 // 1024}
        response = HttpResponse(message, status=413, content_type="text/plain; charset=utf-8")
        # The body was not read, so the connection cannot carry another request.
        response["Connection"] = "close"
        return response
