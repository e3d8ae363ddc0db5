"""Writes of reviews. Each is one transaction: the review, its moderation log and the
seller's stored figures (track_record) commit together or not at all.

Who may do what is decided here, not only in the views, so the form and the JSON endpoint
refuse the same people with the same words (ReviewError).
"""

from __future__ import annotations

import re

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.notifications.services import notify
from regions.selectors import official_scope
from sellers import selectors as seller_selectors

from ..models import Order
from ..states import OrderStatus
from . import track_record
from .models import MAX_REPLY, MAX_TEXT, Review, ReviewModeration

# An order may be reviewed once the goods arrived (a sample order closes the same way).
REVIEWABLE_STATUSES = frozenset({OrderStatus.DELIVERED, OrderStatus.COMPLETED})
RATING_FIELDS = ("overall", "as_described", "communication", "delivery_time")
# What a browser would read as the start of a tag, comment or doctype ("<b", "</", "<!"):
# "a < b" and "<3" are text and pass.
MARKUP = re.compile(r"<[/!?]?[a-zA-Z]")


class ReviewError(Exception):
    """A refusal with a message a person understands (a form error or a JSON error)."""

    def __init__(self, message: str, *, field: str | None = None, status: int = 400):
        super().__init__(message)
        self.field, self.status = field, status


def clean_text(value: str, *, limit: int, field: str) -> str:
    """Plain text of at most `limit` characters, or ReviewError. Markup is refused rather
    than silently stripped: the writer sees exactly what will be shown."""
    text = (value or "").replace("\x00", "").replace("\r\n", "\n").strip()
    if len(text) > limit:
        raise ReviewError(
            _("Please keep it under %(limit)s characters (this has %(count)s).")
            % {"limit": f"{limit:,}", "count": f"{len(text):,}"},
            field=field,
        )
    if MARKUP.search(text):
        raise ReviewError(
            _("Please write plain text: HTML tags such as <b> or <script> are not shown."),
            field=field,
        )
    return text


def clean_ratings(ratings: dict) -> dict:
    cleaned = {}
    for name in RATING_FIELDS:
        value = ratings.get(name)
        try:
            number = int(value)
        except (TypeError, ValueError):
            number = None
        if number is None or isinstance(value, bool) or not 1 <= number <= 5:
            raise ReviewError(_("Choose from 1 to 5 stars."), field=name)
        cleaned[name] = number
    return cleaned


def reviewable_refusal(*, order: Order, user: User) -> str | None:
    """Why `user` may not review `order` now (None when they may)."""
    if not user.is_authenticated or order.buyer_id != user.pk:
        return _("Only the buyer of this order can review it.")
    if order.status not in REVIEWABLE_STATUSES:
        return _("You can review the seller once the order is delivered.")
    return None


def review_create(*, order: Order, by: User, ratings: dict, text: str) -> Review:
    refusal = reviewable_refusal(order=order, user=by)
    if refusal:
        raise ReviewError(refusal, status=403)
    values = clean_ratings(ratings)
    text = clean_text(text, limit=MAX_TEXT, field="text")
    try:
        with transaction.atomic():
            review = Review.objects.create(
                order=order, seller_id=order.seller_id, buyer=by, text=text, **values
            )
            track_record.refresh(order.seller_id)
    except IntegrityError:
        # The OneToOne on the order: a second review, or two posts of the first at once.
        raise ReviewError(
            _("You have already reviewed this order; you can edit that review instead."),
            status=409,
        ) from None
    notify(
        users=_seller_users(order.seller_id),
        kind="new_review",
        subject=_("New review of order %(number)s") % {"number": order.number},
        body=text[:500],
        url=order.get_absolute_url(),
    )
    return review


def review_edit(*, review: Review, by: User, ratings: dict, text: str) -> Review:
    if review.buyer_id != by.pk:
        raise ReviewError(_("Only the buyer of this order can review it."), status=403)
    values = clean_ratings(ratings)
    text = clean_text(text, limit=MAX_TEXT, field="text")
    with transaction.atomic():
        locked = Review.objects.select_for_update().get(pk=review.pk)
        if not locked.is_editable():
            raise ReviewError(
                _("A review can be changed for 30 days after it was posted."), status=403
            )
        for name, value in values.items():
            setattr(locked, name, value)
        locked.text, locked.edited_at = text, timezone.now()
        locked.save()
        track_record.refresh(locked.seller_id)
    return locked


def review_reply(*, review: Review, by: User, text: str) -> Review:
    """The seller's one public reply."""
    if not seller_selectors.user_is_seller_staff(by, review.seller_id):
        raise ReviewError(_("Only the seller can reply to this review."), status=403)
    text = clean_text(text, limit=MAX_REPLY, field="reply")
    if not text:
        raise ReviewError(_("Write the reply first."), field="reply")
    with transaction.atomic():
        # Conditional UPDATE: of two replies sent at once exactly one is kept.
        updated = Review.objects.filter(pk=review.pk, reply="", hidden_at__isnull=True).update(
            reply=text, reply_by=by, reply_at=timezone.now()
        )
    if not updated:
        raise ReviewError(_("This review already has your reply."), status=409)
    review.refresh_from_db()
    return review


def can_moderate(*, user: User, seller) -> bool:
    """The district official covering the seller (its district's or state's) or staff. The
    seller's district is read only when a state post has to be checked."""
    scope = official_scope(user)
    if scope.is_staff or seller.district_id in scope.district_ids:
        return True
    return bool(scope.state_ids) and seller.district.state_id in scope.state_ids


def review_hide(*, review: Review, by: User, reason: str) -> Review:
    """Hide a review from every public page, with the reason in the audit log. The text is
    never changed: moderators hide, they do not edit."""
    if not can_moderate(user=by, seller=review.seller):
        raise ReviewError(_("Only the district's official or site staff can hide it."), status=403)
    reason = clean_text(reason, limit=1000, field="reason")
    if not reason:
        raise ReviewError(_("Say why the review is hidden."), field="reason")
    with transaction.atomic():
        locked = Review.objects.select_for_update().get(pk=review.pk)
        if locked.is_hidden:
            raise ReviewError(_("This review is already hidden."), status=409)
        locked.hidden_at, locked.hidden_reason = timezone.now(), reason
        locked.save(update_fields=["hidden_at", "hidden_reason"])
        ReviewModeration.objects.create(
            review=locked, action=ReviewModeration.Action.HIDE, reason=reason, actor=by
        )
        track_record.refresh(locked.seller_id)
    return locked


def _seller_users(seller_id: int):
    return seller_selectors.team_users(seller_id)
