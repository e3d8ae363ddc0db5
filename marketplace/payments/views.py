"""Payment pages, the payouts dashboard and the Stripe webhook. Thin: the work is in services."""

from __future__ import annotations

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
    JsonResponse,
)
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sellers.services import seller_bank_details_set

from . import methods, selectors, services
from . import stripe_gateway as gateway
from .forms import BankDetailsForm, OfflineReceiptForm, TermsChangeForm

logger = logging.getLogger(__name__)


def _see_other(url: str) -> HttpResponse:
    # 303: the browser follows with a GET to Stripe's hosted page.
    response = HttpResponseRedirect(url)
    response.status_code = 303
    return response


def _order_or_404(request: HttpRequest, number: str, *, party: str | None = None):
    found = selectors.order_for_party(number=number, user=request.user)
    if found is None or (party is not None and found[1] != party):
        raise Http404
    return found


@login_required
@require_POST
def pay(request: HttpRequest, number: str) -> HttpResponse:
    order, _party = _order_or_404(request, number, party="buyer")
    urls = ("marketplace:payments:success", "marketplace:payments:cancelled")
    success, cancel = (request.build_absolute_uri(reverse(name, args=[number])) for name in urls)
    try:
        url = services.payment_start(
            order=order,
            by=request.user,
            success_url=success + "?session_id={CHECKOUT_SESSION_ID}",
            cancel_url=cancel,
        )
    except services.PaymentError as exc:
        messages.error(request, exc.message)
        return redirect(order.get_absolute_url())
    return _see_other(url)


def _result_page(request: HttpRequest, number: str, template: str) -> HttpResponse:
    order, party = _order_or_404(request, number)
    summary = selectors.order_payment_summary(order=order, party=party)
    pending = (
        summary.payment is not None
        and not summary.payment.is_paid
        and (summary.payment.status in ("open", "processing"))
    )
    return render(request, template, {"order": order, "summary": summary, "pending": pending})


@login_required
@require_GET
def success(request: HttpRequest, number: str) -> HttpResponse:
    # Shows what the database says; only the webhook marks anything paid.
    return _result_page(request, number, "payments/success.html")


@login_required
@require_GET
def cancelled(request: HttpRequest, number: str) -> HttpResponse:
    return _result_page(request, number, "payments/cancelled.html")


@login_required
@require_http_methods(["GET", "POST"])
def receipt_new(request: HttpRequest, number: str) -> HttpResponse:
    order, _party = _order_or_404(request, number, party="seller")
    form = OfflineReceiptForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.offline_receipt_record(order=order, by=request.user, **form.cleaned_data)
        except services.PaymentError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Receipt recorded. The buyer can see it on the order."))
            return redirect(order.get_absolute_url())
    return render(request, "payments/receipt_form.html", {"order": order, "form": form})


@login_required
@require_GET
def receipt_document(request: HttpRequest, number: str, pk: int) -> FileResponse:
    order, _party = _order_or_404(request, number)
    receipt = order.offline_receipts.filter(pk=pk).first()
    if receipt is None:
        raise Http404
    response = FileResponse(
        receipt.document.open("rb"),
        as_attachment=True,
        filename=receipt.document_name,
        content_type=receipt.content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


TERMS_CHANGE_DONE = {
    "propose": _lazy("Your proposal was sent. The other party must agree to it."),
    "confirm": _lazy("The payment terms are changed."),
    "refuse": _lazy("The payment terms stay as they were."),
}


@login_required
@require_POST
def terms_change(request: HttpRequest, number: str) -> HttpResponse:
    order, party = _order_or_404(request, number)
    form = TermsChangeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the payment terms you propose."))
        return redirect(order.get_absolute_url() + "#payment-terms")
    action = form.cleaned_data["action"]
    try:
        if action == "propose":
            to_terms = form.cleaned_data["to_terms"]
            if to_terms not in methods.METHODS:
                raise services.PaymentError(_("Choose the payment terms you propose."))
            services.terms_change_propose(
                order=order, by=request.user, party=party, to_terms=to_terms
            )
        else:
            services.terms_change_decide(
                order=order, by=request.user, party=party, confirm=action == "confirm"
            )
    except services.PaymentError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, TERMS_CHANGE_DONE[action])
    return redirect(order.get_absolute_url() + "#payment-terms")


