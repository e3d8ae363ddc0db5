"""Trade-flow forms: every field explains itself when it is wrong."""

from __future__ import annotations

import time
from decimal import Decimal

from django import forms
from django.conf import settings
from django.core import signing
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.countries import country_choices
from catalogue.models import Category, GIProduct, Product
from core.dates import IsoDateField
from core.uploads import validate_attachment
from regions.models import District

from .models import Currency, Incoterm, OrderDocument, PaymentTerms
from .once import OnceFormMixin

FILL_STAMP_NAMESPACE = "marketplace.enquiry.fill-started"
MAX_ATTACHMENTS = 5


def issue_fill_token(started_at: float | None = None) -> str:
    """A signed note of when the form was shown (bots post within a second)."""
    return signing.dumps(started_at or time.time(), salt=FILL_STAMP_NAMESPACE)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)
        self.widget.attrs.setdefault("accept", ".pdf,.jpg,.jpeg,.png,application/pdf,image/*")

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else ([data] if data else [])
        if len(files) > MAX_ATTACHMENTS:
            raise forms.ValidationError(_("Attach at most %(n)s files.") % {"n": MAX_ATTACHMENTS})
        errors, cleaned = [], []
        for upload in files:
            try:
                validate_attachment(upload)
                cleaned.append(upload)
            except forms.ValidationError as exc:
                errors.extend(exc.messages)
        if errors:
            raise forms.ValidationError(errors)
        return cleaned


class AntiBotMixin(forms.Form):
    """A honeypot field people never see, and a signed start time (minimum fill time)."""

    # Named like a field bots love to fill; hidden from people by CSS and from screen readers.
    company_website = forms.CharField(required=False, label=_("Leave this empty"))
    started = forms.CharField(widget=forms.HiddenInput)

    bot_message = _("Your enquiry could not be sent. Please check it and try again.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["company_website"].widget.attrs.update(
            {"tabindex": "-1", "autocomplete": "off"}
        )
        self.initial["started"] = issue_fill_token()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("company_website"):
            self.looks_like_bot = True
            raise forms.ValidationError(self.bot_message, code="bot")
        try:
            started = float(signing.loads(self.data.get("started", ""), salt=FILL_STAMP_NAMESPACE))
        except (signing.BadSignature, TypeError, ValueError):
            raise forms.ValidationError(self.bot_message, code="bot") from None
        min_seconds = getattr(settings, "ENQUIRY_MIN_FILL_SECONDS", 3)
        if time.time() - started < min_seconds:
            self.looks_like_bot = True
            raise forms.ValidationError(
                _("That was very quick. Please check your enquiry and send it again."),
                code="too_fast",
            )
        return cleaned


def _future_date(value):
    if value and value < timezone.localdate():
        raise forms.ValidationError(_("Choose a date that is not in the past."))
    return value


