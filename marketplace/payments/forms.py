"""Forms for payments: offline receipts (sellers) and refunds (staff)."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

RECEIPT_DOCUMENT_TYPES = {".pdf", ".png", ".jpg", ".jpeg"}
RECEIPT_DOCUMENT_MAX_BYTES = 10 * 1024 * 1024


class OfflineReceiptForm(forms.Form):
    reference = forms.CharField(
        label=_("Reference"),
        max_length=100,
        help_text=_("The bank's transfer reference (UTR or SWIFT) or the letter of credit number."),
    )
    amount = forms.DecimalField(
        label=_("Amount received"), max_digits=14, decimal_places=2, min_value=Decimal("0.01")
    )
    received_on = forms.DateField(
        label=_("Received on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    document = forms.FileField(
        label=_("Document"),
        help_text=_("Bank advice or LC document: PDF, PNG or JPEG, up to 10 MB."),
    )

    def clean_reference(self):
        value = self.cleaned_data["reference"].strip()
        if not value:
            raise forms.ValidationError(_("Enter the reference printed on the bank advice."))
        return value

    def clean_received_on(self):
        value = self.cleaned_data["received_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return value

    def clean_document(self):
        document = self.cleaned_data["document"]
        name = (document.name or "").lower()
        if not any(name.endswith(ext) for ext in RECEIPT_DOCUMENT_TYPES):
            raise forms.ValidationError(_("Upload a PDF, PNG or JPEG file."))
        if document.size > RECEIPT_DOCUMENT_MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 10 MB."))
        return document


class RefundForm(forms.Form):
    amount = forms.DecimalField(
        label=_("Amount to refund"), max_digits=14, decimal_places=3, min_value=Decimal("0.01")
    )
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)
