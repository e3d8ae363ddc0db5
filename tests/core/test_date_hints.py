"""Every date field the project shows, on the public site and in the Wagtail admin, says its
format ("YYYY-MM-DD") and parses ISO dates with a clear error otherwise (issue 21)."""

import datetime

import pytest
from django import forms
from django.utils import translation

from cms.officials.forms import SellerRegistrationForm
from core.dates import IsoDateField
from tests.form_walk import project_form_classes, wagtail_edit_forms


def _date_fields(form_class):
    fields = dict(getattr(form_class, "base_fields", {}))
    for name, formset in getattr(form_class, "formsets", {}).items():
        for child_name, field in formset.form.base_fields.items():
            fields[f"{name}.{child_name}"] = field
    return {n: f for n, f in fields.items() if isinstance(f, forms.DateField | forms.DateTimeField)}


def _all_date_fields():
    found = {}
    for name, form_class in [*project_form_classes(), *wagtail_edit_forms()]:
        for field_name, field in _date_fields(form_class).items():
            found[f"{name}.{field_name}"] = field
    return found


@pytest.mark.django_db
def test_every_date_field_shows_the_iso_hint_and_parses_iso():
    fields = _all_date_fields()
    # The walk reaches the public forms and the Wagtail pages' date fields.
    assert any("SellerRegistrationForm.valid_until" in n for n in fields), sorted(fields)
    assert any(n.startswith("EventPage") and "starts_at" in n for n in fields), sorted(fields)
    assert any(n.startswith("ArticlePage") and n.endswith(".date") for n in fields)
    missing = [n for n, f in fields.items() if "YYYY-MM-DD" not in str(f.help_text)]
    assert missing == []
    for name, field in fields.items():
        value = "2025-03-31 14:30" if isinstance(field, forms.DateTimeField) else "2025-03-31"
        assert field.to_python(value).isoformat().startswith("2025-03-31"), name


def test_hint_is_translated():
    with translation.override("hi"):
        hint = str(IsoDateField().help_text)
    assert "YYYY-MM-DD" in hint and hint != "Format: YYYY-MM-DD"


def test_non_iso_date_gets_a_clear_error_and_nothing_else():
    form = SellerRegistrationForm(data={"body": "", "number": "X", "valid_until": "31/03/2025"})
    assert not form.is_valid()
    assert form.errors["valid_until"] == ["Enter the date as YYYY-MM-DD, for example 2025-03-31."]
    ok = SellerRegistrationForm(data={"valid_until": "2025-03-31"})
    ok.is_valid()
    assert ok.cleaned_data["valid_until"] == datetime.date(2025, 3, 31)


def test_hint_is_visible_on_the_public_form():
    html = SellerRegistrationForm().as_div()
    assert "Format: YYYY-MM-DD" in html
