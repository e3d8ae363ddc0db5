"""Date form fields that say their format: a visible "YYYY-MM-DD" hint under every date field
and ISO parsing on the server (issue 21). Browsers without a working date picker show a plain
text box; the hint tells the reader what to type, and the error repeats it."""

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

DATE_HINT = _("Format: YYYY-MM-DD")
DATETIME_HINT = _("Format: YYYY-MM-DD HH:MM")


def _with_hint(help_text, hint):
    return format_lazy("{} {}", help_text, hint) if help_text else hint


class IsoDateField(forms.DateField):
    # Only ISO: "03/04/2025" means March in one country and April in another.
    input_formats = ["%Y-%m-%d"]
    default_error_messages = {
        "invalid": _("Enter the date as YYYY-MM-DD, for example 2025-03-31."),
    }

    def __init__(self, *, help_text="", widget=None, **kwargs):
        widget = widget or forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
        super().__init__(help_text=_with_hint(help_text, DATE_HINT), widget=widget, **kwargs)


class IsoDateTimeField(forms.DateTimeField):
    input_formats = ["%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S"]
    default_error_messages = {
        "invalid": _("Enter the date and time as YYYY-MM-DD HH:MM, for example 2025-03-31 14:30."),
    }

    def __init__(self, *, help_text="", **kwargs):
        super().__init__(help_text=_with_hint(help_text, DATETIME_HINT), **kwargs)
