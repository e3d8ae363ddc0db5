"""Staff tools in the Django admin: payments with a refund form, Stripe events, receipts and
the sellers' payout accounts."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from . import services
from .forms import RefundForm
from .models import OfflineReceipt, Payment, PayoutAccount, Refund, StripeEvent


class RefundInline(admin.TabularInline):
    model = Refund
    extra = 0
    can_delete = False
    fields = ("created_at", "amount_minor", "status", "stripe_refund_id", "reason", "error")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Payment)
class PaymentAdmin(admin.ModelAdmin):
    list_display = (
        "order",
        "attempt",
        "status",
        "currency",
        "amount",
        "captured_minor",
        "refunded_minor",
        "disputed",
        "created_at",
    )
    list_filter = ("status", "disputed", "currency")
    search_fields = ("order__number", "checkout_session_id", "payment_intent_id")
    list_select_related = ("order",)
    inlines = [RefundInline]
    readonly_fields = [f.name for f in Payment._meta.fields] + ["refund_link"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="Refund")
    def refund_link(self, obj):
        if not obj.pk or not obj.is_paid:
            return "-"
        url = reverse("admin:payments_payment_refund", args=[obj.pk])
        return format_html('<a class="button" href="{}">{}</a>', url, _("Refund…"))

    def get_urls(self):
        return [
            path(
                "<int:pk>/refund/",
                self.admin_site.admin_view(self.refund_view),
                name="payments_payment_refund",
            ),
            *super().get_urls(),
        ]

    def refund_view(self, request, pk):
        """Full or partial refund: the amount defaults to what is still refundable."""
        if not (request.user.is_staff and request.user.has_perm("payments.change_payment")):
            raise PermissionDenied
        payment = get_object_or_404(Payment.objects.select_related("order"), pk=pk)
        form = RefundForm(request.POST or None, initial={"amount": payment.net_paid})
        if request.method == "POST" and form.is_valid():
            try:
                services.refund_request(
                    payment=payment,
                    amount=form.cleaned_data["amount"],
                    by=request.user,
                    reason=form.cleaned_data["reason"],
                )
            except services.PaymentError as exc:
                form.add_error("amount", exc.message)
            else:
                self.message_user(
                    request,
                    _("Refund sent to Stripe. The payment shows it when Stripe confirms."),
                    messages.SUCCESS,
                )
                return redirect("admin:payments_payment_change", payment.pk)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Refund payment"),
            "payment": payment,
            "form": form,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "payments/admin/refund.html", context)


@admin.register(StripeEvent)
class StripeEventAdmin(admin.ModelAdmin):
    list_display = ("event_id", "type", "object_id", "outcome", "received_at")
    list_filter = ("type",)
    search_fields = ("event_id", "object_id")
    readonly_fields = [f.name for f in StripeEvent._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(PayoutAccount)
class PayoutAccountAdmin(admin.ModelAdmin):
    """Which Stripe account pays each seller out; read-only (Stripe and the payment services
    keep it current)."""

    list_display = ("seller", "stripe_account_id", "payouts_enabled", "updated_at")
    list_filter = ("payouts_enabled",)
    search_fields = ("stripe_account_id", "seller__name")
    list_select_related = ("seller",)
    readonly_fields = [f.name for f in PayoutAccount._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(OfflineReceipt)
class OfflineReceiptAdmin(admin.ModelAdmin):
    list_display = ("order", "method", "reference", "amount", "received_on", "recorded_by")
    search_fields = ("order__number", "reference")
    list_select_related = ("order", "recorded_by")
    readonly_fields = ("recorded_by", "created_at")
