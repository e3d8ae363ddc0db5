"""Buying requests (RFQs): post one, see the quotes it collected."""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .. import selectors, services
from ..forms import (
    BuyingRequestForm,
)
from .enquiries import _allowance, _refused


@login_required
def rfq_new(request):
    if request.method != "POST":
        form = BuyingRequestForm(initial=selectors.rfq_initial(request.GET))
    else:
        form = BuyingRequestForm(request.POST)
        if form.is_valid():
            send = partial(_rfq_send, request, form.cleaned_data)
            sent = services.submit_within_budget(request, form, send)
            if sent.wait:
                return _refused(request, sent.wait, "marketplace/rfq_form.html", {"form": form})
            if sent.created:
                _rfq_sent_message(request, sent.created)
            if sent.url:
                return redirect(sent.url)
    return render(request, "marketplace/rfq_form.html", {"form": form, **_allowance(request)})


def _rfq_send(request, cleaned_data):
    skip = ("company_website", "started", "once")
    data = {k: v for k, v in cleaned_data.items() if k not in skip}
    return services.rfq_create(buyer=request.user, language=get_language() or "", **data)


def _rfq_sent_message(request, rfq) -> None:
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


@login_required
def rfq_detail(request, pk: int):
    rfq = selectors.rfq_for_buyer(user=request.user, pk=pk)
    return render(
        request,
        "marketplace/rfq_detail.html",
        {"rfq": rfq, "enquiries": selectors.rfq_quotes(rfq=rfq)},
    )
