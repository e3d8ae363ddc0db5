"""Query analysis shared by every backend: words, synonyms, typo alternatives, did-you-mean.

Engines stem (PostgreSQL's english configuration, FTS5's porter tokenizer, Elasticsearch's
english stemmer); this module decides which words stand for which, so all backends search
for the same thing and the shared contract suite can expect the same results.
"""

from __future__ import annotations

import re
import time
import uuid
from functools import lru_cache
from pathlib import Path

from django.core.cache import cache
from django.db import connection

from search import multilingual
from search.backends.base import TermGroup

MAX_WORDS = 12
MIN_TYPO_LENGTH = 5
STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "for",
        "from",
        "in",
        "into",
        "is",
        "it",
        "of",
        "on",
        "or",
        "the",
        "to",
        "with",
        # French, Spanish, Hindi and Arabic function words ("poupées en bois", "té de
        # Darjeeling", "रेशम की साड़ी", "شاي من الهند"): a word every listing lacks would
        # otherwise empty the every-word match.
        "au",
        "aux",
        "avec",
        "de",
        "del",
        "des",
        "du",
        "el",
        "en",
        "et",
        "la",
        "las",
        "le",
        "les",
        "los",
        "para",
        "por",
        "pour",
        "un",
        "una",
        "une",
        "y",
        "con",
        "का",
        "की",
        "के",
        "और",
        "में",
        "से",
        "को",
        "و",
        "في",
        "من",
        "مع",
        "على",
        "عن",
    ]
)
SYNONYMS_FILE = Path(__file__).parent / "data" / "synonyms.txt"
_ALPHABET = "abcdefghijklmnopqrstuvwxyz"


def fold(text: str) -> str:
    """Lower-case and strip Latin accents so "Chanderī" meets "chanderi" (other scripts keep
    their vowel signs; see search.multilingual.normalise)."""
    return multilingual.normalise(text)


def words(text: str) -> list[str]:
    """The searchable words of `text`: normalised, punctuation and syntax characters dropped.

    Only runs of letters, digits and Indic vowel signs survive, so quotes, operators and
    SQL/Lucene syntax can never reach an engine's query parser.
    """
    return multilingual.tokens(text)


def query_words(text: str, language: str = "en") -> list[str]:
    """The words that count. A stopword of one language can be a product in the buyer's
    ("thé", folded to "the", is tea in French), so the buyer's vocabulary wins."""
    found = [
        w
        for w in words(text)
        if len(w) <= 40 and (w not in STOPWORDS or multilingual.is_word_of(w, language))
    ]
    return found[:MAX_WORDS]


@lru_cache(maxsize=1)
def _file_synonyms() -> dict[str, frozenset[str]]:
    table: dict[str, set[str]] = {}
    for line in SYNONYMS_FILE.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        group = {w for part in line.split(",") for w in words(part)}
        for word in group:
            table.setdefault(word, set()).update(group)
    return {k: frozenset(v) for k, v in table.items()}


def synonym_lines() -> list[str]:
    """Solr-format lines for Elasticsearch's synonym filter (file plus GI alt names)."""
    merged: dict[str, set[str]] = {}
    for word, group in {**_file_synonyms(), **_gi_synonyms()}.items():
        merged.setdefault(word, set()).update(group)
    seen, lines = set(), []
    for group in merged.values():
        key = tuple(sorted(group))
        if len(key) > 1 and key not in seen:
            seen.add(key)
            lines.append(", ".join(key))
    return sorted(lines)


_memo: dict[str, tuple[str, object, float]] = {}
TOKEN_CHECK_SECONDS = 1.0


def _cached_table(name: str, build):
    """A table built from the GI registry, shared through the cache for five minutes.

    The process keeps its own copy, checked against a small token in the cache at most once
    a second: unpickling the whole table from the shared cache for every word of every query
    cost more than the rest of the analysis (docs/benchmarks.md). Saving or deleting a GI
    forgets both (forget_gi_tables, connected in search.signals).
    """
    now = time.monotonic()
    held = _memo.get(name)
    if held is not None and now - held[2] < TOKEN_CHECK_SECONDS:
        return held[1]
    token = cache.get(f"search:{name}:token")
    if token is not None and held is not None and held[0] == token:
        _memo[name] = (token, held[1], now)
        return held[1]
    table = cache.get(f"search:{name}") if token is not None else None
    if table is None:
        table = build()
        token = uuid.uuid4().hex
        cache.set_many({f"search:{name}": table, f"search:{name}:token": token}, 300)
    _memo[name] = (token, table, now)
    return table


def forget_analyses() -> None:
    """Forget the analyses kept in this process (benchmarks of first-time searches)."""
    _analysed.clear()


def forget_gi_tables(**_kwargs) -> None:
    _memo.clear()
    _analysed.clear()
    cache.delete_many(
        [f"search:{n}{t}" for n in ("gi-synonyms", "gi-words") for t in ("", ":token")]
    )


