"""What every public API endpoint shares: JSON errors, rate limits, conditional GETs."""

from __future__ import annotations

import functools
import hashlib
import json
import time

from django.conf import settings
from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse, JsonResponse
from django.utils import translation
from django.utils.http import http_date, quote_etag
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from core.client_ip import client_ip

CACHE_CONTROL = "public, max-age=60"


def error_response(status: int, code: str, message: str, fields: dict | None = None):
    return JsonResponse(
        {"error": {"code": code, "message": str(message), "fields": fields or {}}}, status=status
    )


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str, fields: dict | None = None):
        super().__init__(message)
        self.status, self.code, self.message, self.fields = status, code, message, fields


def not_found(what: str) -> ApiError:
    return ApiError(404, "not_found", _("No %(what)s with this slug.") % {"what": what})


def _client_ip(request) -> str:
    # The shared resolver: REMOTE_ADDR unless TRUSTED_PROXY_COUNT says our proxies append.
    return client_ip(request)


def _rate_limited(request) -> int | None:
    """Seconds to wait if this IP used up its requests, else None.

    A window opens at an IP's first request and lasts 60 seconds (both keys expire
    together), so a burst cannot straddle a clock-minute boundary to double its allowance.
    """
    limit = settings.API_RATE_LIMIT_PER_MINUTE
    if not limit:
        return None
    now = time.time()
    ip = _client_ip(request)
    start_key, count_key = f"api-rate-start:{ip}", f"api-rate-count:{ip}"
    if cache.add(start_key, now, 60):
        cache.set(count_key, 1, 60)
        return None
    try:
        count = cache.incr(count_key)
    except ValueError:  # the window expired between the two calls
        cache.set(count_key, 1, 60)
        return None
    if count > limit:
        started = cache.get(start_key, now)
        return max(1, int(60 - (now - started)))
    return None


def api_endpoint(view):
    """GET/HEAD only, per-IP rate limit, `lang` parameter, JSON body with ETag/Last-Modified.

    The view returns (payload, last_modified datetime | None) or raises ApiError.
    """

    # Read-only and cookie-free: CSRF does not apply, and exempting it lets any other method
    # get the documented JSON 405 instead of an HTML 403.
    @csrf_exempt
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            response = error_response(
                405, "method_not_allowed", _("This API is read-only: use GET.")
            )
            response["Allow"] = "GET, HEAD"
            return response
        retry_after = _rate_limited(request)
        if retry_after is not None:
            response = error_response(
                429,
                "rate_limited",
                _("Too many requests; try again in %(seconds)s seconds.")
                % {"seconds": retry_after},
            )
            response["Retry-After"] = str(retry_after)
            return response
        lang = request.GET.get("lang")
        languages = {code for code, _name in settings.LANGUAGES}
        if lang is not None and lang not in languages:
            return error_response(
                400,
                "invalid_parameters",
                _("Unknown language."),
                {"lang": [_("Use one of: %(codes)s.") % {"codes": ", ".join(sorted(languages))}]},
            )
        try:
            with translation.override(lang or translation.get_language()):
                payload, last_modified = view(request, *args, **kwargs)
        except ApiError as exc:
            return error_response(exc.status, exc.code, exc.message, exc.fields)
        body = json.dumps(payload, cls=DjangoJSONEncoder, ensure_ascii=False).encode()
        etag = quote_etag(hashlib.sha256(body).hexdigest()[:32])
        headers = {"ETag": etag, "Cache-Control": CACHE_CONTROL, "Vary": "Accept-Language"}
        if last_modified is not None:
            headers["Last-Modified"] = http_date(last_modified.timestamp())
        if etag in [t.strip() for t in request.headers.get("If-None-Match", "").split(",")]:
            response = HttpResponse(status=304)
        else:
            response = HttpResponse(body, content_type="application/json")
        for key, value in headers.items():
            response[key] = value
        return response

    return wrapper
