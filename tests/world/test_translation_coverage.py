"""The four interface catalogues are complete: every msgid translated (all plural forms), none
fuzzy, placeholders and markup intact, and no user-facing string in the code missing from them.

A new `gettext`/`{% translate %}` string therefore fails here until someone runs makemessages
and translates it (locale/README.md has the commands)."""

import gettext
import re
import shutil
from collections import Counter
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings
from django.core.management import call_command
from django.utils import translation

LOCALE_DIR = Path(settings.BASE_DIR) / "locale"
LANGS = ["hi", "fr", "es", "ar"]
PLURALS = {"hi": 2, "fr": 2, "es": 2, "ar": 6}
# %(name)s / %(n)d, bare %s / %d, a literal %%, and str.format's {name}
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|%%|\{\w*\}")
TAG = re.compile(r"</?[a-zA-Z][^>]*>")
# Same commands as locale/README.md; `locale` itself is ignored so the scratch run below
# writes to its own folder and never touches the committed catalogues.
IGNORE = [".venv", ".tools", "tests", "staticfiles", "node_modules", "media", "locale"]


def _catalog(lang):
    with open(LOCALE_DIR / lang / "LC_MESSAGES" / "django.po", "rb") as fh:
        return read_po(fh)


def _entries(lang):
    return [m for m in _catalog(lang) if m.id]


class _AnyValue(dict):
    def __missing__(self, key):
        return 1


@pytest.mark.parametrize("lang", LANGS)
def test_every_msgid_is_translated_and_not_fuzzy(lang):
    entries = _entries(lang)
    assert len(entries) > 1000  # the catalogue was really read
    fuzzy = [m.id for m in entries if m.fuzzy]
    empty = [
        m.id
        for m in entries
        if not (all(m.string) if isinstance(m.string, tuple) else m.string)
        or (isinstance(m.string, tuple) and len(m.string) != PLURALS[lang])
    ]
    assert fuzzy == [], f"{lang}: fuzzy entries, check and clear the flag: {fuzzy[:10]}"
    assert empty == [], f"{lang}: {len(empty)} untranslated entries, e.g. {empty[:10]}"


@pytest.mark.parametrize("lang", LANGS)
def test_placeholders_and_markup_survive(lang):
    problems = []
    for m in _entries(lang):
        if isinstance(m.id, str):
            if Counter(PLACEHOLDER.findall(m.string)) != Counter(PLACEHOLDER.findall(m.id)):
                problems.append(("placeholders", m.id, m.string))
            if sorted(TAG.findall(m.string)) != sorted(TAG.findall(m.id)):
                problems.append(("markup", m.id, m.string))
            forms = [m.string]
        else:
            # Plural forms: the last ("other") form carries msgid_plural's placeholders; the
            # others may drop the count ("one", "two" spelled out) but never invent one.
            allowed = set(PLACEHOLDER.findall(" ".join(m.id)))
            if set(PLACEHOLDER.findall(m.string[-1])) != set(PLACEHOLDER.findall(m.id[1])):
                problems.append(("plural placeholders", m.id, m.string[-1]))
            for form in m.string:
                if not set(PLACEHOLDER.findall(form)) <= allowed:
                    problems.append(("unknown placeholder", m.id, form))
            forms = list(m.string)
        # Strings joined in code ("... at the moment. " + "Please ...") keep their edges.
        source = m.id if isinstance(m.id, str) else m.id[1]
        for form in forms:
            edges = (form[:1].isspace(), form[-1:].isspace(), form.count("\n"))
            if edges != (source[:1].isspace(), source[-1:].isspace(), source.count("\n")):
                problems.append(("whitespace", source, form))
        if any("%(" in i or "%%" in i for i in ([m.id] if isinstance(m.id, str) else m.id)):
            for form in forms:
                try:
                    form % _AnyValue()  # a lone "%" would raise at render time
                except (ValueError, TypeError) as exc:
                    problems.append(("format", form, str(exc)))
    assert problems == [], f"{lang}: {problems[:10]}"


def test_arabic_uses_the_standard_six_plural_forms():
    catalog = _catalog("ar")
    assert catalog.num_plurals == 6
    # zero, one, two, few (3-10), many (11-99), other (100-102, ...)
    expected = {0: 0, 1: 1, 2: 2, 3: 3, 10: 3, 11: 4, 99: 4, 100: 5, 102: 5, 103: 3, 111: 4}
    plural = gettext.c2py(catalog.plural_expr)
    assert {n: plural(n) for n in expected} == expected
    with translation.override("ar"):
        shown = {
            n: translation.ngettext("%(n)s photo", "%(n)s photos", n) % {"n": n}
            for n in (1, 2, 5, 11, 100)
        }
    assert shown == {
        1: "صورة واحدة",
        2: "صورتان",
        5: "5 صور",
        11: "11 صورة",
        100: "100 صورة",
    }


def test_hindi_is_written_in_devanagari():
    devanagari = re.compile(r"[\u0900-\u097F]")
    # Codes and names that stay as they are (HS, GSTIN, INR, FIEO, "category-slug") are one
    # word; anything of two words or more needs Devanagari.
    left_in_latin = []
    for m in _entries("hi"):
        source = PLACEHOLDER.sub("", m.id if isinstance(m.id, str) else m.id[1])
        if len(re.findall(r"[A-Za-z]{2,}", source)) < 2:
            continue
        forms = [m.string] if isinstance(m.string, str) else list(m.string)
        if not all(devanagari.search(form) for form in forms):
            left_in_latin.append(m.id)
    assert left_in_latin == []


# makemessages runs GNU gettext's xgettext, a system tool like PostgreSQL (.ci/run installs it:
# Debian's `gettext`); without it there is nothing to extract the strings with.
@pytest.mark.skipif(
    shutil.which("xgettext") is None,
    reason="GNU gettext (xgettext) is not installed: `apt-get install gettext`",
)
def test_catalogues_cover_every_string_in_the_code(tmp_path, settings, monkeypatch):
    """makemessages into a scratch folder; every msgid it finds must be in the catalogues."""
    # makemessages writes next to the sources it finds a `locale` folder beside, so it runs in
    # a scratch tree of links to the project's folders (without locale/): the committed
    # catalogues are never rewritten by a test.
    base = Path(settings.BASE_DIR)
    tree = tmp_path / "tree"
    tree.mkdir()
    for entry in base.iterdir():
        if entry.name not in IGNORE and not entry.name.startswith("."):
            (tree / entry.name).symlink_to(entry)
    out = tmp_path / "out"
    settings.LOCALE_PATHS = [str(out)]
    monkeypatch.chdir(tree)
    call_command(
        "makemessages",
        locale=["fr"],
        ignore_patterns=IGNORE,
        no_obsolete=True,
        symlinks=True,
        verbosity=0,
    )
    assert not (base / "locale" / "fr" / "LC_MESSAGES" / "django.pot").exists()
    with open(out / "fr" / "LC_MESSAGES" / "django.po", "rb") as fh:
        in_code = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(fh) if m.id}
    assert len(in_code) > 1000
    for lang in LANGS:
        catalogued = {m.id if isinstance(m.id, str) else m.id[0] for m in _entries(lang)}
        missing = sorted(in_code - catalogued)
        assert missing == [], (
            f"{lang}: {len(missing)} strings are not in the catalogue; run makemessages and "
            f"translate them (locale/README.md): {missing[:10]}"
        )
