"""The sign-up form (allauth's ACCOUNT_SIGNUP_FORM_CLASS): role choice, the buyer's company
or the seller's district."""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.forms.utils import ErrorDict
from django.utils.translation import gettext_lazy as _

from accounts.countries import country_choices
from accounts.models import User
from buyers.models import BuyerCompany
from buyers.services import buyer_company_save
from regions.forms import DistrictTextField, StateChoiceField


class BuyerCompanyForm(forms.Form):
    company = forms.CharField(label=_("Company name"), max_length=200, required=False)
    country = forms.ChoiceField(label=_("Country"), required=False)
    website = forms.URLField(
        label=_("Company website (optional)"),
        required=False,
        assume_scheme="https",
        error_messages={"invalid": _("Enter a web address such as https://example.com.")},
    )
    buyer_type = forms.ChoiceField(
        label=_("What kind of buyer are you?"),
        choices=[("", _("Choose one")), *BuyerCompany.BuyerType.choices],
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", _("Choose a country")), *country_choices()]

    def clean_buyer_fields(self, cleaned):
        for name, message in (
            ("company", _("Give your company's name (or your own name if you buy for yourself).")),
            ("country", _("Choose the country you import into.")),
            ("buyer_type", _("Choose the kind of buyer you are.")),
        ):
            if not cleaned.get(name):
                self.add_error(name, message)


class SignupForm(BuyerCompanyForm):
    """Fields allauth adds to its own sign-up form; `signup()` runs after the user exists."""

    full_name = forms.CharField(label=_("Your name"), max_length=150)
    role = forms.ChoiceField(
        label=_("I want to"),
        choices=[
            (User.SignupRole.BUYER, _("Buy from Indian districts")),
            (User.SignupRole.SELLER, _("Sell my products to buyers abroad")),
        ],
        widget=forms.RadioSelect,
        initial=User.SignupRole.BUYER,
    )

    # The seller's district, typed (name, former name, alias or "Name, State"), narrowed by
    # the state when one is chosen; the business profile starts from it.
    state = StateChoiceField()
    district = DistrictTextField(
        required=False,
        help_text=_("Where your business is, e.g. Bhagalpur or Varanasi (Banaras)."),
    )

    field_order = ["full_name", "email", "password1", "password2", "role"]
    BUYER_FIELDS = ("company", "country", "website", "buyer_type")
    SELLER_FIELDS = ("state", "district")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        state = self.data.get(self.add_prefix("state"), "") if self.is_bound else ""
        self.fields["district"].state_id = int(state) if str(state).isdigit() else None

    def _part(self, names, *, with_form_errors: bool) -> forms.Form:
        # A view of some of this form's fields (same data and errors) for the template,
        # which puts the buyer's questions in their own fieldset.
        part = forms.Form(auto_id=self.auto_id)
        part.fields = {name: self.fields[name] for name in names}
        part.data, part.is_bound, part.prefix = self.data, self.is_bound, self.prefix
        part.initial = self.initial
        keep = {*names, *([NON_FIELD_ERRORS] if with_form_errors else [])}
        part._errors = ErrorDict({k: v for k, v in self.errors.items() if k in keep})
        return part

    @property
    def common_part(self) -> forms.Form:
        others = {*self.BUYER_FIELDS, *self.SELLER_FIELDS}
        names = [name for name in self.fields if name not in others]
        return self._part(names, with_form_errors=True)

    @property
    def buyer_part(self) -> forms.Form:
        return self._part(self.BUYER_FIELDS, with_form_errors=False)

    @property
    def seller_part(self) -> forms.Form:
        return self._part(self.SELLER_FIELDS, with_form_errors=False)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("role") == User.SignupRole.BUYER:
            self.clean_buyer_fields(cleaned)
            # A buyer's form may carry what was typed in the hidden seller fields: ignored.
            for name in self.SELLER_FIELDS:
                self._errors.pop(name, None)
                cleaned.pop(name, None)
        elif not cleaned.get("district") and "district" not in self._errors:
            self.add_error(
                "district", _("Type the district your business is in, e.g. Bhagalpur or Varanasi.")
            )
        return cleaned

    def signup(self, request, user):
        data = self.cleaned_data
        user.full_name = data["full_name"]
        user.signup_role = data["role"]
        user.signup_district = (
            data.get("district") if data["role"] == User.SignupRole.SELLER else None
        )
        user.save(update_fields=["full_name", "signup_role", "signup_district"])
        if data["role"] == User.SignupRole.BUYER:
            buyer_company_save(
                user=user,
                name=data["company"],
                country=data["country"],
                website=data.get("website", ""),
                buyer_type=data["buyer_type"],
            )


class BuyerProfileForm(BuyerCompanyForm):
    def clean(self):
        cleaned = super().clean()
        self.clean_buyer_fields(cleaned)
        return cleaned
