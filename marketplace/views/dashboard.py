"""The dashboard home, and the safe `next` helper."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme

from .. import selectors


@login_required
def dashboard(request):
    return render(request, "dashboard/index.html", selectors.dashboard_for(request.user))


def safe_next(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return default
