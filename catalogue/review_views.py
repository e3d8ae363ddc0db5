"""District officials review listings and sellers of their own districts only.

The queue and every action are filtered by the official's districts (regions.DistrictOfficial),
so an item of another district is a 404, and a user who is no official gets a 403 page.
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from catalogue import selectors, services
from catalogue.forms import RejectForm
from sellers import services as seller_services
from sellers.forms import ReviewSellerForm


def official_view(view):
    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        district_ids = selectors.official_district_ids(request.user)
        if not district_ids:
            return render(request, "dashboard/not_official.html", status=403)
        return view(request, district_ids, *args, **kwargs)

    return wrapper


@official_view
def review_queue(request, district_ids):
    context = {
        "products": list(selectors.review_pending_products(district_ids)),
        "sellers": list(selectors.review_sellers(district_ids)),
        "reject_form": RejectForm(),
    }
    return render(request, "dashboard/review.html", context)


@official_view
@require_POST
def review_product(request, district_ids, pk):
    product = selectors.review_product(district_ids=district_ids, pk=pk)
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
def review_seller(request, district_ids, pk):
    seller = selectors.review_seller(district_ids=district_ids, pk=pk)
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
