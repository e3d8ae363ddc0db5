"""The Harmonized System's chapters, as the export-data import needs them.

regions sits below catalogue (which owns HSChapter with titles), so the import validates
against this fixed list: WCO HS chapters 01 to 97, chapter 77 being reserved for future use.
"""

import re

from django.utils.translation import gettext as _

HS_CHAPTERS = frozenset(f"{number:02d}" for number in range(1, 98) if number != 77)

_HS_CODE = re.compile(r"^\d{2}(?:\d{2}){0,3}$")


def clean_hs_code(text: str) -> str:
    """Digits only, 2, 4, 6 or 8 long, in a known chapter; raises ValueError for people."""
    code = re.sub(r"[\s.]", "", text or "")
    if not _HS_CODE.match(code):
        raise ValueError(_("“%(text)s” is not an HS code (2, 4, 6 or 8 digits).") % {"text": text})
    if code[:2] not in HS_CHAPTERS:
        raise ValueError(_("HS chapter “%(chapter)s” does not exist.") % {"chapter": code[:2]})
    return code
