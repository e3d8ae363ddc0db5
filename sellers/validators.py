"""GSTIN and IEC checks that explain what is wrong in words a seller understands."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

GSTIN_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
GSTIN_RE = re.compile(r"^[0-9]{2}[A-Z]{5}[0-9]{4}[A-Z][1-9A-Z]Z[0-9A-Z]$")
PAN_RE = re.compile(r"^[A-Z]{5}[0-9]{4}[A-Z]$")
LEGACY_IEC_RE = re.compile(r"^[0-9]{10}$")

# GST state codes (first two digits of a GSTIN), from the GST Council's state code list.
GST_STATE_CODES = {
    "01": "IN-JK", "02": "IN-HP", "03": "IN-PB", "04": "IN-CH", "05": "IN-UK", "06": "IN-HR",
    "07": "IN-DL", "08": "IN-RJ", "09": "IN-UP", "10": "IN-BR", "11": "IN-SK", "12": "IN-AR",
    "13": "IN-NL", "14": "IN-MN", "15": "IN-MZ", "16": "IN-TR", "17": "IN-ML", "18": "IN-AS",
    "19": "IN-WB", "20": "IN-JH", "21": "IN-OD", "22": "IN-CG", "23": "IN-MP", "24": "IN-GJ",
    "26": "IN-DH", "27": "IN-MH", "29": "IN-KA", "30": "IN-GA", "31": "IN-LD",
    "32": "IN-KL", "33": "IN-TN", "34": "IN-PY", "35": "IN-AN", "36": "IN-TS", "37": "IN-AP",
    "38": "IN-LA",
}  # fmt: skip
# 25 (Daman and Diu) was merged into 26 in 2020; GSTINs issued before still carry it.
GST_STATE_CODES["25"] = "IN-DH"


def gstin_checksum(first14: str) -> str:
    """The 15th character of a GSTIN: a base-36 Luhn-style check over the first 14."""
    total = 0
    for index, char in enumerate(first14):
        factor = 2 if index % 2 else 1
        product = GSTIN_ALPHABET.index(char) * factor
        total += product // 36 + product % 36
    return GSTIN_ALPHABET[(36 - total % 36) % 36]


def normalise_gstin(value: str) -> str:
    return re.sub(r"\s+", "", value or "").upper()


def validate_gstin(value: str, *, state_iso_code: str | None = None) -> None:
    gstin = normalise_gstin(value)
    if len(gstin) != 15:
        raise ValidationError(
            _("A GSTIN has 15 characters; this one has %(n)d.") % {"n": len(gstin)},
            code="gstin_length",
        )
    if not GSTIN_RE.match(gstin):
        raise ValidationError(
            _(
                "This is not in GSTIN format: 2-digit state code, 10-character PAN, "
                "entity number, the letter Z, and a check character."
            ),
            code="gstin_format",
        )
    code = gstin[:2]
    if code not in GST_STATE_CODES:
        raise ValidationError(
            _("%(code)s is not a GST state code.") % {"code": code}, code="gstin_state"
        )
    if state_iso_code and GST_STATE_CODES[code] != state_iso_code:
        raise ValidationError(
            _("This GSTIN is registered in another state (code %(code)s) than your district.")
            % {"code": code},
            code="gstin_state_mismatch",
        )
    expected = gstin_checksum(gstin[:14])
    if gstin[14] != expected:
        raise ValidationError(
            _(
                "The last character (check character) should be %(expected)s, not %(got)s: "
                "please check the number for a typing mistake."
            )
            % {"expected": expected, "got": gstin[14]},
            code="gstin_checksum",
        )


def validate_iec(value: str) -> None:
    """IEC: since 2020 the IEC is the business PAN (AAAAA9999A); older IECs are 10 digits."""
    iec = normalise_gstin(value)
    if PAN_RE.match(iec) or LEGACY_IEC_RE.match(iec):
        return
    raise ValidationError(
        _(
            "An Importer-Exporter Code has 10 characters: your PAN (5 letters, 4 digits, "
            "1 letter) or, for codes issued before 2020, 10 digits."
        ),
        code="iec_format",
    )


# Seller-entered translations ------------------------------------------------------------
# Descriptions and stories are written in the site's default language (the models have no
# "original language" field), so a translation may be in any other configured language.
ORIGINAL_LANGUAGE = settings.LANGUAGE_CODE
MAX_TRANSLATED_TEXT = 10_000  # the same limit the dashboard puts on the original text


def translation_languages() -> list[tuple[str, str]]:
    """(code, name) of the languages a seller may translate into: all but the original."""
    return [(code, name) for code, name in settings.LANGUAGES if code != ORIGINAL_LANGUAGE]


def validate_translation_language(code: str) -> None:
    if code == ORIGINAL_LANGUAGE:
        raise ValidationError(
            _("Your text is already in this language: it is the original, not a translation.")
        )
    if code not in dict(translation_languages()):
        raise ValidationError(_("Choose one of the site's languages."))


# Bank details ---------------------------------------------------------------------------
IFSC_RE = re.compile(r"^[A-Z]{4}0[A-Z0-9]{6}$")
SWIFT_RE = re.compile(r"^[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$")
IBAN_RE = re.compile(r"^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$")
ACCOUNT_NUMBER_RE = re.compile(r"^[0-9A-Z]{6,20}$")


def normalise_bank_code(value: str) -> str:
    return re.sub(r"[\s-]+", "", value or "").upper()


def validate_ifsc(value: str) -> None:
    """IFSC: 4 letters (the bank), a zero, 6 letters or digits (the branch)."""
    if not IFSC_RE.match(normalise_bank_code(value)):
        raise ValidationError(
            _(
                "An IFSC has 11 characters: 4 letters for the bank, a zero, then 6 letters "
                "or digits for the branch (for example SBIN0001234)."
            ),
            code="ifsc_format",
        )


def validate_swift(value: str) -> None:
    """SWIFT/BIC: bank (4 letters), country (2), location (2), optional branch (3)."""
    if not SWIFT_RE.match(normalise_bank_code(value)):
        raise ValidationError(
            _(
                "A SWIFT/BIC code has 8 or 11 characters: 4 letters for the bank, 2 for the "
                "country, 2 for the place, and optionally 3 for the branch (for example "
                "SBININBB or SBININBB104)."
            ),
            code="swift_format",
        )


def iban_is_valid(iban: str) -> bool:
    """ISO 13616: move the first four characters to the end, letters to numbers, mod 97 = 1."""
    rearranged = iban[4:] + iban[:4]
    digits = "".join(str(int(char, 36)) for char in rearranged)
    return int(digits) % 97 == 1


def validate_bank_account(value: str) -> None:
    """An IBAN (checked with its check digits) or a domestic account number (Indian banks
    use 9 to 18 digits; some foreign ones letters too)."""
    account = normalise_bank_code(value)
    if IBAN_RE.match(account):
        if not iban_is_valid(account):
            raise ValidationError(
                _("This IBAN's check digits do not match: please check it for a typing mistake."),
                code="iban_checksum",
            )
        return
    if not ACCOUNT_NUMBER_RE.match(account):
        raise ValidationError(
            _("Enter the account number (6 to 20 digits or letters) or an IBAN."),
            code="account_format",
        )
