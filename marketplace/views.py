"""Trade-flow pages. Thin: parse, authorise (another party's object is a 404), call one
service or selector, render."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from catalogue.models import Product
from core import ratelimit
from regions.models import District
from sellers.models import Seller, SellerMembership

from . import selectors, services
from .forms import (
    BuyingRequestForm,
    EnquiryForm,
    InviteForm,
    MessageForm,
    OrderDocumentForm,
    OrderStatusForm,
    QuotationForm,
    QuoteLineFormSet,
)
from .models import MessageAttachment, OrderDocument, SellerInvitation
from .services import QuoteNotAcceptable, TradeError
from .states import ORDER_DOCUMENT_STATUSES, IllegalTransition, OrderStatus

DRAFT_KEY = "marketplace.enquiry_draft"
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


@login_required
def dashboard(request):
    return render(request, "dashboard/index.html", selectors.dashboard_for(request.user))


# ---------------------------------------------------------------- enquiries


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


def _rate_limited(request, wait: int | None = None):
    """The 429 page when this user or IP used up its submissions (advisory look unless
    `wait` comes from `ratelimit.acquire`)."""
    wait = ratelimit.retry_after(request) if wait is None else wait
    if not wait:
        return None
    response = render(
        request, "marketplace/rate_limited.html", {"minutes": max(1, wait // 60)}, status=429
    )
    response["Retry-After"] = str(wait)
    return response


def enquiry_new(request):
    target = _enquiry_target(request.GET)
    choices = target["choices"]
    seller_choices = [(s.pk, s.name) for s in choices] if choices else None
    if request.method == "POST":
        if not request.user.is_authenticated:
            # Keep what they wrote while they sign in or sign up (attachments cannot be kept).
            request.session[DRAFT_KEY] = {
                "path": request.get_full_path(),
                "data": {k: request.POST.get(k, "") for k in DRAFT_FIELDS},
            }
            messages.info(
                request,
                _(
                    "Sign in or create a free buyer account to send your enquiry. "
                    "We kept what you wrote."
                ),
            )
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse('account_login')}?{query}")
        if limited := _rate_limited(request):
            return limited
        form = EnquiryForm(request.POST, request.FILES, seller_choices=seller_choices)
        if form.is_valid():
            data = form.cleaned_data
            seller = target["seller"]
            if choices:
                seller = next((s for s in choices if s.pk == data["seller"]), None)
            if wait := ratelimit.acquire(request):
                return _rate_limited(request, wait)
            try:
                enquiry = services.enquiry_create(
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
            except TradeError as exc:
                ratelimit.release(request)
                form.add_error(None, str(exc))
            else:
                request.session.pop(DRAFT_KEY, None)
                messages.success(
                    request,
                    _("Your enquiry was sent to %(seller)s. You will get an email when they reply.")
                    % {"seller": seller.name},
                )
                return redirect(enquiry.get_absolute_url())
    else:
        draft = request.session.get(DRAFT_KEY)
        initial = {}
        if draft and draft.get("path") == request.get_full_path():
            initial = {k: v for k, v in draft["data"].items() if v}
        elif target["product"]:
            initial = {"quantity": target["product"].moq, "unit": target["product"].unit}
        form = EnquiryForm(initial=initial, seller_choices=seller_choices)
        if initial and draft:
            messages.info(request, _("Here is the enquiry you started. Check it and send it."))
    return render(request, "marketplace/enquiry_form.html", {"form": form, **target})


@login_required
def enquiry_detail(request, pk: int):
    enquiry, party = selectors.enquiry_for(user=request.user, pk=pk)
    if request.method == "POST":
        if party == "staff":
            raise Http404  # staff read conversations (disputes) but never speak in them
        form = MessageForm(request.POST, request.FILES)
        if form.is_valid():
            services.message_post(
                enquiry=enquiry,
                sender=request.user,
                body=form.cleaned_data["body"],
                attachments=form.cleaned_data["attachments"],
            )
            messages.success(request, _("Message sent."))
            return redirect(enquiry.get_absolute_url() + "#latest")
    else:
        form = MessageForm()
        if party in ("buyer", "seller"):
            services.conversation_mark_read(
                enquiry=enquiry, reader=request.user, as_buyer=party == "buyer"
            )
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
    )


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


@login_required
def inbox(request):
    status = request.GET.get("status", "")
    if status not in selectors.INBOX_FILTERS:
        status = ""
    unread = request.GET.get("unread") == "1"
    selling = request.user.seller_memberships.exists()
    if selling and request.GET.get("view") != "buying":
        enquiries = selectors.seller_inbox(user=request.user, status=status, unread=unread)
        view = "selling"
    else:
        enquiries = selectors.buyer_enquiries(user=request.user, status=status)
        view = "buying"
    return render(
        request,
        "marketplace/inbox.html",
        {
            "enquiries": enquiries[:100],
            "status": status,
            "unread": unread,
            "view": view,
            "selling": selling,
            "statuses": [("", _("All"))]
            + [(key, label) for key, label in _status_labels() if key in selectors.INBOX_FILTERS],
        },
    )


def _status_labels():
    from .models import Enquiry

    return Enquiry.Status.choices


# ---------------------------------------------------------------- quotations


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
    if request.method == "POST":
        form = QuotationForm(request.POST)
        lines = QuoteLineFormSet(request.POST, prefix="lines", **line_kwargs)
        if form.is_valid() and lines.is_valid():
            product_map = {p.pk: p for p in Product.objects.filter(seller=enquiry.seller)}
            rows = [
                {**f.cleaned_data, "product": product_map.get(f.cleaned_data.get("product"))}
                for f in lines.forms
                if f.cleaned_data and not f.cleaned_data.get("DELETE")
            ]
            try:
                services.quote_send(
                    enquiry=enquiry,
                    by=request.user,
                    lines=rows,
                    **{k: v for k, v in form.cleaned_data.items()},
                )
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
        form = QuotationForm(initial=initial)
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


# ---------------------------------------------------------------- buying requests


@login_required
def rfq_new(request):
    if request.method == "POST":
        if limited := _rate_limited(request):
            return limited
        form = BuyingRequestForm(request.POST)
        if form.is_valid():
            data = {
                k: v
                for k, v in form.cleaned_data.items()
                if k not in ("company_website", "started")
            }
            if wait := ratelimit.acquire(request):
                return _rate_limited(request, wait)
            rfq = services.rfq_create(buyer=request.user, language=get_language() or "", **data)
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
        form = BuyingRequestForm()
    return render(request, "marketplace/rfq_form.html", {"form": form})


@login_required
def rfq_detail(request, pk: int):
    rfq = selectors.rfq_for_buyer(user=request.user, pk=pk)
    return render(
        request,
        "marketplace/rfq_detail.html",
        {"rfq": rfq, "enquiries": selectors.rfq_quotes(rfq=rfq)},
    )


# ---------------------------------------------------------------- orders


def _order_page(request, order, party, *, document_form=None, status=200):
    return render(
        request,
        "marketplace/order_detail.html",
        {
            "order": order,
            "party": party,
            "actions": selectors.order_next_actions(order, party),
            "next_action": selectors.order_next_action_text(order, party),
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
        if data["to"] == OrderStatus.SHIPPED:
            services.order_ship(
                order=order,
                by=request.user,
                party=party,
                note=data["note"],
                tracking_number=data["tracking_number"],
                carrier=data["carrier"],
                documents=form.document_pairs(),
            )
        else:
            services.order_transition(
                order=order,
                to=data["to"],
                by=request.user,
                party=party,
                note=data["note"],
                tracking_number=data["tracking_number"],
                carrier=data["carrier"],
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


# ---------------------------------------------------------------- seller team


def _owned_seller(user):
    membership = (
        SellerMembership.objects.select_related("seller")
        .filter(user=user, role=SellerMembership.Role.OWNER)
        .first()
    )
    return membership.seller if membership else None


@login_required
def team(request):
    seller = _owned_seller(request.user)
    if seller is None:
        # A role-gated page, not someone else's object: a 403 page that says what is
        # missing is clearer than a 404 (same answer as the seller dashboard's pages).
        membership = SellerMembership.objects.select_related("seller").filter(user=request.user)
        member_of = membership.first()
        return render(
            request,
            "dashboard/no_seller.html",
            {"member_of": member_of.seller if member_of else None},
            status=403,
        )
    if request.method == "POST":
        form = InviteForm(request.POST)
        if form.is_valid():
            services.invitation_create(
                seller=seller,
                by=request.user,
                email=form.cleaned_data["email"],
                can_manage_payouts=form.cleaned_data["can_manage_payouts"],
            )
            # Same words whether the address has an account or not (no enumeration).
            messages.success(request, _("Invitation sent. It is valid for 14 days."))
            return redirect("marketplace:team")
    else:
        form = InviteForm()
    return render(
        request,
        "marketplace/team.html",
        {"seller": seller, "form": form, **selectors.team_for(seller_id=seller.pk)},
    )


def team_join(request, token):
    invitation = get_object_or_404(SellerInvitation.objects.select_related("seller"), token=token)
    if not request.user.is_authenticated:
        query = urlencode({"next": request.get_full_path()})
        messages.info(
            request,
            _("Sign in, or create an account, with the invited email address to join %(s)s.")
            % {"s": invitation.seller.name},
        )
        return redirect(f"{reverse('account_login')}?{query}")
    if request.method == "POST":
        try:
            services.invitation_accept(invitation=invitation, user=request.user)
        except TradeError as exc:
            messages.error(request, str(exc))
            return redirect("marketplace:dashboard")
        messages.success(request, _("You joined %(s)s.") % {"s": invitation.seller.name})
        return redirect("marketplace:dashboard")
    return render(request, "marketplace/team_join.html", {"invitation": invitation})


def safe_next(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return default
