"""Review pages: write or edit (the buyer), reply (the seller), hide (official or staff),
a seller's public reviews, and a small JSON endpoint for the buyer's write. Thin: the rules
are in `services`, the reads in `selectors`."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core import ratelimit

from .. import selectors as trade_selectors
from . import selectors, services
from .forms import HideForm, ReplyForm, ReviewForm
from .services import RATING_FIELDS, ReviewError

SCOPE = "review"
PER_PAGE = 20


def _wait_message(wait: int) -> str:
    minutes = max(1, wait // 60)
    return ngettext(
        "You have posted many reviews in the last hour; please try again in about "
        "%(minutes)d minute.",
        "You have posted many reviews in the last hour; please try again in about "
        "%(minutes)d minutes.",
        minutes,
    ) % {"minutes": minutes}


def _limited(request, action):
    """Run a write under the review rate limit: (result, error message, HTTP status)."""
    if wait := ratelimit.acquire(request, SCOPE):
        return None, _wait_message(wait), 429
    try:
        return action(), "", 200
    except ReviewError as exc:
        ratelimit.release(request, SCOPE)  # a refused post does not use up the allowance
        return None, str(exc), exc.status


def _write(request, order, review, ratings: dict, text: str):
    """The buyer's first review of the order, or the edit of it."""
    if review is None:
        return lambda: services.review_create(
            order=order, by=request.user, ratings=ratings, text=text
        )
    return lambda: services.review_edit(review=review, by=request.user, ratings=ratings, text=text)


def _refused(request, order, message: str, status: int = 403):
    context = {"order": order, "message": message}
    return render(request, "marketplace/reviews/refused.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def review_form(request, number: str):
    """The buyer writes the review of a delivered order, or edits it for 30 days."""
    order, party = trade_selectors.order_for(user=request.user, number=number)
    panel = selectors.order_review_panel(order=order, user=request.user, party=party)
    if not (panel.can_write or panel.can_edit):
        return _refused(request, order, selectors.refusal_text(order, request.user, panel))
    review = panel.review
    initial = {f: getattr(review, f) for f in (*RATING_FIELDS, "text")} if review else None
    form = ReviewForm(request.POST or None, initial=initial)
    status = 400 if request.method == "POST" else 200
    if request.method == "POST" and form.is_valid():
        text = form.cleaned_data["text"]
        saved, error, status = _limited(
            request, _write(request, order, review, form.ratings(), text)
        )
        if saved is not None:
            messages.success(request, _("Thank you: your review is on the seller's page."))
            return redirect(order.get_absolute_url() + "#review")
        form.add_error(None, error)
    context = {"order": order, "form": form, "review": review}
    return render(request, "marketplace/reviews/form.html", context, status=status)


@login_required
@require_POST
def review_reply(request, pk: int):
    """The seller's one public reply (posted from the order page)."""
    review = selectors.review_for_reply(pk=pk, user=request.user)
    form = ReplyForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect(review.order.get_absolute_url() + "#review")
    text = form.cleaned_data["reply"]
    saved, error, _status = _limited(
        request, lambda: services.review_reply(review=review, by=request.user, text=text)
    )
    if saved is None:
        messages.error(request, error)
    else:
        messages.success(request, _("Your reply is published under the review."))
    return redirect(review.order.get_absolute_url() + "#review")


@login_required
@require_http_methods(["GET", "POST"])
def review_hide(request, pk: int):
    """A covering official or staff hides a review, with a reason for the log."""
    review = selectors.review_for_moderation(pk=pk, user=request.user)
    form = HideForm(request.POST or None)
    status = 400 if request.method == "POST" else 200
    if request.method == "POST" and form.is_valid():
        reason = form.cleaned_data["reason"]
        saved, error, status = _limited(
            request, lambda: services.review_hide(review=review, by=request.user, reason=reason)
        )
        if saved is not None:
            messages.success(request, _("The review is hidden; the reason is in the log."))
            return redirect(reverse("marketplace:seller_reviews", args=[review.seller.slug]))
        form.add_error(None, error)
    context = {"review": review, "form": form}
    return render(request, "marketplace/reviews/hide.html", context, status=status)


@require_GET
def seller_reviews(request, slug: str):
    """A seller's public reviews, 20 a page (hidden ones are left out)."""
    seller = selectors.approved_seller(slug)
    page = Paginator(selectors.public_reviews(seller), PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "seller": seller,
        # Not "page": base.html reads `page` as the Wagtail page being shown.
        "reviews_page": page,
        "reviews": list(page.object_list),
        "can_moderate": selectors.may_moderate(request.user, seller),
    }
    return render(request, "marketplace/reviews/seller_reviews.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def review_api(request, number: str):
    """JSON: GET the order's review, POST {overall, as_described, communication,
    delivery_time, text} to write or edit it. Session-authenticated with the CSRF token,
    refusing exactly whom the form refuses, with the same words."""
    order, party = trade_selectors.order_for(user=request.user, number=number)
    panel = selectors.order_review_panel(order=order, user=request.user, party=party)
    if request.method == "GET":
        return JsonResponse({"review": selectors.review_json(panel.review)})
    if not (panel.can_write or panel.can_edit):
        return _json_error(403, selectors.refusal_text(order, request.user, panel))
    try:
        data = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError):
        return _json_error(400, _("Send a JSON object."))
    if not isinstance(data, dict):
        return _json_error(400, _("Send a JSON object."))
    text = data.get("text", "")
    write = _write(request, order, panel.review, data, text if isinstance(text, str) else "")
    saved, error, status = _limited(request, lambda: _checked(data, write))
    if saved is None:
        return _json_error(status, error)
    return JsonResponse(
        {"review": selectors.review_json(saved)}, status=201 if panel.review is None else 200
    )


def _checked(data: dict, write):
    if not isinstance(data.get("text", ""), str):
        raise ReviewError(_("The review text must be a string."), field="text")
    return write()


def _json_error(status: int, message: str) -> JsonResponse:
    return JsonResponse({"error": {"message": message}}, status=status)
