"""The demo's Varanasi translations (cms/demo_translations): loaded through wagtail-localize,
shown under /hi/, /fr/, /es/, /ar/, marked as drafts awaiting review in the page and in the
data; untranslated pages keep saying "Original in English"."""

import pytest
from wagtail.models import Locale
from wagtail_localize.models import StringTranslation

from cms import demo_translations
from cms.i18n import ensure_locales, translation_parents_ensure, translation_review
from cms.officials.demo import _action_plan, _glance_block
from tests.factories.officials import make_storefront


@pytest.fixture
def translated(db, django_capture_on_commit_callbacks):
    ensure_locales()
    storefront = make_storefront("Varanasi", 187)
    agra = make_storefront("Agra", 118, state_page=storefront.get_parent().specific)
    _action_plan(storefront)
    _glance_block(storefront.specific)
    translation_parents_ensure()
    with django_capture_on_commit_callbacks(execute=True):  # publishing runs on commit
        missing = demo_translations.varanasi_translations_ensure()
    return storefront, agra, missing


def test_every_sentence_of_the_three_pages_has_a_translation_in_each_language(translated):
    _storefront, _agra, missing = translated
    assert missing == {code: [] for code in demo_translations.LANGUAGES}


@pytest.mark.parametrize(
    "language, story_words, plan_words, article_words",
    [
        ("hi", "सदियों से रेशम बुनता", "हर वर्ष 12%", "करघे से विदेशी"),
        ("fr", "tisse la soie depuis des siècles", "de 12 % par an", "du métier à tisser"),
        ("es", "teje seda desde hace siglos", "un 12 % al año", "del telar a los compradores"),
        ("ar", "تنسج فاراناسي الحرير", "بنسبة 12% سنويًا", "من النول إلى المشترين"),
    ],
)
def test_translated_pages_show_their_language_and_say_they_await_review(
    client, translated, language, story_words, plan_words, article_words
):
    storefront, _agra, _missing = translated
    base = f"/{language}/{storefront.get_parent().slug}/varanasi/"

    for url, words in [
        (base, story_words),
        (base + "export-action-plan/", plan_words),
        (base + "banarasi-silk-from-the-loom/", article_words),
    ]:
        response = client.get(url)
        html = response.content.decode()
        assert response.status_code == 200, url
        assert words in html, url
        assert 'class="translation-review"' in html, url
        assert "Original in" not in html.split("<footer")[0], url


def test_the_data_marks_them_machine_aided_until_an_official_confirms_them(translated):
    storefront, _agra, _missing = translated
    french = storefront.get_translation(Locale.objects.get(language_code="fr"))
    strings = StringTranslation.objects.filter(
        context__object_id=storefront.translation_key, locale=french.locale
    )
    assert strings.exists()
    assert set(strings.values_list("translation_type", "tool_name")) == {
        ("machine", demo_translations.TOOL_NAME)
    }
    review = translation_review(french)
    assert review is not None and review.unreviewed == review.total == strings.count()

    strings.update(translation_type=StringTranslation.TRANSLATION_TYPE_MANUAL)
    assert translation_review(french) is None
    assert translation_review(storefront) is None  # the English original is no translation


def test_an_untranslated_storefront_is_labelled_original_in_english(client, translated):
    _storefront, agra, _missing = translated
    html = client.get(f"/fr/{agra.get_parent().slug}/agra/").content.decode()
    assert 'data-original-language="en"' in html  # "Texte original en anglais"
    assert 'class="translation-review"' not in html


def test_loading_twice_changes_nothing(translated, django_capture_on_commit_callbacks):
    count = StringTranslation.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        assert demo_translations.varanasi_translations_ensure() == {
            code: [] for code in demo_translations.LANGUAGES
        }
    assert StringTranslation.objects.count() == count
