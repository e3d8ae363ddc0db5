"""Idempotent form posts (issue 19 item 9): a form shown once is acted on once.

`OnceFormMixin` signs a random one-time token into a hidden field when the form is shown.
The view wraps its write in `once(request, form)`: the token is inserted as a unique
`FormSubmission` key in the same transaction as the write, so of two posts of the same form
(a double click, a browser resend, two tabs racing) exactly one does the work; the other gets
`Duplicate` carrying the first's result URL (PostgreSQL makes it wait for the first to
commit on the unique index; SQLite's IMMEDIATE transactions serialise them). `submitted`
is the cheap look a view takes first, before it counts a rate-limit slot.

A post without a token (a script, an old page) is simply not deduplicated; a token with a
bad signature, or older than TOKEN_MAX_AGE, is a form error asking to send again (the form
comes back filled in with a fresh token, so nothing typed is lost).
"""

from __future__ import annotations

import contextlib
import secrets
from collections.abc import Iterator

from django import forms
from django.core import signing
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from .models import FormSubmission

SALT = "marketplace.form-once"
# A decision: a form left open up to a week still posts; older pages are asked to resend.
TOKEN_MAX_AGE = 7 * 24 * 3600


def issue_once_token() -> str:
    return signing.dumps(secrets.token_urlsafe(18), salt=SALT)


class OnceFormMixin(forms.Form):
    once = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial["once"] = issue_once_token()

    def clean_once(self) -> str | None:
        raw = self.cleaned_data.get("once") or ""
        if not raw:
            return None
        try:
            return signing.loads(raw, salt=SALT, max_age=TOKEN_MAX_AGE)
        except signing.BadSignature:
            # Refilled with a fresh token, so sending again works; a form-wide error, as the
            # field is hidden.
            self.data = self.data.copy()
            self.data[self.add_prefix("once")] = issue_once_token()
            self.add_error(
                None, _("This form was open too long. Please check it and send it again.")
            )
            return None


class Duplicate(Exception):
    """This form was already submitted; `url` shows what the first submission made."""

    def __init__(self, url: str):
        super().__init__(url)
        self.url = url


class _Result:
    url = ""


def submitted(form) -> str | None:
    """The first submission's result URL if this form was already acted on (advisory)."""
    key = form.cleaned_data.get("once")
    if not key:
        return None
    row = FormSubmission.objects.filter(key=key).only("result_url").first()
    return row.result_url if row else None


@contextlib.contextmanager
def once(request, form) -> Iterator[_Result]:
    """Run the block once per form token, in one transaction with the token's row; the
    block sets `.url` to the page showing its result. Raises Duplicate for a repeat."""
    key = form.cleaned_data.get("once")
    result = _Result()
    if not key:
        yield result
        return
    with transaction.atomic():
        try:
            with transaction.atomic():
                row = FormSubmission.objects.create(key=key, user=request.user)
        except IntegrityError:
            raise Duplicate(submitted(form) or "") from None
        yield result
        row.result_url = result.url[:500]
        row.save(update_fields=["result_url"])
