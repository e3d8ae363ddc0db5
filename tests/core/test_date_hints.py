"""Every date field the project shows, on the public site and in the Wagtail admin, says its
format ("YYYY-MM-DD") and parses ISO dates with a clear error otherwise (issue 21)."""

import datetime
import importlib
import pkgutil
from pathlib import Path

import pytest
from django import forms
from django.apps import apps
from django.conf import settings
from django.utils import translation
from wagtail.models import Page

from cms.officials.forms import SellerRegistrationForm
from core.dates import IsoDateField

ROOT = Path(settings.BASE_DIR)


def _project_modules():
    for config in apps.get_app_configs():
        if not Path(config.path).is_relative_to(ROOT) or ".venv" in Path(config.path).parts:
            continue
        yield config.module
        for info in pkgutil.walk_packages(config.module.__path__, config.name + "."):
            if info.name.rsplit(".", 1)[-1] in {"forms", "admin_views", "views", "models"} or (
                ".forms" in info.name
            ):
                try:
                    yield importlib.import_module(info.name)
                except ImportError:  # a module only some deployments can import
                    continue


def _project_form_classes():
    list(_project_modules())  # import them, so every form class is defined
    seen, stack = set(), [forms.BaseForm]
    while stack:
        cls = stack.pop()
        for sub in cls.__subclasses__():
            if sub in seen:
                continue
            seen.add(sub)
            stack.append(sub)
            module = importlib.import_module(sub.__module__)
            path = Path(getattr(module, "__file__", "") or "/")
            if (
                path.is_relative_to(ROOT)
                and ".venv" not in path.parts
                and "tests" not in path.parts
            ):
                yield f"{sub.__module__}.{sub.__qualname__}", sub


def _wagtail_edit_forms():
    for model in apps.get_models():
        if issubclass(model, Page) and model is not Page:
            path = Path(importlib.import_module(model.__module__).__file__)
            if ".venv" in path.parts:
                continue
            yield f"{model.__name__} (Wagtail edit form)", model.get_edit_handler().get_form_class()


def _date_fields(form_class):
    fields = dict(getattr(form_class, "base_fields", {}))
    for name, formset in getattr(form_class, "formsets", {}).items():
        for child_name, field in formset.form.base_fields.items():
            fields[f"{name}.{child_name}"] = field
    return {n: f for n, f in fields.items() if isinstance(f, forms.DateField | forms.DateTimeField)}


def _all_date_fields():
    found = {}
    for name, form_class in [*_project_form_classes(), *_wagtail_edit_forms()]:
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
