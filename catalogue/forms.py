"""Forms for the seller dashboard and the officials' review; every message is for a person."""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.forms import BaseFormSet, formset_factory
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from catalogue.gi import validate_au_number
from catalogue.models import Category, Certification, GIProduct, HSChapter, Product
from catalogue.services import CertificationData, PhotoData, TierData
from core.dates import IsoDateField
from core.forms import ImageUploadField, translate_blank_choices
from core.uploads import clean_image_upload, validate_attachment
from sellers.forms import TranslationFormMixin

HS_CODE_RE = re.compile(r"^[0-9]{4}([0-9]{2}([0-9]{2})?)?$")
MAX_DOCUMENT_BYTES = 5 * 1024 * 1024


def clean_document_upload(upload):
    """A certificate upload checked by its content with the one upload validator
    (core.uploads.validate_attachment): a PDF is kept as it is, an image is re-encoded
    like photos (so nothing but pixels is kept); anything else is refused."""
    if not upload:
        return None
    validate_attachment(upload, max_bytes=MAX_DOCUMENT_BYTES)
    if upload.validated_content_type == "application/pdf":
        return upload
    return clean_image_upload(upload)


class ProductForm(forms.ModelForm):
    class Meta:
        model = Product
        fields = [
            "name",
            "category",
            "description",
            "materials",
            "hs_code",
            "gi",
            "gi_authorised_user",
            "gi_au_number",
            "moq",
            "unit",
            "lead_time_days",
            "monthly_capacity",
            "sample_available",
            "sample_price_inr",
        ]
        labels = {
            # The model fields' own names are English; every label is named here so the
            # Hindi (and other) forms have no English labels.
            "name": _("Name"),
            "category": _("Category"),
            "description": _("Description"),
            "materials": _("Materials"),
            "hs_code": _("HS code"),
            "unit": _("Unit"),
            "gi": _("Geographical Indication (GI)"),
            "gi_authorised_user": _("We are a registered authorised user of this GI"),
            "moq": _("Minimum order quantity"),
            "lead_time_days": _("Lead time (days)"),
            "monthly_capacity": _("Monthly capacity (units)"),
            "sample_available": _("Samples available"),
            "sample_price_inr": _("Sample price (INR)"),
        }
        help_texts = {
            "hs_code": _("4, 6 or 8 digits, e.g. 500720 for silk fabrics. Leave empty if unsure."),
            "description": _("Simple formatting only (paragraphs, bold, italics, lists)."),
            "gi_au_number": _(
                "As on your certificate from the GI Registry, e.g. AU/1579/GI/110/2019. "
                "The district official checks it before buyers see it."
            ),
        }
        widgets = {"description": forms.Textarea(attrs={"rows": 8})}

    # The certificate, checked by content like other certificates (PDF or an image).
    gi_au_certificate_file = forms.FileField(
        label=_("Authorised user certificate (PDF, JPEG or PNG)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/jpeg,image/png"}),
    )

    def __init__(self, *args, seller, **kwargs):
        super().__init__(*args, **kwargs)
        self.seller = seller
        # No district field: a listing's district is its seller's (catalogue.services), so it
        # is reviewed by the officials of the district the seller is in.
        self.fields["category"].queryset = Category.objects.select_related("parent")
        self.fields["gi"].queryset = GIProduct.objects.all()
        translate_blank_choices(self)
        self.fields["name"].max_length = 200
        self.fields["description"].widget.attrs["maxlength"] = 10_000

    def clean_description(self):
        text = self.cleaned_data.get("description", "")
        if len(text) > 10_000:
            raise ValidationError(_("Please keep the description under 10,000 characters."))
        return text

    def clean_hs_code(self):
        code = re.sub(r"[\s.]", "", self.cleaned_data.get("hs_code", ""))
        if code and not HS_CODE_RE.match(code):
            raise ValidationError(_("An HS code has 4, 6 or 8 digits (no letters)."))
        if code and not HSChapter.objects.filter(code=code[:2]).exists():
            raise ValidationError(
                _("%(chapter)s is not a chapter of the HS nomenclature.") % {"chapter": code[:2]}
            )
        return code

    def clean_gi_au_certificate_file(self):
        return clean_document_upload(self.cleaned_data.get("gi_au_certificate_file"))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("gi_authorised_user") and not cleaned.get("gi"):
            self.add_error("gi", _("Choose the GI you are an authorised user of."))
        self._clean_gi_claim(cleaned)
        if cleaned.get("sample_price_inr") is not None and not cleaned.get("sample_available"):
            self.add_error(
                "sample_available", _("Tick this if you sell samples, or clear the sample price.")
            )
        moq = cleaned.get("moq")
        if moq is not None and moq < 1:
            self.add_error("moq", _("The minimum order is at least 1."))
        return cleaned

    def _clean_gi_claim(self, cleaned) -> None:
        if not cleaned.get("gi_authorised_user"):
            cleaned["gi_au_number"] = ""
            return
        number = cleaned.get("gi_au_number", "")
        if not number:
            self.add_error(
                "gi_au_number",
                _("Give your authorised user registration number from the GI Registry."),
            )
        elif cleaned.get("gi"):
            try:
                cleaned["gi_au_number"] = validate_au_number(number, cleaned["gi"])
            except ValidationError as error:
                self.add_error("gi_au_number", error)
        has_certificate = self.instance.pk and self.instance.gi_au_certificate_id
        if not cleaned.get("gi_au_certificate_file") and not has_certificate:
            self.add_error("gi_au_certificate_file", _("Upload your authorised user certificate."))

    def service_fields(self) -> dict:
        """The fields for catalogue.services; an uploaded certificate is stored by the view
        (store_document) and passed as `gi_au_certificate`."""
        fields = dict(self.cleaned_data)
        fields.pop("gi_au_certificate_file", None)
        if not fields.get("gi_authorised_user"):
            fields["gi_au_certificate"] = None
        code = fields.get("hs_code")
        fields["hs_chapter"] = HSChapter.objects.filter(code=code[:2]).first() if code else None
        return fields


