"""Enquiry pages: new enquiry (with the draft kept through sign-in), conversation,
close, attachments."""

from __future__ import annotations

from functools import partial
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from catalogue.models import Product
from core import ratelimit
from regions.models import District
from sellers.models import Seller

from .. import once, selectors, services
from ..forms import (
    EnquiryForm,
    MessageForm,
)
from ..models import MessageAttachment
from ..states import IllegalTransition

DRAFT_KEY = "marketplace.enquiry_draft"
MESSAGE_SCOPE = "message"  # conversation messages' rate-limit budget (core.ratelimit)
DRAFT_FIELDS = (
    "seller",
    "quantity",
    "unit",
    "target_price",
    "target_currency",
    "destination_country",
    "destination_port",
    "incoterm",
    "needed_by",
    "message",
)


def _enquiry_target(params) -> dict:
    """Who the enquiry goes to, from ?product=, ?seller= or ?district= (404 if unknown)."""
    if slug := params.get("product"):
        product = get_object_or_404(
            Product.objects.select_related("seller", "district"),
            slug=slug,
            status=Product.Status.PUBLISHED,
            seller__status=Seller.Status.APPROVED,
        )
        return {"product": product, "seller": product.seller, "choices": None}
    if slug := params.get("seller"):
        seller = get_object_or_404(Seller, slug=slug, status=Seller.Status.APPROVED)
        return {"product": None, "seller": seller, "choices": None}
    if slug := params.get("district"):
        district = get_object_or_404(District.objects.select_related("state"), slug=slug)
        sellers = list(selectors.district_sellers(district=district))
        if not sellers:
            raise Http404
        return {"product": None, "seller": None, "district": district, "choices": sellers}
    raise Http404


def _allowance(request) -> dict:
    """The enquiry budget left this hour, shown on the forms before it runs out."""
    if not request.user.is_authenticated:
        return {}
    budget = selectors.enquiry_budget(request.user)
    left = ratelimit.remaining(request, user_limit=budget)
    return {"allowance": left, "allowance_warn": left <= settings.ENQUIRY_ALLOWANCE_WARNING}


def _refused(request, wait: int, template: str, context: dict):
    """Refused by the rate limit (the form carries the reason): the same form again with
    everything typed (the draft is never lost), status 429 and Retry-After."""
    response = render(request, template, {**context, **_allowance(request)}, status=429)
    response["Retry-After"] = str(wait)
    return response


def _keep_draft_for_sign_in(request):
    """Keep what they wrote while they sign in or sign up (attachments cannot be kept)."""
    request.session[DRAFT_KEY] = {
        "path": request.get_full_path(),
        "data": {k: request.POST.get(k, "") for k in DRAFT_FIELDS},
    }
    messages.info(
        request,
        _("Sign in or create a free buyer account to send your enquiry. We kept what you wrote."),
    )
    query = urlencode({"next": request.get_full_path()})
    return redirect(f"{reverse('account_login')}?{query}")


def _draft_form(request, target, seller_choices) -> EnquiryForm:
    """The empty form, or the draft kept through sign-in for this very page."""
    draft = request.session.get(DRAFT_KEY)
    initial = {}
    if draft and draft.get("path") == request.get_full_path():
        initial = {k: v for k, v in draft["data"].items() if v}
    elif target["product"]:
        initial = {"quantity": target["product"].moq, "unit": target["product"].unit}
    if initial and draft:
        messages.info(request, _("Here is the enquiry you started. Check it and send it."))
    return EnquiryForm(initial=initial, seller_choices=seller_choices)


def _enquiry_send(request, target, data):
    seller = target["seller"]
    if target["choices"]:
        seller = next((s for s in target["choices"] if s.pk == data["seller"]), None)
    return services.enquiry_create(
        buyer=request.user,
        seller=seller,
        product=target["product"],
        quantity=data["quantity"],
        unit=data["unit"],
        target_price=data["target_price"],
        target_currency=data["target_currency"],
        destination_country=data["destination_country"],
        destination_port=data["destination_port"],
        incoterm=data["incoterm"],
        needed_by=data["needed_by"],
        message=data["message"],
        language=get_language() or "",
        attachments=data["attachments"],
    )


