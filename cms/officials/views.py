"""Public views of the officials' tools: event registration and the seller's readiness page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cms.officials import selectors, services
from cms.officials.dashboards import at_a_glance
from cms.officials.forms import SellerRegistrationForm
from cms.officials.models import EventPage, SellerRegistration
from regions.models import District


def _live_event(page_id: int) -> EventPage:
    return get_object_or_404(EventPage.objects.live().public(), pk=page_id)


@require_POST
@login_required
def event_register(request, page_id: int):
    event = _live_event(page_id)
    try:
        services.event_register(event=event, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("You are registered for %(event)s.") % {"event": event.title})
    return redirect(event.url)


@require_POST
@login_required
def event_unregister(request, page_id: int):
    event = _live_event(page_id)
    services.event_unregister(event=event, user=request.user)
    messages.success(request, _("Your registration is cancelled."))
    return redirect(event.url)


def _seller(request):
    sellers = selectors.sellers_of(request.user)
    seller_id = request.GET.get("seller") or request.POST.get("seller")
    if seller_id:
        try:
            return get_object_or_404(sellers, pk=int(seller_id)), sellers
        except ValueError:
            raise Http404 from None
    return sellers.first(), sellers


@login_required
def readiness(request):
    """What each of the seller's products still needs before it can be exported."""
    seller, sellers = _seller(request)
    if seller is None:
        # Role-gated, not someone else's object: say what is missing (403), as the seller
        # dashboard does, rather than a bare 404.
        return render(request, "dashboard/no_seller.html", status=403)
    form = SellerRegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.seller_registration_save(seller=seller, **form.cleaned_data)
        messages.success(request, _("Registration saved."))
        return redirect(f"{request.path}?seller={seller.pk}")
    return render(
        request,
        "officials/readiness.html",
        {
            "seller": seller,
            "sellers": sellers,
            "checklists": selectors.seller_readiness(seller=seller),
            "registrations": selectors.seller_registrations(seller=seller),
            "form": form,
        },
    )


@require_POST
@login_required
def readiness_registration_delete(request, pk: int):
    seller, _sellers = _seller(request)
    if seller is None:
        raise Http404  # an object route: nobody else's registration is revealed
    try:
        services.seller_registration_delete(seller=seller, registration_id=pk)
    except SellerRegistration.DoesNotExist as exc:
        raise Http404 from exc
    return redirect(f"{reverse('cms:officials:readiness')}?seller={seller.pk}")


def glance_csv(request, district_id: int, key: str):
    """The numbers of a public "at a glance" chart (public aggregates only)."""
    district = get_object_or_404(District, pk=district_id)
    chart = at_a_glance(district).charts.get(key)
    if chart is None:
        raise Http404
    response = HttpResponse(chart.csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{district.slug}-{key}.csv"'
    return response
