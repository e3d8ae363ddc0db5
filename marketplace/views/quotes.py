"""Quotation pages: the seller writes one; the buyer accepts, declines or orders a sample."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from catalogue.models import Product

from .. import once, selectors, services
from ..forms import (
    QuotationForm,
    QuoteLineFormSet,
)
from ..payments.methods import terms_choices
from ..services import QuoteNotAcceptable, TradeError
from ..states import IllegalTransition


@login_required
def quote_edit(request, pk: int):
    enquiry, party = selectors.enquiry_for(user=request.user, pk=pk)
    if party != "seller":
        raise Http404  # only the addressed seller may quote
    quote = selectors.quotation_for_enquiry(enquiry=enquiry)
    products = list(
        Product.objects.filter(seller=enquiry.seller)
        .exclude(status="withdrawn")
        .values_list("pk", "name")
    )
    line_kwargs = {"form_kwargs": {"product_choices": products}}
    terms = terms_choices(enquiry.seller)
    if request.method == "POST":
        form = QuotationForm(request.POST, terms_choices=terms)
        lines = QuoteLineFormSet(request.POST, prefix="lines", **line_kwargs)
        if form.is_valid() and lines.is_valid():
            product_map = {p.pk: p for p in Product.objects.filter(seller=enquiry.seller)}
            rows = [
                {**f.cleaned_data, "product": product_map.get(f.cleaned_data.get("product"))}
                for f in lines.forms
                if f.cleaned_data and not f.cleaned_data.get("DELETE")
            ]
            fields = {k: v for k, v in form.cleaned_data.items() if k != "once"}
            try:
                with once.once(request, form) as done:
                    services.quote_send(enquiry=enquiry, by=request.user, lines=rows, **fields)
                    done.url = enquiry.get_absolute_url() + "#quotation"
            except once.Duplicate as duplicate:
                return redirect(duplicate.url)  # sent by the first post of this form
            except (TradeError, IllegalTransition) as exc:
                form.add_error(
                    None,
                    str(exc)
                    if isinstance(exc, TradeError)
                    else _("This quotation can no longer be changed."),
                )
            else:
                messages.success(request, _("Your quotation was sent to the buyer."))
                return redirect(enquiry.get_absolute_url() + "#quotation")
    else:
        if quote:
            initial = {
                f: getattr(quote, f)
                for f in (
                    "currency",
                    "incoterm",
                    "port",
                    "lead_time_days",
                    "valid_until",
                    "payment_terms",
                    "sample_offered",
                    "sample_price",
                    "notes",
                )
            }
            line_initial = [
                {
                    "product": line.product_id,
                    "description": line.description,
                    "quantity": line.quantity,
                    "unit": line.unit,
                    "unit_price": line.unit_price,
                }
                for line in quote.lines.all()
            ]
        else:
            initial = {"incoterm": enquiry.incoterm, "port": "", "lead_time_days": 30}
            if enquiry.product:
                initial["lead_time_days"] = enquiry.product.lead_time_days
            line_initial = [
                {
                    "product": enquiry.product_id,
                    "description": enquiry.subject,
                    "quantity": enquiry.quantity,
                    "unit": enquiry.unit,
                }
            ]
        form = QuotationForm(initial=initial, terms_choices=terms)
        lines = QuoteLineFormSet(prefix="lines", initial=line_initial, **line_kwargs)
    return render(
        request,
        "marketplace/quote_form.html",
        {"enquiry": enquiry, "quote": quote, "form": form, "lines": lines},
    )


@login_required
@require_POST
def quote_accept(request, pk: int):
    quote = selectors.quotation_for_buyer(user=request.user, pk=pk)
    try:
        order = services.quote_accept(quotation=quote, by=request.user)
    except (QuoteNotAcceptable, IllegalTransition) as exc:
        messages.error(
            request,
            str(exc) if isinstance(exc, TradeError) else _("This quotation is no longer open."),
        )
        return redirect(quote.enquiry.get_absolute_url() + "#quotation")
    messages.success(
        request, _("You accepted the quotation. Order %(n)s is created.") % {"n": order.number}
    )
    return redirect(order.get_absolute_url())


@login_required
@require_POST
def quote_decline(request, pk: int):
    quote = selectors.quotation_for_buyer(user=request.user, pk=pk)
    try:
        services.quote_decline(quotation=quote, by=request.user)
        messages.success(request, _("You declined the quotation. The seller was told."))
    except IllegalTransition:
        messages.error(request, _("This quotation is no longer open."))
    return redirect(quote.enquiry.get_absolute_url())


@login_required
@require_POST
def sample_order(request, pk: int):
    quote = selectors.quotation_for_buyer(user=request.user, pk=pk)
    try:
        order = services.sample_order_create(quotation=quote, by=request.user)
    except QuoteNotAcceptable as exc:
        messages.error(request, str(exc))
        return redirect(quote.enquiry.get_absolute_url() + "#quotation")
    messages.success(request, _("Sample order %(n)s is created.") % {"n": order.number})
    return redirect(order.get_absolute_url())
