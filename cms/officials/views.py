"""Public views of the officials' tools: event registration and the seller's readiness page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.csp import CSP
from django.utils.translation import gettext as _
from django.views.decorators.csp import csp_override
from django.views.decorators.http import require_POST, require_safe

from cms.officials import selectors, services
from cms.officials.charts import CHART_CACHE_SECONDS
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


# Bounds of the block's settings: the chart URLs carry them, so the image and the CSV show
# what the block on the page shows.
_GLANCE_BOUNDS = {
    "months": (6, 60, 24),
    "destinations": (3, 10, 5),
}
# An SVG opened on its own is a document: it may style itself, nothing else (no script, no
# fetch, no frame, no form), and it cannot be framed.
_SVG_CSP = {
    "default-src": [CSP.NONE],
    "style-src": [CSP.UNSAFE_INLINE],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.NONE],
}
# Long when the URL names this exact drawing (?v=, set by the block: new figures, new URL).
_SVG_MAX_AGE_VERSIONED = CHART_CACHE_SECONDS
_SVG_MAX_AGE = 300


def _glance_chart(request, district_id: int, key: str):
    """(district, chart), or an error response for settings outside the block's bounds."""
    district = get_object_or_404(District, pk=district_id)
    settings = {}
    for name, (low, high, default) in _GLANCE_BOUNDS.items():
        raw = request.GET.get(name, "")
        try:
            settings[name] = int(raw) if raw else default
        except ValueError:
            settings[name] = None
        if settings[name] is None or not low <= settings[name] <= high:
            message = _("%(name)s must be a whole number from %(low)s to %(high)s.") % {
                "name": name,
                "low": low,
                "high": high,
            }
            return district, HttpResponseBadRequest(message, content_type="text/plain")
    chart = at_a_glance(district, **settings).charts.get(key)
    if chart is None:
        raise Http404
    return district, chart


def glance_csv(request, district_id: int, key: str):
    """The numbers of a public "at a glance" chart (public aggregates only)."""
    district, chart = _glance_chart(request, district_id, key)
    if isinstance(chart, HttpResponse):
        return chart
    response = HttpResponse(chart.csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{district.slug}-{key}.csv"'
    return response


@require_safe
@csp_override(_SVG_CSP)
def glance_svg(request, district_id: int, key: str):
    """The picture of a public "at a glance" chart (public aggregates only), from its own
    URL rather than inlined in the storefront: the page stays small, and browsers and
    proxies cache the image (ETag = content hash; an unchanged chart is a 304)."""
    _district, chart = _glance_chart(request, district_id, key)
    if isinstance(chart, HttpResponse):
        return chart
    fingerprint = chart.fingerprint()
    versioned = request.GET.get("v") == fingerprint[:16]
    # Two drawings per chart (phones get the narrow one); ticks are in the URL's language.
    size = "narrow" if request.GET.get("size") == "narrow" else "wide"
    etag = f'"{fingerprint}-{size}"'
    response = get_conditional_response(request, etag=etag)
    if response is None:
        response = HttpResponse(chart.cached_svg(size), content_type="image/svg+xml; charset=utf-8")
    response["ETag"] = etag
    response["X-Content-Type-Options"] = "nosniff"
    patch_cache_control(
        response,
        public=True,
        max_age=_SVG_MAX_AGE_VERSIONED if versioned else _SVG_MAX_AGE,
    )
    return response
