"""Category names in the reader's language.

Categories are data (the taxonomy JSON), not interface strings, so gettext cannot see them;
their translations live beside the taxonomy in `data/category_names.json`, keyed by slug and
read once per process, so showing a translated name never costs a query."""

import json
from functools import cache
from pathlib import Path

from django.utils.translation import get_language

DATA = Path(__file__).resolve().parent / "data" / "category_names.json"


@cache
def _names() -> dict[str, dict[str, str]]:
    data = json.loads(DATA.read_text(encoding="utf-8"))
    data.pop("_comment", None)
    return data


def category_name(slug: str, english: str, language: str | None = None) -> str:
    """The name of category `slug` in `language` (default: the active one), else `english`."""
    lang = (language or get_language() or "en").split("-")[0]
    return _names().get(slug, {}).get(lang) or english
