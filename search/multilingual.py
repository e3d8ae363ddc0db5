"""What a query in Hindi, French, Spanish or Arabic stands for in the English catalogue.

Three sources, all in memory after the first call (no database work, so expansion costs
microseconds per word; docs/benchmarks.md measures it):
- the curated trade vocabulary search/data/vocabulary.csv (sources: search/data/SOURCES.md):
  a word in any of its columns stands for the row's English words. The buyer's language is
  tried first, by exact form and then by that language's Snowball stem ("jouets" → "jouet");
  only then the other languages;
- transliteration of Devanagari with indic-transliteration (ITRANS scheme), then a loose
  phonetic key ("दार्जिलिंग" → "darjiling" ≈ "darjeeling") matched against the romanised Hindi
  column of the vocabulary and the Latin names of GIs and districts (catalogue/data,
  regions/data). Romanised Hindi the catalogue does not know ("sadi") takes the same path;
- Hindi- and Arabic-script names of GIs and districts where the data has them
  (optional columns name_hi / name_ar of the project's data copies): Hindi names of 732
  districts in regions/data/district_names_hi.csv; none yet for GIs or in Arabic script (see
  search/data/SOURCES.md).

Translations that sellers enter are indexed stemmed by their language (stem_text), so the
same stems added to a query here meet them in every engine.
"""

from __future__ import annotations

import csv
import re
import threading
import unicodedata
from functools import lru_cache
from pathlib import Path

import snowballstemmer
from django.conf import settings
from indic_transliteration import sanscript

LANGUAGES = ("en", "hi", "fr", "es", "ar")
DATA = Path(__file__).parent / "data"
VOCABULARY_FILE = DATA / "vocabulary.csv"
SNOWBALL = {"en": "english", "hi": "hindi", "fr": "french", "es": "spanish", "ar": "arabic"}

