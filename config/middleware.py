"""`SiteResponsesMiddleware`: two adjustments to what views answer, in one middleware layer
(every layer costs every page view a call; `python -m bench.instructions` counts it).

- A database too busy to take a write (SQLite's "database is locked" after its busy timeout)
  is a temporary condition: answer 503 with Retry-After and a "please try again" page, never a
  500. Nothing was saved: the transaction that hit the lock rolled back.
- The Wagtail admin's pages get settings.SECURE_CSP_ADMIN instead of the site's policy (the
  reasons are in the settings). The class sits inside Django's CSP middleware, which uses a
  response's `_csp_config` when one is set.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import OperationalError
from django.shortcuts import render

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 5
# SQLite's words for a lock it could not get within its busy timeout.
_BUSY = ("database is locked", "database table is locked", "database is busy")


def is_database_busy(exc: BaseException) -> bool:
    return isinstance(exc, OperationalError) and any(word in str(exc).lower() for word in _BUSY)


class SiteResponsesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path_info.startswith(settings.WAGTAIL_ADMIN_PATH):
            response._csp_config = settings.SECURE_CSP_ADMIN
        return response

    def process_exception(self, request, exception):
        if not is_database_busy(exception):
            return None
        logger.warning("Database busy on %s %s: answered 503", request.method, request.path)
        response = render(request, "busy.html", status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