def enquiry_new(request):
    target = _enquiry_target(request.GET)
    seller_choices = [(s.pk, s.name) for s in target["choices"] or ()] or None
    template = "marketplace/enquiry_form.html"
    if request.method != "POST":
        form = _draft_form(request, target, seller_choices)
    elif not request.user.is_authenticated:
        return _keep_draft_for_sign_in(request)
    else:
        form = EnquiryForm(request.POST, request.FILES, seller_choices=seller_choices)
        if form.is_valid():
            send = partial(_enquiry_send, request, target, form.cleaned_data)
            sent = services.submit_within_budget(request, form, send)
            if sent.wait:
                return _refused(request, sent.wait, template, {"form": form, **target})
            if sent.created:
                request.session.pop(DRAFT_KEY, None)
                messages.success(
                    request,
                    _("Your enquiry was sent to %(seller)s. You will get an email when they reply.")
                    % {"seller": sent.created.seller.name},
                )
            if sent.url:
                return redirect(sent.url)
    return render(request, template, {"form": form, **target, **_allowance(request)})


@login_required
def enquiry_detail(request, pk: int):
    enquiry, party = selectors.enquiry_for(user=request.user, pk=pk)
    if request.method == "POST":
        if party == "staff":
            raise Http404  # staff read conversations (disputes) but never speak in them
        form = MessageForm(request.POST, request.FILES)
        if form.is_valid():
            return _message_post(request, enquiry, party, form)
    else:
        form = MessageForm()
        if party in ("buyer", "seller"):
            services.conversation_mark_read(
                enquiry=enquiry, reader=request.user, as_buyer=party == "buyer"
            )
    return _enquiry_page(request, enquiry, party, form)


def _enquiry_page(request, enquiry, party, form, status=200):
    quote = selectors.quotation_for_enquiry(enquiry=enquiry)
    return render(
        request,
        "marketplace/enquiry_detail.html",
        {
            "enquiry": enquiry,
            "party": party,
            "thread": selectors.conversation(enquiry=enquiry),
            "quote": quote,
            "orders": list(quote.orders.all()) if quote else [],
            "form": form,
            "next_action": selectors.enquiry_next_action(enquiry, party),
        },
        status=status,
    )


def _message_post(request, enquiry, party, form):
    """Post the message once per form (marketplace.once) within the message rate limit.
    Refused: the page again with the text kept in the form and the reason (429)."""
    thread = enquiry.get_absolute_url() + "#latest"
    if once.submitted(form):
        return redirect(thread)
    if wait := ratelimit.acquire(request, MESSAGE_SCOPE):
        form.add_error(
            None,
            _(
                "You have sent many messages in the last hour. Your message is kept below: "
                "please send it again in %(minutes)s minute(s)."
            )
            % {"minutes": max(1, wait // 60)},
        )
        response = _enquiry_page(request, enquiry, party, form, status=429)
        response["Retry-After"] = str(wait)
        return response
    try:
        with once.once(request, form) as done:
            services.message_post(
                enquiry=enquiry,
                sender=request.user,
                body=form.cleaned_data["body"],
                attachments=form.cleaned_data["attachments"],
            )
            done.url = thread
    except once.Duplicate:
        ratelimit.release(request, MESSAGE_SCOPE)
        return redirect(thread)
    messages.success(request, _("Message sent."))
    return redirect(thread)


@login_required
@require_POST
def enquiry_close(request, pk: int):
    enquiry, party = selectors.enquiry_for(user=request.user, pk=pk)
    if party not in ("buyer", "seller"):
        raise Http404
    try:
        services.enquiry_close(enquiry=enquiry, by=request.user)
        messages.success(request, _("The enquiry is closed."))
    except IllegalTransition:
        messages.error(request, _("This enquiry can no longer be closed."))
    return redirect(enquiry.get_absolute_url())


@login_required
def attachment_download(request, pk: int):
    attachment = get_object_or_404(
        MessageAttachment.objects.select_related("message__enquiry"), pk=pk
    )
    selectors.enquiry_for(user=request.user, pk=attachment.message.enquiry_id)
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=attachment.content_type == "application/pdf",
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