def _gi_synonyms() -> dict[str, frozenset[str]]:
    """Word pairs from GI names and their alt names ("Pochampalli Ikat" / "Pochampally Ikat").

    Names of the same length are aligned word by word; a differing word becomes a synonym.
    Cached briefly: the GI registry changes rarely.
    """
    return _cached_table("gi-synonyms", _build_gi_synonyms)


def _build_gi_synonyms() -> dict[str, frozenset[str]]:
    from catalogue.models import GIProduct

    return _gi_synonyms_of(
        tuple(
            GIProduct.objects.exclude(alt_names="").order_by("pk").values_list("name", "alt_names")
        )
    )


# The GI tables are rebuilt whenever the shared cache lost them (five minutes, a GI edit,
# a cache flush), from the same few hundred rows almost every time. Each table is a pure
# function of the rows just read, so the last one is kept per process for rows that are
# equal: a rebuild then costs its query and a comparison, and rows that changed in any way
# build a new table (never a stale one).
@lru_cache(maxsize=1)
def _gi_synonyms_of(rows: tuple[tuple[str, str], ...]) -> dict[str, frozenset[str]]:
    pairs: dict[str, set[str]] = {}
    for name, alt_names in rows:
        base = words(re.sub(r"\(.*?\)", " ", name))
        for alt in re.split(r"[;,]", alt_names):
            other = words(re.sub(r"\(.*?\)", " ", alt))
            if len(other) != len(base):
                continue
            for a, b in zip(base, other, strict=True):
                if a != b and a not in STOPWORDS and b not in STOPWORDS:
                    pairs.setdefault(a, {a}).add(b)
                    pairs.setdefault(b, {b}).add(a)
    return {k: frozenset(v) for k, v in pairs.items()}


def synonyms(word: str) -> frozenset[str]:
    return _file_synonyms().get(word, frozenset()) | _gi_synonyms().get(word, frozenset())


