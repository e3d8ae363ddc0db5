"""Issue 21: the Hindi seller forms had English labels ("Name:", "Category:", "Description:",
"HS code:") and every category name in English. Categories are data, translated in
catalogue/data/category_names.json; these tests keep every taxonomy category translated and
the rendered Hindi forms free of English labels and options."""

import json
import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import translation

from catalogue.category_names import DATA as NAMES
from catalogue.category_names import category_name
from catalogue.demo_taxonomy import DATA as TAXONOMY
from regions.models import State
from search import facets
from tests.factories import CategoryFactory

LANGUAGES = ("hi", "fr", "es", "ar")
SCRIPT = {"hi": re.compile(r"[\u0900-\u097f]"), "ar": re.compile(r"[\u0600-\u06ff]")}
# Codes and names that stay as they are in every language (locale/README.md).
# Codes (all capitals: HS, GSTIN, IEC, currency codes) and brand names stay as they are in
# every language (locale/README.md).
ALLOWED = re.compile(r"\b([A-Z]{2,6}|Craftmark|Stripe)\b")


def _taxonomy_slugs() -> set[str]:
    data = json.loads(TAXONOMY.read_text(encoding="utf-8"))
    return set(data["top_categories"]) | {kind["slug"] for kind in data["kinds"]}


def test_every_taxonomy_category_has_a_name_in_each_language():
    names = json.loads(NAMES.read_text(encoding="utf-8"))
    names.pop("_comment")
    assert set(names) == _taxonomy_slugs()
    for slug, by_language in names.items():
        for language in LANGUAGES:
            assert by_language.get(language, "").strip(), (slug, language)
            if language in SCRIPT:
                assert SCRIPT[language].search(by_language[language]), (slug, language)


def test_category_name_follows_the_active_language_with_english_fallback():
    with translation.override("hi"):
        assert category_name("textiles", "Textiles") == "वस्त्र"
        assert category_name("not-in-the-data", "Other") == "Other"
    with translation.override("en"):
        assert category_name("textiles", "Textiles") == "Textiles"
    with translation.override("fr"):
        assert category_name("food", "Food") == "Alimentation"


class _Visible(HTMLParser):
    """Text of <label> elements and <option>s (what a reader of the form sees as words)."""

    def __init__(self):
        super().__init__()
        self.depth = 0
        self.texts: list[str] = []
        self._buf: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("label", "option"):
            self.depth += 1
            self._buf = []

    def handle_endtag(self, tag):
        if tag in ("label", "option") and self.depth:
            self.depth -= 1
            self.texts.append(" ".join("".join(self._buf).split()))

    def handle_data(self, data):
        if self.depth:
            self._buf.append(data)


def english_words(html: str) -> list[str]:
    """Labels and options in Latin letters only; state names are proper nouns and may stay."""
    parser = _Visible()
    parser.feed(html)
    places = set(State.objects.values_list("name", flat=True))
    found = []
    for text in parser.texts:
        if text in places:
            continue
        rest = ALLOWED.sub("", text)
        if re.search(r"[A-Za-z]{3,}", rest) and not re.search(r"[^\x00-\x7f]", text):
            found.append(text)
    return found


@pytest.mark.django_db
def test_hindi_listing_form_has_no_english_labels_or_category_names(client, seller_user):
    top = CategoryFactory(name="Textiles", slug="textiles")
    CategoryFactory(name="Silk sarees and fabrics", slug="silk-sarees", parent=top)
    client.force_login(seller_user)
    with translation.override("hi"):
        url = reverse("catalogue:dashboard_listing_create")
    html = client.get(url).content.decode()
    assert "वस्त्र › रेशमी साड़ियाँ और कपड़े" in html
    assert english_words(html) == []


@pytest.mark.django_db
def test_hindi_profile_form_has_no_english_labels(client, seller_user):
    client.force_login(seller_user)
    with translation.override("hi"):
        url = reverse("marketplace:dashboard_profile")
    html = client.get(url).content.decode()
    assert english_words(html) == []


def test_search_category_facet_shows_the_readers_name():
    category = next(f for f in facets.facets() if f.key == "category")
    with translation.override("hi"):
        assert category.label("textiles", "Textiles") == "वस्त्र"
    with translation.override("ar"):
        assert category.label("tea", "Tea") == "شاي"
    with translation.override("en"):
        assert category.label("tea", "Tea") == "Tea"
