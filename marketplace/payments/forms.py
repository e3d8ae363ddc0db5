"""Forms for payments: offline receipts (sellers) and refunds (staff)."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.dates import IsoDateField
from core.uploads import validate_attachment

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
    received_on = IsoDateField(label=_("Received on"))
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
        # The same content check as every other trade document: the bytes decide the type.
        document = self.cleaned_data["document"]
        validate_attachment(document, max_bytes=RECEIPT_DOCUMENT_MAX_BYTES)
        return document


class RefundForm(forms.Form):
    amount = forms.DecimalField(
        label=_("Amount to refund"), max_digits=14, decimal_places=3, min_value=Decimal("0.01")
    )
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)


class TermsChangeForm(forms.Form):
    action = forms.ChoiceField(
        label=_("Action"),
        choices=[("propose", _("Propose")), ("confirm", _("Confirm")), ("refuse", _("Refuse"))],
    )
    to_terms = forms.CharField(label=_("New payment terms"), required=False, max_length=20)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("action") == "propose" and not cleaned.get("to_terms"):
            self.add_error("to_terms", _("Choose the payment terms you propose."))
        return cleaned


class BankDetailsForm(forms.Form):
    """What the seller types; `sellers.services.clean_bank_details` validates it (the one
    place the rules live), and its errors are put back on these fields."""

    bank_account_name = forms.CharField(label=_("Account holder"), max_length=140)
    bank_name = forms.CharField(label=_("Bank"), max_length=140)
    bank_account_number = forms.CharField(
        label=_("IBAN or account number"),
        max_length=40,
        help_text=_("An IBAN is checked with its check digits."),
    )
    bank_ifsc = forms.CharField(
        label="IFSC",
        max_length=14,
        required=False,
        help_text=_("For transfers within India, for example SBIN0001234."),
    )
    bank_swift = forms.CharField(
        label="SWIFT/BIC",
        max_length=14,
        required=False,
        help_text=_("For transfers from abroad, for example SBININBB."),
    )
