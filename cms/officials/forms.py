from django import forms
from django.utils.translation import gettext_lazy as _

from catalogue.readiness import BODY_CHOICES
from cms.officials.models import Bottleneck
from core.dates import IsoDateField


class ExportStatsUploadForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "Columns: state, district, lgd_code (optional), period_kind (month or quarter), "
            "period, hs_code, country (ISO two-letter), value_inr, value_usd."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = (upload.name or "").lower()
        if not name.endswith((".csv", ".txt")):
            raise forms.ValidationError(_("Upload a .csv file."))
        return upload


class BottleneckStatusForm(forms.Form):
    bottleneck = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(choices=Bottleneck.Status.choices, label=_("Status"))


class SellerRegistrationForm(forms.Form):
    body = forms.ChoiceField(choices=BODY_CHOICES, label=_("Council or board"))
    number = forms.CharField(max_length=60, label=_("RCMC or registration number"))
    valid_until = IsoDateField(required=False, label=_("Valid until"))