class PriceTierForm(forms.Form):
    min_quantity = forms.IntegerField(label=_("From quantity"), min_value=1, max_value=10**9)
    unit_price_inr = forms.DecimalField(
        label=_("Unit price (INR)"), min_value=0.01, max_digits=12, decimal_places=2
    )


class BasePriceTierFormSet(BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        seen = set()
        for form in self.forms:
            # An empty extra row has no cleaned data; a saved tier left as it was still counts
            # (has_changed() is False for it, which used to refuse every untouched edit).
            if not form.cleaned_data or self._should_delete_form(form):
                continue
            qty = form.cleaned_data.get("min_quantity")
            if qty in seen:
                raise ValidationError(
                    _("Two price tiers start at %(qty)s; merge them.") % {"qty": qty}
                )
            seen.add(qty)
        if not seen:
            raise ValidationError(_("Give at least one price: the unit price from your MOQ."))

    def tiers(self) -> list[TierData]:
        return [
            TierData(f.cleaned_data["min_quantity"], f.cleaned_data["unit_price_inr"])
            for f in self.forms
            if f.cleaned_data and not self._should_delete_form(f)
        ]


PriceTierFormSet = formset_factory(
    PriceTierForm,
    formset=BasePriceTierFormSet,
    extra=2,
    max_num=10,
    validate_max=True,
    can_delete=True,
)


class NewPhotoForm(forms.Form):
    photo = ImageUploadField(
        label=_("Photo"),
        required=False,
        help_text=_("JPEG, PNG or WebP."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    alt_text = forms.CharField(
        label=_("Describe the photo (for people who cannot see it)"), max_length=250, required=False
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("photo") and not cleaned.get("alt_text", "").strip():
            self.add_error("alt_text", _("Describe what the photo shows."))
        return cleaned


class BaseNewPhotoFormSet(BaseFormSet):
    def photos(self) -> list[PhotoData]:
        return [
            PhotoData(f.cleaned_data["photo"], f.cleaned_data["alt_text"].strip())
            for f in self.forms
            if f.cleaned_data.get("photo")
        ]


NewPhotoFormSet = formset_factory(NewPhotoForm, formset=BaseNewPhotoFormSet, extra=4, max_num=12)


class ExistingPhotoForm(forms.Form):
    photo_id = forms.IntegerField(widget=forms.HiddenInput)
    alt_text = forms.CharField(label=_("Description"), max_length=250)
    sort_order = forms.IntegerField(label=_("Order"), min_value=0, max_value=999)
    remove = forms.BooleanField(label=_("Remove"), required=False)


ExistingPhotoFormSet = formset_factory(ExistingPhotoForm, extra=0)


class CertificationForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Certification"),
        choices=[("", "—"), *Certification.Kind.choices],
        required=False,
    )
    number = forms.CharField(label=_("Certificate number"), max_length=100, required=False)
    valid_until = IsoDateField(label=_("Valid until"), required=False)
    document = forms.FileField(
        label=_("Certificate (PDF, JPEG or PNG)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/jpeg,image/png"}),
    )
    remove = forms.BooleanField(label=_("Remove"), required=False)

    def clean_document(self):
        return clean_document_upload(self.cleaned_data.get("document"))

    def clean(self):
        cleaned = super().clean()
        if (cleaned.get("number") or cleaned.get("document")) and not cleaned.get("kind"):
            self.add_error("kind", _("Choose which certification this is."))
        return cleaned


class BaseCertificationFormSet(BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        kinds = [f.cleaned_data.get("kind") for f in self.forms if f.cleaned_data.get("kind")]
        if len(kinds) != len(set(kinds)):
            raise ValidationError(_("Each certification can be listed once."))


CertificationFormSet = formset_factory(
    CertificationForm, formset=BaseCertificationFormSet, extra=2, max_num=len(Certification.Kind)
)


def certification_data(formset, *, store_document) -> tuple[list[CertificationData], list[str]]:
    """(certifications to set, kinds to remove); store_document turns uploads into Documents."""
    keep, remove = [], []
    for form in formset.forms:
        kind = form.cleaned_data.get("kind")
        if not kind:
            continue
        if form.cleaned_data.get("remove"):
            remove.append(kind)
            continue
        document = form.cleaned_data.get("document")
        keep.append(
            CertificationData(
                kind=kind,
                number=form.cleaned_data.get("number", ""),
                valid_until=form.cleaned_data.get("valid_until"),
                document=store_document(document, kind) if document else None,
            )
        )
    return keep, remove


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (the seller sees this)"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Tell the seller what to change.")},
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_("UTF-8, comma-separated, with the header row described below (max 5 MB)."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def clean_file(self):
        from catalogue.importer import MAX_IMPORT_BYTES, decode_csv

        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise ValidationError(
                _("This file is %(size)s; imports may be at most %(max)s.")
                % {"size": filesizeformat(upload.size), "max": filesizeformat(MAX_IMPORT_BYTES)}
            )
        return upload.name, decode_csv(upload.read())


class ProductTranslationForm(TranslationFormMixin, forms.Form):
    """The listing's name and description in one other language (one form per language)."""

    text_field = "description"

    language = forms.CharField(widget=forms.HiddenInput, max_length=10)
    name = forms.CharField(label=_("Name"), max_length=200, required=False)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": 10_000}),
        help_text=_("Simple formatting only (paragraphs, bold, italics, lists)."),
    )

    def clean(self):
        cleaned = super().clean()
        name, description = cleaned.get("name", ""), cleaned.get("description", "")
        if description and not name and "name" not in self.errors:
            self.add_error(
                "name", _("Enter the product's name in this language too: buyers see it first.")
            )
        if name and not description and "description" not in self.errors:
            self.add_error("description", _("Enter the description in this language too."))
        if not name and not description and not self.errors:
            self.add_error(None, _("Enter a name and a description, or remove this translation."))
        return cleaned