@login_required
@require_GET
def proforma(request: HttpRequest, number: str) -> HttpResponse:
    order, party = _order_or_404(request, number)
    context = {"proforma": selectors.order_proforma(order=order), "party": party}
    return render(request, "payments/proforma.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def bank_details(request: HttpRequest) -> HttpResponse:
    seller = _payout_seller_or_404(request)
    initial = {key: getattr(seller, key) for key in BankDetailsForm.base_fields}
    form = BankDetailsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            seller_bank_details_set(seller=seller, by=request.user, fields=form.cleaned_data)
        except ValidationError as error:
            for key, problems in error.message_dict.items():
                for problem in problems:
                    form.add_error(key, problem)
        else:
            messages.success(request, _("Bank details saved. Buyers on bank transfer see them."))
            return redirect("marketplace:payments:bank_details")
    return render(request, "payments/bank_details.html", {"seller": seller, "form": form})


# --- Seller payouts (Stripe Connect Express) -------------------------------------------------


def _payout_seller_or_404(request: HttpRequest):
    seller = selectors.seller_for_payouts(request.user)
    if seller is None:
        raise Http404
    return seller


@login_required
@require_http_methods(["GET", "POST"])
def payouts(request: HttpRequest) -> HttpResponse:
    seller = _payout_seller_or_404(request)
    if request.method == "POST":
        return _onboarding_redirect(request, seller)
    return render(
        request,
        "payments/payouts.html",
        {
            "seller": seller,
            "account": selectors.payout_account_for(seller),
            "available": gateway.is_configured(),
            "ready": selectors.seller_can_take_card_payments(seller),
        },
    )


def _onboarding_redirect(request: HttpRequest, seller) -> HttpResponse:
    if not gateway.is_configured():
        messages.error(request, _("Online payouts are not available on this site at the moment."))
        return redirect("marketplace:payments:payouts")
    try:
        url = services.seller_payouts_onboarding_link(
            seller=seller,
            by=request.user,
            refresh_url=request.build_absolute_uri(reverse("marketplace:payments:payouts_refresh")),
            return_url=request.build_absolute_uri(reverse("marketplace:payments:payouts_return")),
        )
    except services.PaymentError as exc:
        messages.error(request, exc.message)
        return redirect("marketplace:payments:payouts")
    return _see_other(url)


@login_required
@require_GET
def payouts_refresh(request: HttpRequest) -> HttpResponse:
    # Stripe sends the seller here when an onboarding link expired: issue a new one.
    return _onboarding_redirect(request, _payout_seller_or_404(request))


@login_required
@require_GET
def payouts_return(request: HttpRequest) -> HttpResponse:
    seller = _payout_seller_or_404(request)
    try:
        ready = services.seller_payouts_sync(seller=seller)
    except services.PaymentError as exc:
        messages.error(request, exc.message)
    else:
        if ready:
            messages.success(
                request, _("Your Stripe account is ready: buyers can pay you by card.")
            )
        else:
            messages.info(
                request,
                _(
                    "Stripe still needs some details before it can pay you out. "
                    "You can keep quoting with bank transfer or letter of credit."
                ),
            )
    return redirect("marketplace:payments:payouts")


# --- Webhook ---------------------------------------------------------------------------------


def _error(status: int, code: str, message: str) -> JsonResponse:
    return JsonResponse({"error": {"code": code, "message": message}}, status=status)


@csrf_exempt
@require_POST
def stripe_webhook(request: HttpRequest) -> JsonResponse:
    """Verify on the raw body, check the shape, record once, dispatch the allow-listed types,
    record the outcome (STYLE.md 8). Unhandled types answer 200 (recorded as ignored)."""
    try:
        event = gateway.webhook_event(request.body, request.headers.get("Stripe-Signature", ""))
    except gateway.MalformedWebhook as exc:
        logger.warning("Refused a malformed Stripe event: %s", exc)
        return _error(400, "malformed_event", "The event is not in the expected form.")
    except gateway.InvalidWebhook as exc:
        logger.warning("Refused a Stripe webhook: %s", exc)
        return _error(400, "bad_signature", "The signature did not verify.")
    try:
        was_new, outcome = services.stripe_event_process(event=event)
    except gateway.GatewayError as exc:
        # Nothing recorded: Stripe retries, and the retry re-reads the object.
        logger.warning("Stripe webhook %s postponed: %s", event.get("id"), exc)
        return _error(503, "stripe_unreachable", "Try again later.")
    return JsonResponse({"received": True, "duplicate": not was_new, "outcome": outcome})
