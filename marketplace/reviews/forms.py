"""Review forms. The rules live in `marketplace.reviews.services` (the JSON endpoint uses
them too); the forms run them so each problem is shown next to its field."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import MAX_REPLY, MAX_TEXT
from .services import RATING_FIELDS, ReviewError, clean_ratings, clean_text

STAR_CHOICES = [(n, str(n)) for n in range(1, 6)]


class StarField(forms.TypedChoiceField):
    def __init__(self, label, **kwargs):
        super().__init__(
            label=label,
            choices=STAR_CHOICES,
            coerce=int,
            widget=forms.RadioSelect(attrs={"class": "stars"}),
            error_messages={
                "required": _("Choose from 1 to 5 stars."),
                "invalid_choice": _("Choose from 1 to 5 stars."),
            },
            **kwargs,
        )


class _ServiceRules:
    def _run(self, field: str, check):
        try:
            return check()
        except ReviewError as exc:
            raise forms.ValidationError(str(exc)) from None


class ReviewForm(_ServiceRules, forms.Form):
    overall = StarField(_("Overall"))
    as_described = StarField(_("Product as described"))
    communication = StarField(_("Communication"))
    delivery_time = StarField(_("Delivery time"))
    text = forms.CharField(
        label=_("Your review (optional)"),
        required=False,
        # The browser stops at the limit; the server says so in words when it is bypassed.
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": MAX_TEXT}),
        help_text=_("Plain text, up to 5,000 characters. Other buyers will read it."),
    )

    def clean_text(self):
        return self._run(
            "text", lambda: clean_text(self.cleaned_data["text"], limit=MAX_TEXT, field="text")
        )

    def ratings(self) -> dict:
        return {name: self.cleaned_data[name] for name in RATING_FIELDS}


class ReplyForm(_ServiceRules, forms.Form):
    reply = forms.CharField(
        label=_("Your public reply"),
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": MAX_REPLY}),
        help_text=_("Plain text, up to 2,000 characters. You can reply once."),
        error_messages={"required": _("Write the reply first.")},
    )

    def clean_reply(self):
        return self._run(
            "reply",
            lambda: clean_text(self.cleaned_data["reply"], limit=MAX_REPLY, field="reply"),
        )


class HideForm(_ServiceRules, forms.Form):
    reason = forms.CharField(
        label=_("Why is this review hidden?"),
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": 1000}),
        help_text=_("Kept in the moderation log and shown to the buyer and the seller."),
        error_messages={"required": _("Say why the review is hidden.")},
    )

    def clean_reason(self):
        return self._run(
            "reason", lambda: clean_text(self.cleaned_data["reason"], limit=1000, field="reason")
        )


__all__ = ["HideForm", "ReplyForm", "ReviewForm", "clean_ratings"]
