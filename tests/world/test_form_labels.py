"""Issue 21: every label and option the project's forms show, and every choice of its models,
is in the reader's language.

The walk covers every form class the project defines and the Wagtail edit form (and inline
formsets) of every page model it defines. Fields Wagtail itself adds to every page (title,
slug, SEO fields, scheduling, comments) are left out: their words come from Wagtail's own
catalogues, which ship no Hindi, not from ours."""

import re

import pytest
from babel.messages.pofile import read_po
from django import forms
from django.apps import apps
from django.conf import settings
from django.forms.utils import pretty_name
from django.utils import translation
from django.utils.functional import Promise
from wagtail.models import Page

from tests.form_walk import project_form_classes, wagtail_edit_forms

LANGS = ("hi", "fr", "es", "ar")
PROJECT_APPS = {
    "core", "accounts", "regions", "sellers", "buyers", "catalogue", "marketplace", "search",
    "cms", "config",
}  # fmt: skip
WAGTAIL_PAGE_FIELDS = {f.name for f in Page._meta.get_fields()} | {"comment_notifications"}
WAGTAIL_FORMSETS = {"comments"}
# Codes (HS, GSTIN, ISO, currency codes, bodies such as APEDA), brand names and names of
# languages written in their own language stay as they are in every language (locale/README.md).
CODE = re.compile(r"^[A-Z0-9][A-Z0-9 .+/-]{1,11}$")
BRANDS = {"Craftmark", "Stripe"}
ENDONYMS = {str(name) for _code, name in settings.LANGUAGES} | {
    translation.get_language_info(code)["name_local"] for code, _name in settings.LANGUAGES
}


def english_only(text: str) -> bool:
    """Words in Latin letters and nothing else: what a Hindi or Arabic reader should not see."""
    if not text or text in ENDONYMS or text in BRANDS or CODE.match(text):
        return False
    return bool(re.search(r"[A-Za-z]{3,}", text)) and not re.search(r"[^\x00-\x7f]", text)


def _shown_fields():
    """(where, form field) for every field a person sees in the project's forms."""
    for name, form_class in [*project_form_classes(), *wagtail_edit_forms()]:
        wagtail = "(Wagtail edit form)" in name
        for field_name, field in getattr(form_class, "base_fields", {}).items():
            if wagtail and field_name in WAGTAIL_PAGE_FIELDS:
                continue
            yield f"{name}.{field_name}", field_name, field
        for set_name, formset in getattr(form_class, "formsets", {}).items():
            if set_name in WAGTAIL_FORMSETS:
                continue
            for field_name, field in formset.form.base_fields.items():
                if field_name in ("id", "DELETE", "ORDER"):
                    continue
                yield f"{name}.{set_name}.{field_name}", field_name, field


def _english_words(language: str) -> list[str]:
    found = []
    with translation.override(language):
        for where, field_name, field in _shown_fields():
            # Only a plain hidden input is unseen: Wagtail's rich-text editor (Draftail) is a
            # HiddenInput subclass with a visible label.
            if type(field.widget) in (forms.HiddenInput, forms.MultipleHiddenInput):
                continue
            label = str(field.label) if field.label is not None else pretty_name(field_name)
            if english_only(label):
                found.append(f"{where}: label {label!r}")
            if isinstance(field, forms.ChoiceField) and not isinstance(
                field, forms.ModelChoiceField
            ):
                for _value, option in field.choices:
                    if not isinstance(option, list | tuple) and english_only(str(option)):
                        found.append(f"{where}: option {str(option)!r}")
    return found


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["hi", "ar"])
def test_every_form_label_and_option_is_in_the_readers_language(language):
    fields = {where for where, _name, _field in _shown_fields()}
    # The walk reaches public forms, page edit forms and their inline formsets.
    assert any(w.startswith("search.forms.SearchForm.") for w in fields)
    assert "DistrictPage (Wagtail edit form).hero_caption" in fields
    assert "ActionPlanPage (Wagtail edit form).depc_members.designation" in fields
    assert _english_words(language) == []


def _block_labels():
    """(where, label) of every block of the project's StreamFields, nested ones included."""
    from wagtail.fields import StreamField

    def walk(block, where):
        for name, child in getattr(block, "child_blocks", {}).items():
            yield f"{where}.{name}", child.label
            yield from walk(child, f"{where}.{name}")
        if hasattr(block, "child_block"):  # a ListBlock's item
            yield from walk(block.child_block, f"{where}[]")

    for model in apps.get_models():
        if model.__module__.split(".")[0] not in PROJECT_APPS:
            continue
        for field in model._meta.get_fields():
            if isinstance(field, StreamField):
                yield from walk(field.stream_block, f"{model.__name__}.{field.name}")


@pytest.mark.parametrize("language", ["hi", "ar"])
def test_every_page_block_is_labelled_in_the_readers_language(language):
    labels = list(_block_labels())
    assert any(w.endswith("call_to_action.link_label") for w, _label in labels)
    with translation.override(language):
        english = [f"{w}: {label}" for w, label in labels if english_only(str(label))]
    assert english == []


def test_the_check_finds_an_english_label():
    class Form(forms.Form):
        capacity = forms.IntegerField()  # no label: Django shows "Capacity"
        kind = forms.ChoiceField(label="Kind", choices=[("a", "Exhibition"), ("b", "APEDA")])

    with translation.override("hi"):
        words = [str(f.label or pretty_name(n)) for n, f in Form.base_fields.items()] + [
            str(label) for _v, label in Form.base_fields["kind"].choices
        ]
    assert [w for w in words if english_only(w)] == ["Capacity", "Kind", "Exhibition"]


def _model_choices():
    for model in apps.get_models():
        if model.__module__.split(".")[0] not in PROJECT_APPS:
            continue
        for field in model._meta.get_fields():
            if getattr(field, "concrete", False) and not field.auto_created and field.choices:
                for value, label in field.flatchoices:
                    yield f"{model._meta.label}.{field.name}={value}", label


def _catalogued(language: str) -> set[str]:
    path = settings.BASE_DIR / "locale" / language / "LC_MESSAGES" / "django.po"
    with open(path, "rb") as fh:
        return {
            (m.id if isinstance(m.id, str) else m.id[0])
            for m in read_po(fh)
            if m.id and (m.string if isinstance(m.string, str) else m.string[0])
        }


def test_every_model_choice_is_translated_in_every_language():
    choices = list(_model_choices())
    assert len(choices) > 100  # the walk reaches the project's models
    fixed = [(w, label) for w, label in choices if not isinstance(label, Promise)]
    # A label that is not translated at all must be a code or a language's own name.
    assert [(w, label) for w, label in fixed if not (label in ENDONYMS or CODE.match(label))] == []
    lazy = [(w, label) for w, label in choices if isinstance(label, Promise)]
    with translation.override("en"):
        english = [(w, str(label)) for w, label in lazy]
    for language in LANGS:
        catalogued = _catalogued(language)
        missing = [
            (w, text) for w, text in english if not CODE.match(text) and text not in catalogued
        ]
        assert missing == [], (language, missing[:10])
