"""ISO 3166-1 alpha-2 countries with names in the active language (from Babel's CLDR data)."""

from functools import lru_cache

from babel import Locale, UnknownLocaleError
from django.utils import translation

# CLDR territories that are not ISO 3166-1 countries (regions, reserved or private codes).
_NOT_COUNTRIES = {
    "AC",
    "CP",
    "CQ",
    "DG",
    "EA",
    "EU",
    "EZ",
    "IC",
    "QO",
    "TA",
    "UN",
    "XA",
    "XB",
    "ZZ",
}


@lru_cache(maxsize=16)
def _countries(language: str) -> tuple[tuple[str, str], ...]:
    try:
        names = Locale.parse(language.replace("-", "_")).territories
    except (UnknownLocaleError, ValueError):
        names = Locale("en").territories
    pairs = [
        (code, name)
        for code, name in names.items()
        if len(code) == 2 and code.isalpha() and code not in _NOT_COUNTRIES
    ]
    return tuple(sorted(pairs, key=lambda pair: pair[1]))


def country_choices() -> list[tuple[str, str]]:
    return list(_countries(translation.get_language() or "en"))


def country_name(code: str) -> str:
    return dict(_countries(translation.get_language() or "en")).get(code, code)


def is_country(code: str) -> bool:
    return code in dict(_countries("en"))