class EnquiryForm(AntiBotMixin, OnceFormMixin, forms.Form):
    seller = forms.TypedChoiceField(label=_("Seller"), coerce=int, required=False, empty_value=None)
    quantity = forms.IntegerField(
        label=_("Quantity"),
        min_value=1,
        max_value=10_000_000,
        error_messages={"min_value": _("The quantity must be at least 1.")},
    )
    unit = forms.ChoiceField(label=_("Unit"), choices=Product.Unit.choices)
    target_price = forms.DecimalField(
        label=_("Target price per unit (optional)"),
        required=False,
        min_value=Decimal("0.01"),
        max_digits=12,
        decimal_places=2,
    )
    target_currency = forms.ChoiceField(
        label=_("Currency"), choices=Currency.choices, initial="USD"
    )
    destination_country = forms.ChoiceField(label=_("Destination country"))
    destination_port = forms.CharField(
        label=_("Destination port or city"), max_length=100, required=False
    )
    incoterm = forms.ChoiceField(
        label=_("Incoterm wanted"), choices=Incoterm.choices, initial="FOB"
    )
    needed_by = IsoDateField(label=_("Needed by (optional)"), required=False)
    message = forms.CharField(
        label=_("Message to the seller"),
        min_length=10,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"min_length": _("Tell the seller a little more (at least 10 characters).")},
    )
    attachments = MultipleFileField(
        label=_("Attachments (PDF, JPEG or PNG, up to 5 files)"), required=False
    )

    def __init__(self, *args, seller_choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["destination_country"].choices = [
            ("", _("Choose a country")),
            *country_choices(),
        ]
        if seller_choices:
            self.fields["seller"].choices = [("", _("Choose a seller")), *seller_choices]
            self.fields["seller"].required = True
        else:
            del self.fields["seller"]

    def clean_needed_by(self):
        return _future_date(self.cleaned_data.get("needed_by"))


class MessageForm(OnceFormMixin, forms.Form):
    body = forms.CharField(
        label=_("Your message"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Write a message before sending.")},
    )
    attachments = MultipleFileField(label=_("Attachments (PDF, JPEG or PNG)"), required=False)


class QuotationForm(OnceFormMixin, forms.Form):
    currency = forms.ChoiceField(label=_("Currency"), choices=Currency.choices, initial="USD")
    incoterm = forms.ChoiceField(label=_("Incoterm"), choices=Incoterm.choices)
    port = forms.CharField(label=_("Port"), max_length=100, required=False)
    lead_time_days = forms.IntegerField(
        label=_("Lead time (days)"),
        min_value=1,
        max_value=730,
        error_messages={"min_value": _("The lead time must be at least one day.")},
    )
    valid_until = IsoDateField(label=_("Valid until"))
    payment_terms = forms.ChoiceField(label=_("Payment terms"), choices=PaymentTerms.choices)
    sample_offered = forms.BooleanField(label=_("Offer a sample"), required=False)
    sample_price = forms.DecimalField(
        label=_("Sample price (in the quotation's currency)"),
        required=False,
        min_value=Decimal("0.01"),
        max_digits=12,
        decimal_places=2,
    )
    notes = forms.CharField(
        label=_("Notes for the buyer"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, terms_choices: list[tuple[str, str]] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if terms_choices is not None:
            # Only the terms the site can take now (`payments.methods`); the first is the
            # default, so a card quote is never offered where card payment is off.
            field = self.fields["payment_terms"]
            field.choices = terms_choices
            field.error_messages["invalid_choice"] = _(
                "These payment terms are not available on this site; choose another."
            )
            if terms_choices and self.initial.get("payment_terms") not in dict(terms_choices):
                self.initial["payment_terms"] = terms_choices[0][0]

    def clean_valid_until(self):
        value = self.cleaned_data["valid_until"]
        if value < timezone.localdate():
            raise forms.ValidationError(_("The validity date cannot be in the past."))
        return value

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("sample_offered") and not cleaned.get("sample_price"):
            self.add_error("sample_price", _("Give the price of the sample you offer."))
        return cleaned


class QuoteLineForm(forms.Form):
    product = forms.TypedChoiceField(
        label=_("Product"), coerce=int, required=False, empty_value=None
    )
    description = forms.CharField(label=_("Description"), max_length=200)
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1, max_value=10_000_000)
    # An initial unit keeps the blank extra line "unchanged", so it is ignored, not refused.
    unit = forms.ChoiceField(label=_("Unit"), choices=Product.Unit.choices, initial="piece")
    unit_price = forms.DecimalField(
        label=_("Unit price"),
        min_value=Decimal("0.01"),
        max_digits=12,
        decimal_places=2,
        error_messages={"min_value": _("The unit price must be more than zero.")},
    )

    def __init__(self, *args, product_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["product"].choices = [("", _("(not a listed product)")), *product_choices]


class BaseQuoteLineFormSet(forms.BaseFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        filled = [f for f in self.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
        if not filled:
            raise forms.ValidationError(_("Add at least one line to the quotation."))


QuoteLineFormSet = forms.formset_factory(
    QuoteLineForm,
    formset=BaseQuoteLineFormSet,
    extra=1,
    max_num=20,
    validate_max=True,
    can_delete=True,
)


class BuyingRequestForm(AntiBotMixin, OnceFormMixin, forms.Form):
    title = forms.CharField(label=_("What do you need?"), max_length=200)
    description = forms.CharField(
        label=_("Details (materials, sizes, colours, packaging, certifications)"),
        min_length=20,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"min_length": _("Describe your need in at least 20 characters.")},
    )
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=Category.objects.all(), required=False
    )
    gi = forms.ModelChoiceField(
        label=_("GI product"), queryset=GIProduct.objects.all(), required=False
    )
    district = forms.ModelChoiceField(
        label=_("District"), queryset=District.objects.select_related("state"), required=False
    )
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1, max_value=10_000_000)
    unit = forms.ChoiceField(label=_("Unit"), choices=Product.Unit.choices)
    destination_country = forms.ChoiceField(label=_("Destination country"))
    destination_port = forms.CharField(
        label=_("Destination port or city"), max_length=100, required=False
    )
    incoterm = forms.ChoiceField(
        label=_("Incoterm wanted"), choices=Incoterm.choices, initial="FOB"
    )
    needed_by = IsoDateField(label=_("Needed by (optional)"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["destination_country"].choices = [
            ("", _("Choose a country")),
            *country_choices(),
        ]

    def clean_needed_by(self):
        return _future_date(self.cleaned_data.get("needed_by"))

    def clean(self):
        cleaned = super().clean()
        if not (cleaned.get("category") or cleaned.get("gi") or cleaned.get("district")):
            raise forms.ValidationError(
                _("Choose a category, a GI product or a district so we can find the right sellers.")
            )
        return cleaned


class OrderStatusForm(forms.Form):
    to = forms.CharField(widget=forms.HiddenInput)
    tracking_number = forms.CharField(label=_("Tracking number"), max_length=100, required=False)
    carrier = forms.CharField(label=_("Carrier"), max_length=100, required=False)
    note = forms.CharField(label=_("Note (optional)"), max_length=1000, required=False)
    # Only with "shipped": documents that travel with the shipment (all of one kind here;
    # more can be added afterwards with OrderDocumentForm).
    document_kind = forms.ChoiceField(
        label=_("Document type"),
        choices=OrderDocument.Kind.choices,
        initial=OrderDocument.Kind.COMMERCIAL_INVOICE,
        required=False,
    )
    documents = MultipleFileField(
        label=_("Shipping documents (PDF, JPEG or PNG, optional)"), required=False
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("to") == "shipped" and not cleaned.get("tracking_number"):
            self.add_error(
                "tracking_number",
                _("Give the tracking number so the buyer can follow the shipment."),
            )
        if cleaned.get("documents") and cleaned.get("to") != "shipped":
            self.add_error("documents", _("Documents go with the shipment."))
        if cleaned.get("documents") and not cleaned.get("document_kind"):
            self.add_error("document_kind", _("Choose what kind of document this is."))
        return cleaned

    def document_pairs(self) -> list[tuple[str, object]]:
        kind = self.cleaned_data.get("document_kind") or OrderDocument.Kind.OTHER
        return [(kind, upload) for upload in self.cleaned_data.get("documents") or []]


class OrderDocumentForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Document type"),
        choices=[("", _("Choose a type")), *OrderDocument.Kind.choices],
        error_messages={"required": _("Choose what kind of document this is.")},
    )
    files = MultipleFileField(label=_("Files (PDF, JPEG or PNG, up to 5)"))

    def clean_files(self):
        files = self.cleaned_data.get("files") or []
        if not files:
            raise forms.ValidationError(_("Choose at least one file to upload."))
        return files

    def document_pairs(self) -> list[tuple[str, object]]:
        return [(self.cleaned_data["kind"], upload) for upload in self.cleaned_data["files"]]
