from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from regions.models import District
from sellers.models import Seller
from sellers.validators import normalise_gstin, validate_gstin, validate_iec


class SellerProfileForm(forms.ModelForm):
    """The business profile a seller edits; GSTIN is checked against the district's state."""

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
        }
        help_texts = {
            "story": _("Who you are, how you work. Simple formatting only; other HTML is removed."),
            "languages": _("For example: Hindi, English, Bhojpuri"),
            "gstin": _("15 characters, e.g. 09AAACH7409R1ZZ. Changing it resets its verification."),
            "iec": _("Importer-Exporter Code: your PAN, or a 10-digit code issued before 2020."),
        }
        widgets = {"story": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = District.objects.select_related("state")
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
        ("verify_gstin", _("GSTIN checked: valid")),
        ("reject_gstin", _("GSTIN checked: not valid")),
        ("verify_iec", _("IEC checked: valid")),
        ("reject_iec", _("IEC checked: not valid")),
        ("trust", _("Trust: publish listings without review")),
        ("untrust", _("Review listings again")),
    ]
    action = forms.ChoiceField(choices=ACTIONS)
