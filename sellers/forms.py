from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from core.forms import ImageUploadField, translate_blank_choices
from core.html import clean_html
from regions.forms import DistrictTextField, StateChoiceField
from sellers.models import Seller
from sellers.validators import (
    normalise_gstin,
    translation_languages,
    validate_gstin,
    validate_iec,
    validate_translation_language,
)


class SellerProfileForm(forms.ModelForm):
    """The business profile a seller edits; GSTIN is checked against the district's state.
    The district is typed (name, former name or alias), narrowed by the state if chosen."""

    state = StateChoiceField()
    district = DistrictTextField()

    class Meta:
        model = Seller
        fields = [
            "name",
            "business_type",
            "district",
            "story",
            "crafts",
            "languages",
            "year_founded",
            "team_size",
            "website",
            "legal_name",
            "address",
            "gstin",
            "iec",
        ]
        labels = {
            "name": _("Business name"),
            "business_type": _("Type of business"),
            "story": _("Your story"),
            "crafts": _("What you make"),
            "languages": _("Languages spoken"),
            "year_founded": _("Year founded"),
            "team_size": _("Team size (people)"),
            "legal_name": _("Legal name (as registered for GST)"),
            "address": _("Registered address"),
            "website": _("Website"),
        }
        help_texts = {
            "story": _("Who you are, how you work. Simple formatting only; other HTML is removed."),
            "languages": _("For example: Hindi, English, Bhojpuri"),
            "gstin": _("15 characters, e.g. 09AAACH7409R1ZZ. Changing it resets its verification."),
            "iec": _("Importer-Exporter Code: your PAN, or a 10-digit code issued before 2020."),
        }
        widgets = {
            "story": forms.Textarea(attrs={"rows": 6}),
            "address": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.order_fields(["name", "business_type", "state", "district"])
        translate_blank_choices(self)
        if self.instance.district_id and not self.is_bound:
            self.initial.setdefault("state", self.instance.district.state_id)
        state = self.data.get(self.add_prefix("state"), "") if self.is_bound else ""
        self.fields["district"].state_id = int(state) if str(state).isdigit() else None
        self.fields["name"].max_length = 200
        self.fields["story"].max_length = 10_000
        self.fields["story"].widget.attrs["maxlength"] = 10_000

    def clean_year_founded(self):
        year = self.cleaned_data.get("year_founded")
        if year is not None and not 1800 <= year <= timezone.now().year:
            raise ValidationError(
                _("Enter the year the business began, between 1800 and this year.")
            )
        return year

    def clean_team_size(self):
        size = self.cleaned_data.get("team_size")
        if size is not None and not 1 <= size <= 1_000_000:
            raise ValidationError(_("Enter how many people work in the business (1 or more)."))
        return size

    def clean_iec(self):
        iec = normalise_gstin(self.cleaned_data.get("iec", ""))
        if iec:
            validate_iec(iec)
        return iec

    def clean(self):
        cleaned = super().clean()
        gstin = normalise_gstin(cleaned.get("gstin", ""))
        district = cleaned.get("district")
        if gstin:
            try:
                validate_gstin(gstin, state_iso_code=district.state.iso_code if district else None)
            except ValidationError as error:
                self.add_error("gstin", error)
            else:
                cleaned["gstin"] = gstin
        return cleaned


class ReviewSellerForm(forms.Form):
    ACTIONS = [
        ("approve", _("Approve the business")),
        ("send_back", _("Send back for changes")),
        ("verify_gstin", _("GSTIN checked: valid")),
        ("reject_gstin", _("GSTIN: send back for changes")),
        ("verify_iec", _("IEC checked: valid")),
        ("reject_iec", _("IEC: send back for changes")),
        ("verify_bank", _("Bank details checked: valid")),
        ("reject_bank", _("Bank details: send back for changes")),
        (
            "trust",
            _(
                "Trust: publish new listings without review "
                "(edits of published ones are still reviewed)"
            ),
        ),
        ("untrust", _("Review listings again")),
        ("suspend", _("Suspend: take the business and its listings off the site")),
        ("reinstate", _("Reinstate the business")),
    ]
    action = forms.ChoiceField(
        label=_("Action"), choices=ACTIONS, error_messages={"invalid_choice": _("Unknown action.")}
    )
    reason = forms.CharField(label=_("Reason"), max_length=2000, required=False)

    def clean(self):
        cleaned = super().clean()
        reason = cleaned.get("reason", "").strip()
        if cleaned.get("action") == "send_back" and not reason:
            self.add_error("reason", _("Tell the seller what to change."))
        if cleaned.get("action") == "suspend" and not reason:
            self.add_error("reason", _("Tell the seller why the business is suspended."))
        return cleaned

    def first_error(self) -> str:
        return next(iter(self.errors.values()))[0]


class TranslationFormMixin:
    """One language's translation: the language (hidden) and the translated text.

    `text_field` names the rich-text field; it is sanitised here as the service does again,
    so an entry that would be empty once unsafe HTML is removed gets a clear message rather
    than an empty translation. Errors about the (hidden) language are form-level errors.
    """

    text_field = "story"

    def __init__(self, *args, language: str | None = None, **kwargs):
        languages = dict(translation_languages())
        if language not in languages:
            language = None  # never put an unchecked code into ids or attributes
        if language is not None:
            # Distinct ids per language: several of these forms share one page.
            kwargs.setdefault("auto_id", f"id_tr_{language}_%s")
            kwargs["initial"] = {**kwargs.get("initial", {}), "language": language}
        super().__init__(*args, **kwargs)
        self.language = language
        self.language_name = languages.get(language or "", "")
        if language is not None:
            # The seller types in the target language: right-to-left for Arabic, and the
            # browser's spell checker and screen readers use the right language.
            bidi = get_language_info(language).get("bidi", False)
            for field in self.fields.values():
                if not field.widget.is_hidden:
                    field.widget.attrs.update(lang=language, dir="rtl" if bidi else "ltr")

    def clean(self):
        cleaned = super().clean()
        language = cleaned.get("language", "")
        if "language" in self.errors:
            self.errors.pop("language")
            self.add_error(None, _("Choose one of the site's languages."))
        elif language is not None:
            try:
                validate_translation_language(language)
            except ValidationError as error:
                self.add_error(None, error)
        raw = cleaned.get(self.text_field)
        if raw:
            text = clean_html(raw)
            if not text:
                self.add_error(
                    self.text_field,
                    _("Nothing is left of this text once unsupported HTML is removed."),
                )
            cleaned[self.text_field] = text
        return cleaned


class SellerTranslationForm(TranslationFormMixin, forms.Form):
    """The business story in one other language (one form per language)."""

    language = forms.CharField(widget=forms.HiddenInput, max_length=10)
    story = forms.CharField(
        label=_("Your story"),
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": 10_000}),
        help_text=_("Simple formatting only; other HTML is removed."),
    )


class SellerPhotoForm(forms.Form):
    photo = ImageUploadField(
        label=_("Photo"),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    alt_text = forms.CharField(label=_("Describe the photo"), max_length=250)


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("Email address of the person to invite"))
    can_manage_payouts = forms.BooleanField(
        label=_("May manage payouts (needs two-factor authentication where required)"),
        required=False,
    )
