"""Interface catalogs, per-locale formatting, RTL, translation fallbacks, Wagtail locales."""

from pathlib import Path

import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from django.conf import settings
from django.utils import translation
from wagtail.models import Locale

from catalogue.models import ProductTranslation
from catalogue.translations import localized_product, localized_seller
from cms.i18n import ensure_locales, translate_page, translation_parents_ensure
from sellers.models import SellerTranslation
from tests.factories import DistrictFactory, ProductFactory, SellerFactory, StateFactory
from tests.factories.cms import make_district_page, make_state_page

LOCALE_DIR = Path(settings.BASE_DIR) / "locale"
LANGS = ["hi", "fr", "es", "ar"]
MUST_TRANSLATE = [
    "Search",
    "Sign in",
    "Send enquiry",
    "Minimum order",
    "Unit price",
    "Currency",
    "Language",
    "Price on request",
    "Products",
    "Trade terms",
    "Our story",
    "Send an enquiry to this district's exporters",
    "≈ {amount}, rate of {date}",
]


@pytest.mark.parametrize("lang", LANGS)
def test_catalog_is_compiled_and_current(lang):
    """The committed .mo matches its .po (a fresh clone needs no gettext tools)."""
    folder = LOCALE_DIR / lang / "LC_MESSAGES"
    with open(folder / "django.po", "rb") as po_file:
        po = read_po(po_file)
    with open(folder / "django.mo", "rb") as mo_file:
        mo = read_mo(mo_file)
    translated = {
        m.id: m.string
        for m in po
        if m.id and not m.fuzzy and (all(m.string) if isinstance(m.string, tuple) else m.string)
    }
    compiled = {
        tuple(m.id) if isinstance(m.id, list | tuple) else m.id: tuple(m.string)
        if isinstance(m.string, list | tuple)
        else m.string
        for m in mo
        if m.id
    }
    # Every translation in the .po is in the .mo, unchanged (Babel fills untranslated plural
    # forms with the English ones, so the .mo may hold a few more entries).
    assert {k: v for k, v in compiled.items() if k in translated} == translated
    assert "Machine-aided" in (folder / "django.po").read_text()


@pytest.mark.parametrize("lang", LANGS)
def test_key_strings_are_translated(lang):
    with translation.override(lang):
        for text in MUST_TRANSLATE:
            assert translation.gettext(text) != text, (lang, text)


def test_placeholders_survive_translation():
    for lang in LANGS:
        with open(LOCALE_DIR / lang / "LC_MESSAGES" / "django.po", "rb") as fh:
            for message in read_po(fh):
                if not message.id or not message.string or message.fuzzy:
                    continue
                ids = message.id if isinstance(message.id, tuple) else (message.id,)
                strings = message.string if isinstance(message.string, tuple) else (message.string,)
                import re

                wanted = set(re.findall(r"%\(\w+\)s|\{\w+\}", ids[-1]))
                for s in strings:
                    if s:
                        found = set(re.findall(r"%\(\w+\)s|\{\w+\}", s))
                        assert found <= wanted | set(re.findall(r"%\(\w+\)s", ids[0])), (
                            lang,
                            ids,
                            s,
                        )


@pytest.mark.django_db
def test_arabic_page_is_rtl_and_french_is_translated(client):
    seller = SellerFactory()
    arabic = client.get(f"/ar/sellers/{seller.slug}/").content.decode()
    assert '<html lang="ar" dir="rtl">' in arabic
    assert "ابحث عن المنتجات والبائعين" in arabic  # the search label, translated
    french = client.get(f"/fr/sellers/{seller.slug}/").content.decode()
    assert '<html lang="fr" dir="ltr">' in french
    assert "Rechercher" in french and "Changer de devise" in french


@pytest.mark.django_db
def test_translation_fallback_is_labelled(client):
    product = ProductFactory(name="Banarasi silk saree", description="Woven in Varanasi.")
    ProductTranslation.objects.create(
        product=product,
        language="fr",
        name="Sari en soie de Bénarès",
        description="Tissé à Varanasi.",
    )
    french = localized_product(product, "fr")
    assert (french.name, french.is_original, french.shows_fallback) == (
        "Sari en soie de Bénarès",
        False,
        False,
    )
    spanish = localized_product(product, "es")
    assert (spanish.name, spanish.language, spanish.shows_fallback) == (
        "Banarasi silk saree",
        "en",
        True,
    )
    with translation.override("es"):
        assert spanish.language_name == "inglés"
    english = localized_product(product, "en")
    assert not english.shows_fallback

    seller = SellerFactory(story="Three generations.")
    SellerTranslation.objects.create(seller=seller, language="hi", story="तीन पीढ़ियाँ।")
    assert localized_seller(seller, "hi").description == "तीन पीढ़ियाँ।"
    assert localized_seller(seller, "ar").shows_fallback


@pytest.mark.django_db
def test_localized_product_adds_no_queries_when_prefetched(django_assert_num_queries):
    from catalogue.models import Product
    from catalogue.translations import with_translations

    for p in ProductFactory.create_batch(5):
        ProductTranslation.objects.create(product=p, language="fr", name="x", description="y")
    with django_assert_num_queries(2):
        names = [localized_product(p, "fr").name for p in with_translations(Product.objects.all())]
    assert names == ["x"] * 5


@pytest.mark.django_db
def test_ensure_locales_is_idempotent():
    ensure_locales()
    ensure_locales()
    assert sorted(Locale.objects.values_list("language_code", flat=True)) == sorted(
        code for code, _ in settings.LANGUAGES
    )


@pytest.mark.django_db(transaction=False)
def test_french_storefront_translation_and_fallback_routing(client):
    ensure_locales()
    state_page = make_state_page(state=StateFactory())
    varanasi = make_district_page(
        state_page,
        district=DistrictFactory(state=state_page.state, name="Varanasi", slug="varanasi"),
    )
    agra = make_district_page(
        state_page, district=DistrictFactory(state=state_page.state, name="Agra", slug="agra")
    )
    assert translation_parents_ensure() > 0
    assert translation_parents_ensure() == 0  # idempotent

    french = translate_page(page=varanasi, language="fr")
    assert french.locale.language_code == "fr" and not french.live
    french.title = "Varanasi (Bénarès)"
    french.save_revision().publish()

    response = client.get(f"/fr/{state_page.slug}/varanasi/")
    assert response.status_code == 200
    assert "Varanasi (Bénarès)" in response.content.decode()
    head = response.content.decode().split("</head>")[0]
    assert 'hreflang="fr"' in head and 'hreflang="en"' in head

    # an untranslated storefront still answers under /fr/ (original content, no 404)
    assert client.get(f"/fr/{state_page.slug}/agra/").status_code == 200
    assert agra.live


@pytest.mark.django_db
def test_world_demo_ensure_is_idempotent():
    from cms import services
    from cms.i18n import world_demo_ensure
    from core.models import ExchangeRate
    from tests.factories import DistrictOfficialFactory

    state_page = make_state_page(state=StateFactory())
    district = DistrictFactory(state=state_page.state)
    make_district_page(state_page, district=district)
    official = DistrictOfficialFactory(district=district)
    services.official_grant(official=official.user)

    first = world_demo_ensure()
    assert first["locales"] == 5 and first["aliases"] == 8 and first["groups"] == 1
    assert ExchangeRate.objects.filter(currency="AED").exists()
    assert official.user.has_perm("wagtail_localize.submit_translation")
    assert world_demo_ensure()["aliases"] == 0
