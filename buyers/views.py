from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from buyers.forms import BuyerProfileForm
from buyers.models import ShortlistItem
from buyers.selectors import is_saved, saved_slugs
from buyers.selectors import shortlist_compare as compare_items
from buyers.services import buyer_company_save, shortlist_toggle

# buyers sits below catalogue in the layers, so the product model is reached through the
# shortlist's own foreign key rather than imported.
Product = ShortlistItem._meta.get_field("product").related_model


@login_required
@require_POST
def shortlist(request, slug: str):
    product = Product.objects.filter(slug=slug, status="published").first()
    if product is None:
        raise Http404
    # "save" from result cards (idempotent), "remove" from the comparison, else a toggle.
    saved = shortlist_toggle(
        user=request.user, product=product, action=request.POST.get("action", "")
    )
    if request.headers.get("HX-Request") or "application/json" in request.headers.get("Accept", ""):
        return JsonResponse({"saved": saved})
    messages.success(
        request,
        _("Saved to your shortlist.") if saved else _("Removed from your shortlist."),
    )
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = product.get_absolute_url()
    return redirect(target)


@login_required
def company(request):
    existing = getattr(request.user, "buyer_company", None)
    initial = (
        {
            "company": existing.name,
            "country": existing.country,
            "website": existing.website,
            "buyer_type": existing.buyer_type,
        }
        if existing
        else {}
    )
    form = BuyerProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        buyer_company_save(
            user=request.user,
            name=data["company"],
            country=data["country"],
            website=data["website"],
            buyer_type=data["buyer_type"],
        )
        messages.success(request, _("Your company details are saved."))
        return redirect("marketplace:dashboard")
    return render(request, "buyers/company.html", {"form": form})


@login_required
def shortlist_save(request, slug: str):
    """The no-JavaScript path of a result card's "Save": confirm with one POST (cards are
    cached for everyone, so they carry a link, not a form with a CSRF token)."""
    product = Product.objects.filter(slug=slug, status="published").first()
    if product is None:
        raise Http404
    back = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
        back = product.get_absolute_url()
    context = {
        "product": product,
        "next": back,
        "saved": is_saved(user=request.user, product=product),
    }
    return render(request, "buyers/shortlist_save.html", context)


@require_GET
@never_cache
def shortlist_saved(request):
    """The signed-in buyer's saved product slugs, for static/js/shortlist.js to mark result
    cards "Saved": the cards stay cached for everyone, this one small request is per user.
    A visitor gets an empty list (nobody else's shortlist is ever shown)."""
    return JsonResponse({"saved": saved_slugs(user=request.user)})


@login_required
def shortlist_compare(request):
    return render(
        request, "buyers/shortlist_compare.html", {"items": compare_items(user=request.user)}
    )
