"""Demo translations: Varanasi's storefront, its export action plan and one article in Hindi,
French, Spanish and Arabic, loaded through wagtail-localize's own models. The plan is a page
of cms.officials, which hands it over through DEMO_TRANSLATED_PAGES_HOOK (cms/hooks.py).

The words are ours (written with machine help, then read through), so they are loaded as
*machine* translations (`StringTranslation.translation_type = "machine"`, `tool_name` below):
each page says "Draft translation awaiting review" (cms.i18n.translation_review) until an
official has confirmed every sentence in the translation editor, which makes it "manual".

How they load is how a translator's work loads: the page is submitted for translation
(`translate_page`), its PO file is exported, filled from `<language>.po` here by source text,
imported (`Translation.import_po`) and the translation published (`save_target`). A sentence
of the English pages with no entry in a language's file is reported and left in English;
tests/cms/test_demo_translations.py fails on it.

Idempotent: a page already translated into a language (by anyone) is left alone.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polib
from django.db import transaction
from wagtail import hooks
from wagtail.models import Locale, Page

from cms.hooks import DEMO_TRANSLATED_PAGES_HOOK
from cms.i18n import translate_page

HERE = Path(__file__).resolve().parent
LANGUAGES = ("hi", "fr", "es", "ar")
TOOL_NAME = "DEH demo (machine-aided, awaiting review)"

STORY = (
    "<p>Varanasi, on the Ganga, has woven silk for centuries. Its Banarasi sarees and "
    "brocades, worked with gold and silver zari, carry a Geographical Indication.</p>"
    "<p>The district also makes wooden lacquerware and toys, glass beads and hand-knotted "
    "carpets from the nearby Bhadohi belt. Its weavers and makers list their products here "
    "for buyers abroad.</p>"
)
HERO_CAPTION = "A handloom weaver at work in Varanasi"
ARTICLE = {
    "title": "Banarasi silk: from the loom to buyers abroad",
    "slug": "banarasi-silk-from-the-loom",
    "intro": "How Varanasi helps its silk weavers reach export markets.",
    "body": [
        (
            "rich_text",
            "<p>A Banarasi saree can take a weaver two weeks to a month. Most looms are "
            "family workshops in the old city and the villages around it.</p>"
            "<p>Registration camps help weavers get an Importer-Exporter Code, and buyer-seller "
            "meets bring foreign buyers to the looms.</p>",
        )
    ],
}


def catalog(language: str) -> dict[str, str]:
    """Source text -> translation for `language`, from `<language>.po` beside this file."""
    po = polib.pofile(str(HERE / f"{language}.po"), encoding="utf-8")
    return {entry.msgid: entry.msgstr for entry in po if entry.msgstr}


def varanasi_storefront():
    """The English Varanasi storefront (None when the page tree has none)."""
    from cms.models import DistrictPage

    storefront = DistrictPage.objects.filter(
        district__slug="varanasi", locale=Locale.get_default()
    ).first()
    return storefront.specific if storefront is not None else None


@transaction.atomic
def english_content_ensure() -> list:
    """The English words the translations are of: Varanasi's story, the pages other apps add
    under it (DEMO_TRANSLATED_PAGES_HOOK: cms.officials fills its action plan's summary) and
    an article (each only where missing, so an official's own text is kept). Returns the pages
    to translate, parents first."""
    from cms.models import ArticlePage

    storefront = varanasi_storefront()
    if storefront is None:
        return []
    if not storefront.story:
        storefront.story = STORY
        storefront.hero_caption = storefront.hero_caption or HERO_CAPTION
        storefront.save_revision().publish()
    added = [page for fn in hooks.get_hooks(DEMO_TRANSLATED_PAGES_HOOK) for page in fn(storefront)]
    article = ArticlePage.objects.child_of(storefront).first()
    if article is None:
        article = ArticlePage(
            title=ARTICLE["title"],
            slug=ARTICLE["slug"],
            intro=ARTICLE["intro"],
            date=dt.date(2025, 1, 15),
            body=ARTICLE["body"],
        )
        storefront.add_child(instance=article)
        article.save_revision().publish()
    return [storefront, *added, article]


def translate_from_catalog(page, language: str, words: dict[str, str]) -> list[str]:
    """Translate `page` into `language` with wagtail-localize from `words`; publish it as a
    machine translation awaiting review. Returns the source texts `words` lacks."""
    from wagtail_localize.models import Translation

    locale = Locale.objects.get(language_code=language)
    existing = page.get_translation_or_none(locale)
    if existing is not None and not existing.alias_of_id and existing.live:
        return []
    translate_page(page=page, language=language)
    translation = Translation.objects.get(
        source__object_id=page.translation_key, target_locale=locale
    )
    po = translation.export_po()
    missing = []
    for entry in po:
        entry.msgstr = words.get(entry.msgid, "")
        if not entry.msgstr:
            missing.append(entry.msgid)
    translation.import_po(po, translation_type="machine", tool_name=TOOL_NAME)
    # A draft revision, published here and now: wagtail-localize's own publish waits for the
    # commit with the page object it had, and would then write back that object's stale
    # child count over the plan and article added under it meanwhile.
    translation.save_target(publish=False)
    target = page.get_translation(locale).specific
    target.get_latest_revision().publish()
    return missing


def varanasi_translations_ensure(stdout=None) -> dict[str, list[str]]:
    """English content, then its four translations. Returns the untranslated texts by
    language (empty lists when the catalogs cover every sentence)."""
    # Read again: children were added under them meanwhile (their counts must be current).
    pages = [Page.objects.get(pk=page.pk).specific for page in english_content_ensure()]
    missing: dict[str, list[str]] = {}
    for language in LANGUAGES:
        words = catalog(language)
        missing[language] = []
        for page in pages:
            with transaction.atomic():
                missing[language] += translate_from_catalog(page.specific, language, words)
    if stdout is not None:
        gaps = {code: len(texts) for code, texts in missing.items() if texts}
        stdout.write(
            f"Demo translations: {len(pages)} Varanasi pages in {', '.join(LANGUAGES)}"
            + (f" (untranslated sentences: {gaps})" if gaps else "")
        )
    return missing