# Invisible format characters: zero-width (non-)joiners and spaces, bidi marks and
# embeddings, soft hyphen, word joiner, BOM. They change nothing a buyer means.
_INVISIBLE = re.compile(
    "[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
)
# Arabic short vowels, shadda, sukun, superscript alef and tatweel: optional in writing.
_ARABIC_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_ARABIC_LETTERS = str.maketrans(
    {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي"}
)
_ARABIC_PREFIXES = ("وال", "بال", "لل", "ال")
DEVANAGARI = re.compile("[\u0900-\u097f]")
ARABIC = re.compile("[\u0600-\u06ff]")
_DEVANAGARI_CONSONANT = re.compile("[\u0915-\u0939\u0958-\u095f]$")
# Python's \w leaves out the vowel signs of Indic scripts (category Mc/Mn), which would cut
# "हल्दी" into pieces; a token is letters and digits plus these marks.
TOKEN = re.compile("(?:[^\\W_]|[\u0900-\u0903\u093a-\u094f\u0951-\u0957\u0962\u0963])+")
MAX_ALTERNATIVES = 12


def normalise(text: str) -> str:
    """One spelling of what the buyer typed: NFKC, lower case, invisible marks gone, Latin
    accents stripped ("Chanderī" → "chanderi"), Arabic letter variants and vowel marks
    unified. Indic vowel signs and viramas are kept (they carry the word)."""
    text = unicodedata.normalize("NFKC", _INVISIBLE.sub("", text)).lower()
    text = _ARABIC_MARKS.sub("", text).translate(_ARABIC_LETTERS)
    out = []
    for ch in unicodedata.normalize("NFD", text):
        # Combining marks over Latin/Greek/Cyrillic letters are accents; others are letters.
        if unicodedata.combining(ch) and (not out or out[-1] < "\u0370"):
            continue
        out.append(ch)
    return unicodedata.normalize("NFC", "".join(out))


def tokens(text: str) -> list[str]:
    return TOKEN.findall(normalise(text))


def script_language(word: str) -> str | None:
    if DEVANAGARI.search(word):
        return "hi"
    if ARABIC.search(word):
        return "ar"
    return None


# A Snowball stemmer keeps the word it is working on in the object: two threads stemming
# with one stemmer corrupt each other's word (an IndexError inside the stemmer: a 500 on
# /search/ when two gunicorn threads of one worker built the word tables at once). Each
# thread gets its own.
_stemmers = threading.local()


def _stemmer(language: str):
    held = getattr(_stemmers, "by_language", None)
    if held is None:
        held = _stemmers.by_language = {}
    if language not in held:
        held[language] = snowballstemmer.stemmer(SNOWBALL[language])
    return held[language]


# A word's stem never changes, and the same few thousand words are stemmed again and again:
# the GI word table (search.analysis._gi_words) stems 3,500 words of GI names (1,100
# distinct) each time it is rebuilt, three quarters of a search's time once the caches are
# empty. Remembered per process (a few MB at most), it is a dictionary lookup after the first.
@lru_cache(maxsize=65536)
def stem(word: str, language: str) -> str:
    stemmed = _stemmer(language).stemWord(word)
    if language == "ar":
        stemmed = strip_arabic_article(stemmed)
    return stemmed


def strip_arabic_article(word: str) -> str:
    for prefix in _ARABIC_PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= 2:
            return word[len(prefix) :]
    return word


def stem_text(text: str, language: str) -> str:
    """A translation as indexed: its tokens and their stems in its own language."""
    if language not in SNOWBALL:
        return " ".join(tokens(text))
    out = []
    for token in tokens(text):
        out.append(token)
        stemmed = stem(token, language)
        if stemmed != token:
            out.append(stemmed)
    return " ".join(out)


def romanise(word: str) -> str:
    """Devanagari → plain Latin letters (ITRANS, lengths and retroflex dots dropped, the
    inherent vowel of a final consonant not spoken: "केसर" → "kesar")."""
    latin = sanscript.transliterate(word, sanscript.DEVANAGARI, sanscript.ITRANS)
    latin = latin.replace("M", "n").replace("~N", "n").lower()
    latin = re.sub(r"[^a-z]", "", latin)
    if _DEVANAGARI_CONSONANT.search(word) and latin.endswith("a") and len(latin) > 2:
        latin = latin[:-1]
    return latin


_KEY_STEPS = (
    (re.compile(r"(?<=[kgcjtdpbs])h"), ""),  # aspirates and sh/ch: kh→k, sh→s
    (re.compile(r"ee|ii|ey|y"), "i"),
    (re.compile(r"oo|uu|ou"), "u"),
    (re.compile(r"w"), "v"),
    (re.compile(r"z"), "j"),
    (re.compile(r"q"), "k"),
    (re.compile(r"(?<=.)[ae]"), ""),  # the schwa and short e, spelt every way, or not at all
    (re.compile(r"(.)\1+"), r"\1"),
)


def phonetic_key(word: str) -> str:
    """A loose key under which Indian names spelt different ways meet: "darjeeling",
    "darjiling" and "दार्जिलिंग" (romanised) share one. Only used against a closed list of
    names and vocabulary, never against free catalogue text."""
    key = word.lower()
    for pattern, repl in _KEY_STEPS:
        key = pattern.sub(repl, key)
    return key


def _cells(value: str) -> list[str]:
    return [part.strip() for part in (value or "").split(";") if part.strip()]


@lru_cache(maxsize=1)
def vocabulary() -> dict:
    """{"forms": {(lang, form): english words}, "stems": {(lang, stem): ...},
    "keys": {phonetic key: english words}} from the vocabulary and the GI/district data."""
    forms: dict[tuple[str, str], set[str]] = {}
    stems: dict[tuple[str, str], set[str]] = {}
    keys: dict[str, set[str]] = {}
    with VOCABULARY_FILE.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            english = {t for cell in _cells(row["en"]) for t in tokens(cell)}
            for language in ("en", "fr", "es", "hi", "ar"):
                for cell in _cells(row[language]):
                    for token in tokens(cell):
                        forms.setdefault((language, token), set()).update(english)
                        stems.setdefault((language, stem(token, language)), set()).update(english)
            for cell in _cells(row["hi_latn"]):
                for token in tokens(cell):
                    forms.setdefault(("hi", token), set()).update(english)
                    keys.setdefault(phonetic_key(token), set()).update(english)
    # Names and spellings of synonyms.txt ("rasgulla, rasogolla") answer romanisations too.
    for line in (DATA / "synonyms.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            for token in tokens(line):
                if len(token) >= 4:
                    keys.setdefault(phonetic_key(token), set()).add(token)
    for latin, native in _place_names():
        latin_words = tokens(latin)
        for word in latin_words:
            if len(word) >= 4:
                keys.setdefault(phonetic_key(word), set()).add(word)
        for language, name in native:
            for token in tokens(name):
                forms.setdefault((language, token), set()).update(latin_words)
    return {"forms": forms, "stems": stems, "keys": keys}


def _place_names() -> list[tuple[str, list[tuple[str, str]]]]:
    """(Latin name, [(language, native-script name)]) for every GI and district."""
    base = Path(settings.BASE_DIR)
    out = []
    sources = (
        (base / "catalogue" / "data" / "gi_products.csv", ("name", "alt_names")),
        (base / "regions" / "data" / "districts.csv", ("district", "previous_names")),
        # Hindi district names (column name_hi) from an attributed package list.
        (base / "regions" / "data" / "district_names_hi.csv", ("district",)),
    )
    for path, columns in sources:
        with path.open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                latin = " ".join(re.sub(r"\(.*?\)", " ", row[c] or "") for c in columns)
                native = [
                    (lang, row[f"name_{lang}"]) for lang in ("hi", "ar") if row.get(f"name_{lang}")
                ]
                out.append((latin, native))
    return out


def expand(word: str, language: str = "en", *, known: bool = True) -> set[str]:
    """English (or Latin-name) words that `word` stands for, the buyer's language first.

    `known`: the word is already in the catalogue's vocabulary, so a Latin word is not
    looked up by its phonetic key (that is for words the catalogue does not have).
    """
    table = vocabulary()
    script = script_language(word)
    # English words are the catalogue's own (synonyms.txt covers them); a word the catalogue
    # knows is read as English unless the buyer's language is another.
    if script:
        languages = [script]
    elif known and language == "en":
        languages = []
    else:
        others = [x for x in LANGUAGES if x not in ("en", language)]
        languages = ([language] if language != "en" else []) + others
    found: set[str] = set()
    for lang in languages:
        found |= table["forms"].get((lang, word), set())
        if not found and lang in SNOWBALL:
            found |= table["stems"].get((lang, stem(word, lang)), set())
        if found:
            break
    if script == "hi":
        latin = romanise(word)
        if latin:
            found.add(latin)
            found |= _by_key(latin)
    elif not script and not known and word.isascii() and word.isalpha():
        found |= _by_key(word)
    if script == "ar":
        bare = strip_arabic_article(word)
        if bare != word:
            found |= {bare} | table["forms"].get(("ar", bare), set())
    found.discard(word)
    return set(sorted(found)[:MAX_ALTERNATIVES])


def is_word_of(word: str, language: str) -> bool:
    """Whether the vocabulary has `word` in `language` (never for English)."""
    return language != "en" and (language, word) in vocabulary()["forms"]


def _by_key(latin: str) -> set[str]:
    key = phonetic_key(latin)
    # Short keys ("sl" for "shal") would meet unrelated names.
    if len(latin) < 4 or len(key) < 3:
        return set()
    return vocabulary()["keys"].get(key, set())


def query_stem(word: str, language: str) -> str | None:
    """The stem under which translations in `language` (or the word's script) are indexed."""
    lang = script_language(word) or language
    if lang == "en" or lang not in SNOWBALL:
        return None
    stemmed = stem(word, lang)
    return stemmed if stemmed != word else None


def synonym_lines(language: str) -> list[str]:
    """Solr-format lines for one language's Elasticsearch synonym filter: each vocabulary
    row's words in that language with their English words ("jouet, jouets, toy, toys")."""
    column = "hi_latn" if language == "hi_latn" else language
    lines = set()
    with VOCABULARY_FILE.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            words = {t for cell in _cells(row[column]) for t in tokens(cell)}
            words |= {t for cell in _cells(row["en"]) for t in tokens(cell)}
            if language == "hi":
                words |= {t for cell in _cells(row["hi_latn"]) for t in tokens(cell)}
            if len(words) > 1:
                lines.add(", ".join(sorted(words)))
    return sorted(lines)
