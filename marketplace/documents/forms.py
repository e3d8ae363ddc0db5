"""The seller's packages and ports when issuing shipping documents; the buyer's language."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .services import MAX_PACKAGE_ROWS, SIZE_MAX, WEIGHT_MAX


def _number_field(label, *, maximum, places):
    return forms.DecimalField(
        label=label,
        min_value=Decimal(10) ** -places,
        max_value=maximum,
        decimal_places=places,
        max_digits=14,
        error_messages={
            "invalid": _("Enter a number, like 12.5."),
            "min_value": _("Enter a number more than zero."),
            "max_value": _("That number is too large."),
            "max_decimal_places": _("Too many decimal places."),
            "required": _("Fill this in."),
        },
        widget=forms.NumberInput(attrs={"step": "any", "min": "0", "inputmode": "decimal"}),
    )


class LanguageForm(forms.Form):
    language = forms.ChoiceField(label=_("Document language"), choices=settings.LANGUAGES)


class PackageForm(forms.Form):
    count = forms.IntegerField(
        label=_("Packages"),
        min_value=1,
        max_value=9999,
        error_messages={
            "invalid": _("Enter a whole number of packages, like 12."),
            "min_value": _("Enter at least 1 package."),
            "max_value": _("Enter at most 9999 packages on one line."),
            "required": _("Fill this in."),
        },
    )
    description = forms.CharField(
        label=_("Kind of package"),
        max_length=100,
        error_messages={"required": _("Say what the packages are (for example: cartons).")},
    )
    net_kg = _number_field(_("Net weight each (kg)"), maximum=WEIGHT_MAX, places=3)
    gross_kg = _number_field(_("Gross weight each (kg)"), maximum=WEIGHT_MAX, places=3)
    length_cm = _number_field(_("Length (cm)"), maximum=SIZE_MAX, places=1)
    width_cm = _number_field(_("Width (cm)"), maximum=SIZE_MAX, places=1)
    height_cm = _number_field(_("Height (cm)"), maximum=SIZE_MAX, places=1)

    def clean(self):
        data = super().clean()
        net, gross = data.get("net_kg"), data.get("gross_kg")
        if net is not None and gross is not None and net > gross:
            self.add_error(
                "net_kg",
                _(
                    "The net weight cannot be more than the gross weight "
                    "(the gross weight includes the packing)."
                ),
            )
        return data


class _BasePackageFormSet(forms.BaseFormSet):
    def rows(self) -> list[dict]:
        return [f.cleaned_data for f in self.forms if f.cleaned_data and f.has_changed()]


PackageFormSet = forms.formset_factory(
    PackageForm,
    formset=_BasePackageFormSet,
    extra=0,
    min_num=1,
    max_num=MAX_PACKAGE_ROWS,
    validate_min=True,
    validate_max=True,
    absolute_max=MAX_PACKAGE_ROWS,
)


class ShippingDocumentsForm(LanguageForm):
    port_of_loading = forms.CharField(label=_("Port of loading"), max_length=100, required=False)
    port_of_discharge = forms.CharField(
        label=_("Port of discharge"), max_length=100, required=False
    )
