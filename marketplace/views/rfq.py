"""Buying requests (RFQs): post one, see the quotes it collected."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from core import ratelimit

from .. import once, selectors, services
from ..forms import (
    BuyingRequestForm,
)
from .enquiries import _allowance, _refused


@login_required
def rfq_new(request):
    if request.method == "POST":
        form = BuyingRequestForm(request.POST)
        if form.is_valid():
            data = {
                k: v
                for k, v in form.cleaned_data.items()
                if k not in ("company_website", "started", "once")
            }
            if first := once.submitted(form):
                return redirect(first)
            budget = selectors.enquiry_budget(request.user)
            if wait := ratelimit.acquire(request, user_limit=budget):
                return _refused(request, wait, "marketplace/rfq_form.html", {"form": form})
            try:
                with once.once(request, form) as done:
                    rfq = services.rfq_create(
                        buyer=request.user, language=get_language() or "", **data
                    )
                    done.url = rfq.get_absolute_url()
            except once.Duplicate as duplicate:
                ratelimit.release(request)
                return redirect(duplicate.url)
            count = rfq.enquiries.count()
            if count:
                messages.success(
                    request,
                    _("Your buying request went to %(n)s matching seller(s).") % {"n": count},
                )
            else:
                messages.warning(
                    request,
                    _(
                        "No published seller matches yet. Widen the category or district, "
                        "or wait: we keep it open."
                    ),
                )
            return redirect(rfq.get_absolute_url())
    else:
        form = BuyingRequestForm(initial=selectors.rfq_initial(request.GET))
    return render(request, "marketplace/rfq_form.html", {"form": form, **_allowance(request)})


@login_required
def rfq_detail(request, pk: int):
    rfq = selectors.rfq_for_buyer(user=request.user, pk=pk)
    return render(
        request,
        "marketplace/rfq_detail.html",
        {"rfq": rfq, "enquiries": selectors.rfq_quotes(rfq=rfq)},
    )
