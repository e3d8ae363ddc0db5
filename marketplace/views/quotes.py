"""Quotation pages: the seller writes one; the buyer accepts, declines or orders a sample."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

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
    form, lines = _quote_forms(request, enquiry, quote)
    if request.method == "POST" and form.is_valid() and lines.is_valid():
        try:
            with once.once(request, form) as done:
                services.quote_send_from_forms(
                    enquiry=enquiry,
                    by=request.user,
                    terms=form.cleaned_data,
                    line_rows=[f.cleaned_data for f in lines.forms],
                )
                done.url = enquiry.get_absolute_url() + "#quotation"
        except once.Duplicate as duplicate:
            return redirect(duplicate.url)  # sent by the first post of this form
        except TradeError as exc:
            form.add_error(None, str(exc))
        except IllegalTransition:
            form.add_error(None, _("This quotation can no longer be changed."))
        else:
            messages.success(request, _("Your quotation was sent to the buyer."))
            return redirect(done.url)
    context = {"enquiry": enquiry, "quote": quote, "form": form, "lines": lines}
    return render(request, "marketplace/quote_form.html", context)


def _quote_forms(request, enquiry, quote):
    """The quotation form and its line formset: posted, or started from the current
    quotation (or the enquiry)."""
    products = selectors.quote_product_choices(seller_id=enquiry.seller_id)
    line_kwargs = {"prefix": "lines", "form_kwargs": {"product_choices": products}}
    terms = terms_choices(enquiry.seller)
    if request.method == "POST":
        form = QuotationForm(request.POST, terms_choices=terms)
        return form, QuoteLineFormSet(request.POST, **line_kwargs)
    initial, line_initial = selectors.quote_form_initial(enquiry=enquiry, quote=quote)
    form = QuotationForm(initial=initial, terms_choices=terms)
    return form, QuoteLineFormSet(initial=line_initial, **line_kwargs)


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
