"""Officials review listings and sellers of the districts they cover; staff any district.

The queue, the previews, the documents and every action are filtered by the reviewer's scope
(`regions.selectors.official_scope`: district posts, state posts, staff), so an item of
another district is a 404, and a user who is neither an official nor staff gets a 403 page.
Previews show the reviewer everything the public page would, and more (documents, the GI
claim's evidence, the before/after of an edit), before they decide. Nobody reviews a
business they belong to: the review services refuse it (`sellers.services.ReviewRefused`).
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from catalogue import selectors, services
from catalogue.forms import RejectForm
from catalogue.review import listing_review_facts
from regions.selectors import official_scope
from sellers import selectors as seller_selectors
from sellers import services as seller_services
from sellers.forms import ReviewSellerForm


def official_view(view):
    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        scope = official_scope(request.user)
        if not scope.can_review:
            return render(request, "dashboard/not_official.html", status=403)
        return view(request, scope, *args, **kwargs)

    return wrapper


@official_view
def review_queue(request, scope):
    queue = selectors.review_queue(scope)
    find = request.GET.get("find", "")
    found = selectors.review_find(scope, find) if find else None
    context = {"queue": queue, "reject_form": RejectForm(), "find": find, "found": found}
    return render(request, "dashboard/review.html", context)


@official_view
@require_GET
def review_product_preview(request, scope, pk):
    product = selectors.review_product_preview(scope=scope, pk=pk)
    context = {"product": product, **listing_review_facts(product)}
    return render(request, "dashboard/review_listing.html", context)


@official_view
@require_GET
def review_seller_preview(request, scope, pk):
    seller = selectors.review_seller_preview(scope=scope, pk=pk)
    context = {
        "seller": seller,
        "photos": list(seller.photos.all()),
        "changes": seller_selectors.seller_review_changes(seller),
    }
    return render(request, "dashboard/review_seller.html", context)


@official_view
@require_GET
def review_document(request, scope, pk):
    """A certificate of a listing under review, served to the official (never public)."""
    document = selectors.review_document(scope=scope, pk=pk)
    content_type = DOCUMENT_TYPES.get(document.file_extension.lower())
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=content_type is None,
        filename=f"certificate-{document.pk}.{document.file_extension}",
        content_type=content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


# Uploads were checked by content (PDF header, or an image re-encoded by core.uploads);
# anything else is offered as a download, never rendered.
DOCUMENT_TYPES = {
    "pdf": "application/pdf",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "webp": "image/webp",
}


LISTING_DONE = {
    "publish": gettext_lazy("“%(name)s” is published."),
    "reject": gettext_lazy("“%(name)s” is sent back for changes."),
    "take_down": gettext_lazy("“%(name)s” is taken off the site and sent back to the seller."),
    "verify_gi": gettext_lazy("GI authorised user verified for “%(name)s”."),
    "reject_gi": gettext_lazy("GI claim of “%(name)s” sent back for changes."),
}


SELLER_DONE = {
    "suspend": gettext_lazy("%(name)s is suspended: its page and listings are off the site."),
    "reinstate": gettext_lazy("%(name)s is reinstated and public again."),
}


def dropped_message(dropped: list[str]) -> str:
    return _("Published without what no longer exists: %(items)s.") % {"items": "; ".join(dropped)}


def _listing_action(request, product, action: str):
    """Carry out one reviewer decision on a listing; ValueError carries the words for them."""
    form = RejectForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    if action == "publish":
        product = services.product_publish(product=product, by=request.user)
        if product.dropped_on_publish:
            messages.warning(request, dropped_message(product.dropped_on_publish))
    elif action == "reject":
        if not reason:
            raise ValueError(_("Give the seller a reason so they can fix the listing."))
        services.product_reject(product=product, by=request.user, reason=reason)
    elif action == "take_down":
        if not reason:
            raise ValueError(_("Tell the seller why the listing was taken down."))
        services.product_take_down(product=product, by=request.user, reason=reason)
    elif action in ("verify_gi", "reject_gi"):
        services.product_verify_gi_claim(
            product=product, by=request.user, verified=action == "verify_gi"
        )
    else:
        raise ValueError(_("Choose publish or send back."))


@official_view
@require_POST
def review_product(request, scope, pk):
    product = selectors.review_product(scope=scope, pk=pk)
    action = request.POST.get("action", "")
    try:
        _listing_action(request, product, action)
    except services.InvalidTransition:
        messages.error(request, _("This listing is no longer waiting for review."))
    except ValueError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, str(LISTING_DONE[action]) % {"name": product.name})
    return redirect("catalogue:review_queue")


@official_view
@require_POST
def review_seller(request, scope, pk):
    seller = selectors.review_seller(scope=scope, pk=pk)
    form = ReviewSellerForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.first_error())
        return redirect("catalogue:review_queue")
    try:
        _seller_action(seller, request.user, form.cleaned_data)
    except ValueError as error:
        messages.error(request, str(error))
    else:
        done = SELLER_DONE.get(form.cleaned_data["action"], gettext_lazy("Saved for %(name)s."))
        messages.success(request, str(done) % {"name": seller.name})
    return redirect("catalogue:review_queue")


def _seller_action(seller, by, data) -> None:
    action = data["action"]
    if action == "approve":
        seller_services.seller_approve(seller=seller, by=by)
    elif action == "send_back":
        seller_services.seller_send_back(seller=seller, by=by, reason=data["reason"])
    elif action in ("verify_gstin", "reject_gstin"):
        seller_services.seller_verify_gstin(
            seller=seller, by=by, verified=action == "verify_gstin", reason=data["reason"]
        )
    elif action in ("verify_iec", "reject_iec"):
        seller_services.seller_verify_iec(
            seller=seller, by=by, verified=action == "verify_iec", reason=data["reason"]
        )
    elif action in ("verify_bank", "reject_bank"):
        seller_services.seller_verify_bank(
            seller=seller, by=by, verified=action == "verify_bank", reason=data["reason"]
        )
    elif action == "suspend":
        seller_services.seller_suspend(seller=seller, by=by, reason=data["reason"])
    elif action == "reinstate":
        seller_services.seller_reinstate(seller=seller, by=by)
    else:
        seller_services.seller_set_trusted(seller=seller, by=by, trusted=action == "trust")
