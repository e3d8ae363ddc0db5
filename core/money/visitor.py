"""The visitor's display currency.

In order: the session, the `currency` cookie, the signed-in user's `preferred_currency`, then
a default for the active language (`LANGUAGE_DEFAULT_CURRENCY`), then INR.
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils import translation

from .amounts import BASE_CURRENCY, MoneyError

SESSION_KEY = "display_currency"
COOKIE_NAME = "currency"
COOKIE_MAX_AGE = 365 * 24 * 60 * 60

# A sensible first guess before a visitor picks one; an explicit choice always wins.
LANGUAGE_DEFAULT_CURRENCY = {"en": "USD", "fr": "EUR", "es": "EUR", "ar": "AED", "hi": "INR"}


def display_currencies() -> list[str]:
    """The currencies buyers may pick (settings.DISPLAY_CURRENCIES), INR always first."""
    codes = [c.upper() for c in getattr(settings, "DISPLAY_CURRENCIES", [])]
    return [BASE_CURRENCY, *[c for c in codes if c != BASE_CURRENCY]]


def is_display_currency(code: str | None) -> bool:
    return bool(code) and code.upper() in display_currencies()


def display_currency_for(request) -> str:
    """The currency this visitor sees prices in (see the module docstring for the order)."""
    candidates = []
    if request is not None:
        session = getattr(request, "session", None)
        if session is not None:
            candidates.append(session.get(SESSION_KEY))
        candidates.append(request.COOKIES.get(COOKIE_NAME))
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            candidates.append(getattr(user, "preferred_currency", ""))
    language = (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
    candidates.append(LANGUAGE_DEFAULT_CURRENCY.get(language))
    for code in candidates:
        if is_display_currency(code):
            return code.upper()
    return BASE_CURRENCY


@transaction.atomic
def user_preferred_currency_set(*, user, currency: str) -> None:
    """Remember a signed-in buyer's choice across devices."""
    currency = currency.upper()
    if not is_display_currency(currency):
        raise MoneyError(f"{currency} is not offered.")
    if user.preferred_currency != currency:
        user.preferred_currency = currency
        user.save(update_fields=["preferred_currency"])
