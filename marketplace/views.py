"""Trade-flow pages. Thin: parse, authorise (another party's object is a 404), call one
service or selector, render."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
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

from . import once, selectors, services
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
from .payments.methods import terms_choices
from .payments.selectors import open_terms_change_party
from .services import QuoteNotAcceptable, TradeError
from .states import ORDER_DOCUMENT_STATUSES, IllegalTransition, OrderStatus

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


def _allowance(request) -> dict:
    """The enquiry budget left this hour, shown on the forms before it runs out."""
    if not request.user.is_authenticated:
        return {}
    budget = selectors.enquiry_budget(request.user)
    left = ratelimit.remaining(request, user_limit=budget)
    return {"allowance": left, "allowance_warn": left <= settings.ENQUIRY_ALLOWANCE_WARNING}


def _refused(request, wait: int, template: str, context: dict):
    """Refused by the rate limit: the same form again with everything typed (the draft is
    never lost), the reason on top, status 429 and Retry-After."""
    context["form"].add_error(
        None,
        ngettext(
            "You have sent many enquiries in the last hour. To protect sellers from spam, "
            "please send this one in about %(minutes)d minute: what you wrote is kept below.",
            "You have sent many enquiries in the last hour. To protect sellers from spam, "
            "please send this one in about %(minutes)d minutes: what you wrote is kept below.",
            max(1, wait // 60),
        )
        % {"minutes": max(1, wait // 60)},
    )
    response = render(request, template, {**context, **_allowance(request)}, status=429)
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
        form = EnquiryForm(request.POST, request.FILES, seller_choices=seller_choices)
        if form.is_valid():
            data = form.cleaned_data
            seller = target["seller"]
            if choices:
                seller = next((s for s in choices if s.pk == data["seller"]), None)
            if first := once.submitted(form):
                return redirect(first)  # a second post of the same form: show the first's
            budget = selectors.enquiry_budget(request.user)
            if wait := ratelimit.acquire(request, user_limit=budget):
                context = {"form": form, **target}
                return _refused(request, wait, "marketplace/enquiry_form.html", context)
            try:
                with once.once(request, form) as done:
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
                    done.url = enquiry.get_absolute_url()
            except once.Duplicate as duplicate:
                ratelimit.release(request)
                return redirect(duplicate.url)
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
    context = {"form": form, **target, **_allowance(request)}
    return render(request, "marketplace/enquiry_form.html", context)


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
        enquiries = selectors.buyer_inbox_rows(user=request.user, status=status)
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


# ---------------------------------------------------------------- buying requests


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


# ---------------------------------------------------------------- orders


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
            # Same words whether the address has an account or not (no enumeration);
            # "queued", not "sent": the email leaves from the task queue (core.outbox).
            messages.success(
                request,
                _(
                    "Invitation queued: it will be emailed shortly and is valid for 14 days. "
                    "The list below shows when it has been sent."
                ),
            )
            return redirect("marketplace:team")
    else:
        form = InviteForm()
    return render(
        request,
        "marketplace/team.html",
        {"seller": seller, "form": form, **selectors.team_for(seller_id=seller.pk)},
    )


@login_required
@require_POST
def team_invitation_resend(request, pk: int):
    seller = _owned_seller(request.user)
    invitation = get_object_or_404(SellerInvitation, pk=pk, seller=seller, accepted_at__isnull=True)
    services.invitation_resend(invitation=invitation, by=request.user)
    messages.success(
        request,
        _("Invitation to %(email)s queued again: it will be emailed shortly.")
        % {"email": invitation.email},
    )
    return redirect("marketplace:team")


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