def edits1(word: str) -> set[str]:
    """Every string one edit (delete, transpose, replace, insert) away from `word`."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = [a + b[1:] for a, b in splits if b]
    transposes = [a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1]
    replaces = [a + c + b[1:] for a, b in splits if b for c in _ALPHABET]
    inserts = [a + c + b for a, b in splits for c in _ALPHABET]
    return set(deletes + transposes + replaces + inserts)


def distance(a: str, b: str) -> int:
    """Damerau-Levenshtein distance (optimal string alignment)."""
    prev2, prev = None, list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
            if prev2 is not None and i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        prev2, prev = prev, cur
    return prev[-1]


def _known(candidates: set[str]) -> set[str]:
    from search.models import SearchTerm

    if not candidates:
        return set()
    return set(SearchTerm.objects.filter(term__in=candidates).values_list("term", flat=True))


# Analyses already made in this process: (index version, GI tables' tokens, language, text)
# → term groups. The vocabulary only changes with the index (a write starts a new version)
# and the GI tables carry their own tokens, so a kept analysis is never older than either; a
# popular query then costs no vocabulary lookup. Bounded: emptied when full.
_analysed: dict[tuple, tuple[TermGroup, ...]] = {}
ANALYSED_MAX = 2048


def analyse_for_index(text: str, language: str, index_version: int) -> tuple[TermGroup, ...]:
    """`analyse`, remembered in this process under the index version."""
    _gi_synonyms(), _gi_words()  # fresh tables (and tokens) for this check
    tokens = tuple(_memo[n][0] if n in _memo else None for n in ("gi-synonyms", "gi-words"))
    key = (index_version, tokens, language, text)
    groups = _analysed.get(key)
    if groups is None:
        groups = analyse(text, language)
        if len(_analysed) >= ANALYSED_MAX:
            _analysed.clear()
        _analysed[key] = groups
    return groups


def analyse(text: str, language: str = "en") -> tuple[TermGroup, ...]:
    """Turn what the buyer typed into term groups (each group: any of its alternatives).

    A word of 5+ letters that the vocabulary does not know also stands for the known words
    one edit away ("darjeling" → "darjeeling"); synonyms and their typo-free forms are added.
    Words of other languages and scripts stand for their English trade words and names
    (search.multilingual), `language` (the buyer's) being tried first, and for their stem
    in that language, under which sellers' translations are indexed.
    """
    found = query_words(text, language)
    if not found:
        return ()
    expanded = {w: {w} | synonyms(w) for w in found}
    known = _known(set(found))
    # Only a word the vocabulary does not know is looked for among its one-edit neighbours
    # (a few hundred strings a word: asked for every word, they made the lookup a tenth of a
    # new search's time).
    typo_candidates: dict[str, set[str]] = {}
    for w in found:
        if w not in known and len(w) >= MIN_TYPO_LENGTH and w.isascii() and w.isalpha():
            typo_candidates[w] = edits1(w)
    if typo_candidates:
        known |= _known({c for cands in typo_candidates.values() for c in cands})
    groups = []
    for w in found:
        alternatives = expanded[w]
        for other in multilingual.expand(w, language, known=w in known):
            alternatives |= {other} | synonyms(other)
        stemmed = multilingual.query_stem(w, language)
        if stemmed:
            alternatives.add(stemmed)
        if w not in known and w in typo_candidates:
            for fix in sorted(typo_candidates[w] & known):
                alternatives |= {fix} | synonyms(fix)
        ordered = (w, *sorted(alternatives - {w}))
        groups.append(TermGroup(word=w, alternatives=ordered))
    return tuple(groups)


def did_you_mean(text: str) -> str | None:
    """A corrected query (each unknown word → its nearest known word within 2 edits)."""
    from search.models import SearchTerm

    found = query_words(text)
    if not found:
        return None
    known = _known(set(found))
    changed, out = False, []
    for w in found:
        if w in known or len(w) < 3 or not w.isalpha():
            out.append(w)
            continue
        if connection.vendor == "postgresql":
            from django.contrib.postgres.search import TrigramSimilarity

            candidates = list(
                SearchTerm.objects.annotate(sim=TrigramSimilarity("term", w))
                .filter(sim__gt=0.2)
                .order_by("-sim")
                .values_list("term", flat=True)[:50]
            )
        else:
            candidates = list(
                SearchTerm.objects.filter(
                    term__startswith=w[0],
                ).values_list("term", flat=True)[:5000]
            ) + list(_known(edits1(w)))
        best = min(
            (c for c in candidates if abs(len(c) - len(w)) <= 2),
            key=lambda c: (distance(c, w), abs(len(c) - len(w)), c),
            default=None,
        )
        if best is not None and distance(best, w) <= 2:
            out.append(best)
            changed = True
        else:
            out.append(w)
    return " ".join(out) if changed else None


def vocabulary(*texts: str) -> set[str]:
    """Words worth remembering for typo fixes (letters only, 3 to 40 characters)."""
    return {w for t in texts for w in words(t) if 3 <= len(w) <= 40 and w.isalpha()}


def _gi_words() -> dict:
    """{"stems": English stem of each word of a GI's name and alt names → GI slugs holding it,
    "sizes": GI slug → number of distinct words in its names}."""
    return _cached_table("gi-words", _build_gi_words)


def _build_gi_words() -> dict:
    from catalogue.models import GIProduct

    return _gi_words_of(
        tuple(GIProduct.objects.order_by("pk").values_list("slug", "name", "alt_names"))
    )


@lru_cache(maxsize=1)  # as _gi_synonyms_of: the table of the rows last read, if equal
def _gi_words_of(rows: tuple[tuple[str, str, str], ...]) -> dict:
    stems: dict[str, set[str]] = {}
    sizes: dict[str, int] = {}
    for slug, name, alt_names in rows:
        found = {multilingual.stem(w, "en") for w in words(name) if w not in STOPWORDS}
        sizes[slug] = len(found) or 1
        for word in words(f"{name} {alt_names}"):
            if word not in STOPWORDS:
                stems.setdefault(multilingual.stem(word, "en"), set()).add(slug)
    return {"stems": {k: frozenset(v) for k, v in stems.items()}, "sizes": sizes}


MAX_PREFERRED_GIS = 40
# Qualities, not products: "organic turmeric" is about turmeric, "té negro" about tea, even
# where fewer GI names hold the quality ("Kadaknath Black Chicken").
ATTRIBUTE_WORDS = frozenset(
    [
        "black",
        "white",
        "red",
        "green",
        "blue",
        "yellow",
        "organic",
        "wild",
        "pure",
        "fresh",
        "natural",
        "handmade",
        "hand",
        "premium",
        "fine",
        "traditional",
        "authentic",
        "best",
        "new",
        "old",
        "small",
        "large",
    ]
)


def specific_gis(groups: tuple[TermGroup, ...]) -> tuple[tuple[str, int], ...]:
    """The GIs whose own name holds the query's most specific word, as (slug, tier) pairs:
    tier 0 for the names most covered by the query, and so on.

    "pashmina shawl": "shawl" is in the names of many GIs, "pashmina" in three, so the word
    that names the product is "pashmina"; of those GIs, "Kashmir Pashmina" (half of its name
    matched) comes before "Pashmina Wool of Ladakh" (a third). "organic turmeric": no GI is
    called organic, several turmeric. Specific = the word in the fewest GI names (at least
    one). One-word queries are left to the usual ranking.
    """
    if len(groups) < 2:
        return ()
    table = _gi_words()
    stems = table["stems"]
    per_group = []
    for group in groups:
        if ATTRIBUTE_WORDS & set(group.alternatives):
            continue
        slugs = frozenset().union(
            *(stems.get(multilingual.stem(alt, "en"), frozenset()) for alt in group.alternatives)
        )
        if slugs:
            per_group.append(slugs)
    if not per_group:
        return ()
    best = min(per_group, key=len)
    if len(best) > MAX_PREFERRED_GIS:
        return ()
    matched = {slug: sum(slug in slugs for slugs in per_group) for slug in best}
    share = {slug: matched[slug] / table["sizes"].get(slug, 1) for slug in best}
    # Equal shares make one tier, inside which the text score decides.
    tiers = {value: tier for tier, value in enumerate(sorted(set(share.values()), reverse=True))}
    return tuple(sorted(((slug, tiers[share[slug]]) for slug in best), key=lambda p: (p[1], p[0])))
