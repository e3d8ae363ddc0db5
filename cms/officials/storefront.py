"""The officials' sections of a district storefront, rendered once and served from the cache.

A warm storefront otherwise spends about a third of its time here: the action plan with its
five child tables (six queries), upcoming events (one) and rendering them.

- The plan summary and the DEPC roster change only when someone edits them. Their HTML is
  cached under the content version (core/content_cache.py): a save, delete, publish or
  unpublish of any officials' model bumps it, so the next render shows the edit.
- Upcoming events also depend on the clock: an event leaves the list once it has ended (or,
  without an end, once it has started). Their HTML is kept only until the first listed event
  leaves, checked against that instant on every read (the cache's own expiry is a whole
  number of seconds). The clock alone never adds an event: publishing one, scheduled or
  not, saves it, which bumps the version.

Both are read in one cache round trip. Wagtail previews render live and store nothing.
"""

from __future__ import annotations

import datetime as dt

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe

from cms.models import StorefrontSection
from cms.officials import selectors
from core import content_cache
from core.fragment_cache import versioned_cache

# Included by the storefront with `section`; prints `section.context.html`.
CACHED_TEMPLATE = "officials/includes/cached_section.html"
PLAN_TEMPLATE = "officials/includes/action_plan_summary.html"
DEPC_TEMPLATE = "officials/includes/depc.html"
EVENTS_TEMPLATE = "officials/includes/events.html"


def _render(slot: str, template: str, context: dict, request) -> tuple[str, str]:
    # The section templates need no context processor; `request` is for {% pageurl %}.
    section = StorefrontSection(slot, template, context)
    return slot, render_to_string(template, {"section": section, "request": request})


def _plan_parts(district_id: int, request) -> list[tuple[str, str]]:
    plan = selectors.action_plan(district_id=district_id)
    if plan is None:
        return []
    parts = [_render("action_plan", PLAN_TEMPLATE, {"plan": plan}, request)]
    if plan.depc_members.all():
        parts.append(_render("depc", DEPC_TEMPLATE, {"plan": plan}, request))
    return parts


def _events_parts(district_id: int, request) -> tuple[list[tuple[str, str]], dt.datetime | None]:
    """The events section and the instant until which it is right (None: until an edit)."""
    events = selectors.upcoming_events(district_id=district_id)
    if not events:
        return [], None
    # selectors.upcoming_events keeps an event while `ends_at` (or `starts_at`) >= now.
    leaves = min(event.ends_at or event.starts_at for event in events)
    return [_render("events", EVENTS_TEMPLATE, {"events": events}, request)], leaves


def storefront_sections(*, page, request) -> list[StorefrontSection]:
    """The plan summary, the DEPC roster and upcoming events of the page's district."""
    district_id = page.district_id
    if getattr(request, "is_preview", False):
        parts = _plan_parts(district_id, request) + _events_parts(district_id, request)[0]
        return _sections(parts)

    vary = content_cache.vary_key(request)
    plan_key = f"officials-plan:{district_id}:{vary}"
    events_key = f"officials-events:{district_id}:{vary}"
    found = versioned_cache().get_many([plan_key, events_key])
    now = timezone.now()

    plan_parts = found.get(plan_key)
    if plan_parts is None:
        plan_parts = _plan_parts(district_id, request)
        versioned_cache().set(plan_key, plan_parts, content_cache.FRAGMENT_SECONDS)

    cached_events = found.get(events_key)
    if cached_events is not None and (cached_events[1] is None or now <= cached_events[1]):
        events_parts = cached_events[0]
    else:
        events_parts, leaves = _events_parts(district_id, request)
        seconds = content_cache.FRAGMENT_SECONDS
        if leaves is not None:
            seconds = min(seconds, int((leaves - now).total_seconds()))
        if seconds > 0:
            versioned_cache().set(events_key, (events_parts, leaves), seconds)
    return _sections(plan_parts + events_parts)


def _sections(parts: list[tuple[str, str]]) -> list[StorefrontSection]:
    return [
        StorefrontSection(slot, CACHED_TEMPLATE, {"html": mark_safe(html)})  # noqa: S308  # nosec B308 B703 - our own rendered templates
        for slot, html in parts
    ]
