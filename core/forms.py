"""Form helpers shared by the apps' forms."""

from django import forms
from django.db.models.fields import BLANK_CHOICE_LABEL
from django.utils.translation import gettext_lazy as _

from core.uploads import clean_image_upload

# Django 6's blank choice ("- Select an option -") has no Hindi in Django's own catalogs;
# ours has it in every language, so the forms name it themselves.
BLANK_CHOICE = _("- Select an option -")


def translate_blank_choices(form: forms.BaseForm) -> None:
    """Give every select's default empty option our translated words (a field's own empty
    label, such as "Any state", stays)."""
    defaults = {"---------", str(BLANK_CHOICE_LABEL)}
    for field in form.fields.values():
        if isinstance(field, forms.ModelChoiceField):
            if field.empty_label is not None and str(field.empty_label) in defaults:
                field.empty_label = BLANK_CHOICE
        elif isinstance(field, forms.ChoiceField):
            choices = list(field.choices)
            if choices and choices[0][0] == "" and str(choices[0][1]) in defaults:
                field.choices = [("", BLANK_CHOICE), *choices[1:]]


class ImageUploadField(forms.FileField):
    """A file field whose clean() runs the safe-upload checks and returns a CleanImage."""

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if not upload:
            return None
        return clean_image_upload(upload)
