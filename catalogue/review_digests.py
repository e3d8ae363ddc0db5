"""Officials' review digests: what is new in their queue, and what is overdue.

Sent through the notification system (a Notification row each, emailed at once or in the
daily digest as the official chose) by `manage.py send_review_digests`, which the periodic
runner calls once a day. Whose queue an item is follows regions.selectors.OfficialScope: a
district's officials, else its state's, else site staff; an overdue item also reaches the
level above. The reads are a fixed number of queries whatever the number of items and
officials; one notification is written per official with news.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import User
from catalogue import selectors as catalogue_selectors
from core.notifications.services import notify
from regions.models import OfficialPost
from regions.selectors import OfficialScope, official_scope, overdue_after

NEW_WINDOW = dt.timedelta(days=1)


@dataclass
class Digest:
    new: int = 0
    overdue: int = 0


def _reviewers() -> list[User]:
    """Every official and active staff member, with their scope (two queries in all)."""
    users = list(
        User.objects.filter(is_active=True)
        .filter(pk__in=OfficialPost.objects.values("user_id"))
        .union(User.objects.filter(is_active=True, is_staff=True))
    )
    posts = list(OfficialPost.objects.values_list("user_id", "district_id", "state_id"))
    coverage = (frozenset(d for _u, d, _s in posts if d), frozenset(s for _u, _d, s in posts if s))
    for user in users:
        # The same OfficialScope official_scope() would compute, built from one read of the
        # posts for everyone instead of two queries per reviewer.
        user._official_scope = OfficialScope(
            is_staff=bool(user.is_staff or user.is_superuser),
            district_ids=frozenset(d for u, d, _s in posts if u == user.pk and d),
            state_ids=frozenset(s for u, _d, s in posts if u == user.pk and s),
            coverage=coverage,
        )
    return users


def review_digests_send(*, now: dt.datetime) -> dict[int, Digest]:
    """Notify each reviewer of their new (last 24 h) and overdue items; returns the counts
    per user id (reviewers with neither get nothing)."""
    everyone = OfficialScope(True, frozenset(), frozenset())
    rows = catalogue_selectors.review_rows(everyone)
    cutoff = now - overdue_after()
    digests: dict[int, Digest] = defaultdict(Digest)
    reviewers = _reviewers()
    for district_id, state_id, since in rows:
        overdue = since < cutoff
        for user in reviewers:
            scope = official_scope(user)
            if not scope.is_duty(district_id, state_id, overdue=overdue):
                continue
            if overdue:
                digests[user.pk].overdue += 1
            elif since >= now - NEW_WINDOW:
                digests[user.pk].new += 1
    url = reverse("catalogue:review_queue")
    with transaction.atomic():
        for user in reviewers:
            digest = digests.get(user.pk)
            if digest is None:
                continue
            if digest.new:
                notify(
                    users=[user],
                    kind="review_new",
                    subject=ngettext(
                        "%(count)d new item to review",
                        "%(count)d new items to review",
                        digest.new,
                    )
                    % {"count": digest.new},
                    body=_("Sellers are waiting for your review."),
                    url=url,
                )
            if digest.overdue:
                notify(
                    users=[user],
                    kind="review_overdue",
                    subject=ngettext(
                        "%(count)d item overdue for review",
                        "%(count)d items overdue for review",
                        digest.overdue,
                    )
                    % {"count": digest.overdue},
                    body=_(
                        "These items have waited more than %(days)d days; they now reach the "
                        "next level of reviewers too."
                    )
                    % {"days": overdue_after().days},
                    url=url,
                )
    return dict(digests)
