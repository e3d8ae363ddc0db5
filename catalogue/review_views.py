"""Officials review listings and sellers of the districts they cover; staff any district.

The queue and every action are filtered by the reviewer's scope
(`regions.selectors.official_scope`: district posts, state posts, staff), so an item of
another district is a 404, and a user who is neither an official nor staff gets a 403 page.
Nobody reviews a business they belong to.
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from catalogue import selectors, services
from catalogue.forms import RejectForm
from regions.selectors import official_scope
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


def _refuse_own_business(request, seller_id: int):
    """A redirect with a clear message if the reviewer belongs to the business, else None."""
    if not selectors.is_own_business(user=request.user, seller_id=seller_id):
        return None
    messages.error(
        request,
        _(
            "You belong to this business, so you cannot review it or its listings. "
            "Another official or site staff will review it."
        ),
    )
    return redirect("catalogue:review_queue")


@official_view
def review_queue(request, scope):
    queue = selectors.review_queue(scope)
    context = {"queue": queue, "reject_form": RejectForm()}
    return render(request, "dashboard/review.html", context)


@official_view
@require_POST
def review_product(request, scope, pk):
    product = selectors.review_product(scope=scope, pk=pk)
    if refused := _refuse_own_business(request, product.seller_id):
        return refused
    action = request.POST.get("action")
    try:
        if action == "publish":
            services.product_publish(product=product, by=request.user)
            messages.success(request, _("“%(name)s” is published.") % {"name": product.name})
        elif action == "reject":
            form = RejectForm(request.POST)
            if not form.is_valid():
                messages.error(request, _("Give the seller a reason so they can fix the listing."))
                return redirect("catalogue:review_queue")
            services.product_reject(
                product=product, by=request.user, reason=form.cleaned_data["reason"]
            )
            messages.success(
                request, _("“%(name)s” is sent back to the seller.") % {"name": product.name}
            )
        else:
            messages.error(request, _("Choose publish or reject."))
    except services.InvalidTransition:
        messages.error(request, _("This listing is no longer waiting for review."))
    return redirect("catalogue:review_queue")


@official_view
@require_POST
def review_seller(request, scope, pk):
    seller = selectors.review_seller(scope=scope, pk=pk)
    if refused := _refuse_own_business(request, seller.pk):
        return refused
    form = ReviewSellerForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Unknown action."))
        return redirect("catalogue:review_queue")
    action = form.cleaned_data["action"]
    try:
        if action == "approve":
            seller_services.seller_approve(seller=seller, by=request.user)
        elif action in ("verify_gstin", "reject_gstin"):
            seller_services.seller_verify_gstin(
                seller=seller, by=request.user, verified=action == "verify_gstin"
            )
        elif action in ("verify_iec", "reject_iec"):
            seller_services.seller_verify_iec(
                seller=seller, by=request.user, verified=action == "verify_iec"
            )
        elif action in ("verify_bank", "reject_bank"):
            seller_services.seller_verify_bank(
                seller=seller, by=request.user, verified=action == "verify_bank"
            )
        else:
            seller_services.seller_set_trusted(
                seller=seller, by=request.user, trusted=action == "trust"
            )
    except ValueError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Saved for %(name)s.") % {"name": seller.name})
    return redirect("catalogue:review_queue")
