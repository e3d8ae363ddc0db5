"""Reads of reviews: what an order page offers, a seller's public reviews, moderation."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404

from accounts.models import User
from sellers.models import Seller
from sellers.selectors import member_seller_ids

from ..models import Order
from .models import Review
from .services import can_moderate, reviewable_refusal


@dataclass(frozen=True)
class OrderReviewPanel:
    review: Review | None
    can_write: bool  # the buyer may post the first review
    can_edit: bool  # the buyer may still change it
    can_reply: bool  # the seller may post its one reply
    can_hide: bool  # a covering official or staff


def order_review_panel(*, order: Order, user: User, party: str) -> OrderReviewPanel:
    """What the order page shows and offers about the review. One query (the review)."""
    review = Review.objects.filter(order=order).first()
    if review is not None:
        review.order = order
    is_buyer = party == "buyer"
    return OrderReviewPanel(
        review=review,
        can_write=review is None
        and is_buyer
        and reviewable_refusal(order=order, user=user) is None,
        can_edit=review is not None and is_buyer and review.is_editable(),
        can_reply=review is not None
        and party == "seller"
        and not review.reply
        and not review.is_hidden,
        can_hide=review is not None and not review.is_hidden and _moderates(user, order.seller),
    )


def _moderates(user: User, seller: Seller) -> bool:
    return bool(user.is_authenticated) and can_moderate(user=user, seller=seller)


def public_reviews(seller: Seller) -> QuerySet[Review]:
    """A seller's visible reviews, newest first, with what a review row shows."""
    return (
        Review.objects.filter(seller=seller, hidden_at__isnull=True)
        .select_related("order")
        .order_by("-created_at", "-id")
    )


def review_for_moderation(*, pk: int, user: User) -> Review:
    """A review the user may hide (a covering official or staff); 404 for anyone else, so
    the existence of a review is not confirmed to strangers."""
    review = Review.objects.select_related("seller__district", "order").filter(pk=pk).first()
    if review is None or not _moderates(user, review.seller):
        raise Http404
    return review


def review_for_reply(*, pk: int, user: User) -> Review:
    """A review of the user's own business; 404 for anyone else."""
    review = (
        Review.objects.select_related("order", "seller")
        .filter(pk=pk, seller_id__in=member_seller_ids(user))
        .first()
    )
    if review is None:
        raise Http404
    return review


def approved_seller(slug: str) -> Seller:
    seller = (
        Seller.objects.select_related("district__state")
        .filter(slug=slug, status=Seller.Status.APPROVED)
        .first()
    )
    if seller is None:
        raise Http404
    return seller


def may_moderate(user, seller: Seller) -> bool:
    return _moderates(user, seller)


def refusal_text(order: Order, user: User, panel: OrderReviewPanel) -> str:
    """Why the review form is not open to this user on this order, in words."""
    from django.utils.translation import gettext as _

    from .services import reviewable_refusal

    if panel.review is not None and panel.review.buyer_id == user.pk:
        if panel.review.is_hidden:
            return _("This review was hidden by a moderator and can no longer be changed.")
        return _("A review can be changed for 30 days after it was posted.")
    return reviewable_refusal(order=order, user=user) or _(
        "You have already reviewed this order; you can edit that review instead."
    )


def review_json(review: Review | None) -> dict | None:
    if review is None:
        return None
    return {
        "order": review.order.number,
        "overall": review.overall,
        "as_described": review.as_described,
        "communication": review.communication,
        "delivery_time": review.delivery_time,
        "text": review.text,
        "created_at": review.created_at,
        "edited_at": review.edited_at,
        "editable_until": review.editable_until,
        "reply": review.reply,
        "hidden": review.is_hidden,
    }
