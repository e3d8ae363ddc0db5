"""Order pages: detail, status moves, shipping documents."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from .. import selectors, services
from ..forms import (
    OrderDocumentForm,
    OrderStatusForm,
)
from ..models import OrderDocument
from ..payments.selectors import open_terms_change_party
from ..services import TradeError
from ..states import ORDER_DOCUMENT_STATUSES, IllegalTransition


def _order_page(request, order, party, *, document_form=None, status=200):
    proposer = open_terms_change_party(order)
    return render(
        request,
        "marketplace/order_detail.html",
        {
            "order": order,
            "party": party,
            "actions": selectors.order_next_actions(order, party, change_proposed_by=proposer),
            "next_action": selectors.order_next_action_text(
                order, party, change_proposed_by=proposer
            ),
            "can_add_documents": party == "seller" and order.status in ORDER_DOCUMENT_STATUSES,
            "document_form": document_form or OrderDocumentForm(),
            "document_kinds": OrderDocument.Kind.choices,
        },
        status=status,
    )


@login_required
def order_detail(request, number: str):
    order, party = selectors.order_for(user=request.user, number=number)
    return _order_page(request, order, party)


@login_required
@require_POST
def order_status(request, number: str):
    order, party = selectors.order_for(user=request.user, number=number)
    form = OrderStatusForm(request.POST, request.FILES)
    if not form.is_valid():
        for error in form.errors.values():
            messages.error(request, " ".join(error))
        return redirect(order.get_absolute_url())
    data = form.cleaned_data
    try:
        services.order_status_change(
            order=order,
            to=data["to"],
            by=request.user,
            party=party,
            note=data["note"],
            tracking_number=data["tracking_number"],
            carrier=data["carrier"],
            documents=form.document_pairs(),
        )
    except IllegalTransition:
        messages.error(request, _("That step is not possible for this order now."))
    except TradeError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Order %(n)s updated.") % {"n": order.number})
    return redirect(order.get_absolute_url())


@login_required
@require_POST
def order_documents(request, number: str):
    order, party = selectors.order_for(user=request.user, number=number)
    if party != "seller":
        raise Http404  # the buyer and staff read documents; only the seller adds them
    form = OrderDocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            rows = services.order_documents_add(
                order=order, by=request.user, party=party, documents=form.document_pairs()
            )
        except TradeError as exc:
            # The wrong state (not shipped yet, cancelled): the form is not offered there.
            messages.error(request, str(exc))
            return redirect(order.get_absolute_url() + "#documents")
        else:
            messages.success(
                request,
                ngettext(
                    "%(n)s document added. The buyer was told by email.",
                    "%(n)s documents added. The buyer was told by email.",
                    len(rows),
                )
                % {"n": len(rows)},
            )
            return redirect(order.get_absolute_url() + "#documents")
    # Re-render the order page with the errors beside the form (nothing was stored).
    return _order_page(request, order, party, document_form=form, status=400)


@login_required
def order_document(request, number: str, pk: int):
    document = selectors.order_document_for(user=request.user, number=number, pk=pk)
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.original_name,
        content_type=document.content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
