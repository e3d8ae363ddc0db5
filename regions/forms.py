"""Form fields for picking a district by typing (a plain text box that works without
JavaScript; static/js/district-picker.js adds suggestions)."""

from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from regions.models import District, State
from regions.selectors import district_lookup


class StateChoiceField(forms.ModelChoiceField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("State or union territory"))
        kwargs.setdefault("empty_label", _("Any state"))
        kwargs.setdefault("required", False)
        super().__init__(queryset=State.objects.order_by("name"), **kwargs)
        self.widget.attrs["data-district-state"] = ""


class DistrictTextField(forms.CharField):
    """Cleans to a District from its name, a former name or an alias ("Banaras"), or
    "Name, State"; the form passes the chosen state (`state_id`) to narrow the search."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("District"))
        kwargs.setdefault("max_length", 150)
        kwargs.setdefault(
            "help_text", _("Type the district's name, e.g. Bhagalpur or Varanasi (Banaras).")
        )
        super().__init__(**kwargs)
        self.state_id = None
        self.widget.attrs.update(
            {
                "autocomplete": "off",
                "data-district-input": "",
                "data-options-url": reverse_lazy("regions:district_options"),
            }
        )

    def prepare_value(self, value):
        if isinstance(value, District):
            return value.name
        if isinstance(value, int) or (isinstance(value, str) and value.isdigit()):
            district = District.objects.filter(pk=value).first()
            return district.name if district else ""
        return value

    def clean(self, value):
        text = super().clean(value)
        if not text:
            return None
        if text.isdigit():  # a district's id, as the former select (and API clients) sent
            district = District.objects.select_related("state").filter(pk=int(text)).first()
            if district is None:
                raise forms.ValidationError(_("Choose your district again; that one is unknown."))
            return district
        match = district_lookup(text, state_id=self.state_id)
        if match.district is not None:
            return match.district
        if not match.candidates:
            raise forms.ValidationError(
                _("We know no district called “%(text)s”. Check the spelling or choose the state.")
                % {"text": text}
            )
        names = "; ".join(str(d) for d in match.candidates)
        if len(match.candidates) > 1 and all(
            d.name == match.candidates[0].name for d in match.candidates
        ):
            message = _(
                "Several districts are called “%(text)s”: %(names)s. Choose the state, or type "
                "the district as “Name, State”."
            )
        else:
            message = _("“%(text)s” is not one district. Did you mean: %(names)s?")
        raise forms.ValidationError(message % {"text": text, "names": names})
