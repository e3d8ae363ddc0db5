"""A French and an Arabic buyer walk home -> state -> district -> product -> enquiry by
clicking, and never leave their language (issue 17 item 1: the translated home pages listed
one state, its page no district, and the product page's enquiry button led to the English
form)."""

import re

import pytest
from django.test import Client
from playwright.sync_api import expect

from cms.i18n import ensure_locales, translation_parents_ensure
from tests.factories import BuyerCompanyFactory, DistrictFactory, ProductFactory, StateFactory
from tests.factories.cms import make_district_page, make_home, make_state_page

CHROME = {
    # language: (header search button, state list heading, product page enquiry button)
    "fr": ("Rechercher", "États et territoires de l'Union", "Envoyer une demande"),
    "ar": ("بحث", "الولايات والأقاليم الاتحادية", "أرسل استفسارًا"),
}


@pytest.fixture
def world(transactional_db):
    ensure_locales()  # the five locales, as the demo has them
    home = make_home()
    up = StateFactory()
    wb = StateFactory(iso_code="IN-WB", name="West Bengal", slug="west-bengal", gst_code="19")
    up_page = make_state_page(home, up)
    wb_page = make_state_page(home, wb)
    make_district_page(
        up_page, DistrictFactory(state=up, name="Varanasi", slug="varanasi"), story="<p>Silk.</p>"
    )
    darjeeling = DistrictFactory(state=wb, name="Darjeeling", slug="darjeeling")
    make_district_page(wb_page, darjeeling, story="<p>Tea gardens on the hills.</p>")
    # Only the home page and Uttar Pradesh have a French/Arabic alias (as in the demo, where
    # only states with officials get one); West Bengal has none.
    translation_parents_ensure(pages=[home, up_page])
    product = ProductFactory(
        seller__district=darjeeling, name="Darjeeling first flush tea", slug="first-flush"
    )
    buyer = BuyerCompanyFactory().user
    return {"product": product, "buyer": buyer}


def _signed_in_page(browser, live_server, user):
    client = Client()
    client.force_login(user)
    context = browser.new_context(locale="en-GB")
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    return context, context.new_page()


@pytest.mark.parametrize("language", ["fr", "ar"])
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_home_state_district_product_enquiry_in_the_readers_language(
    live_server, browser, world, language
):
    search_button, states_heading, enquiry_button = CHROME[language]
    prefix = f"{live_server.url}/{language}/"
    context, page = _signed_in_page(browser, live_server, world["buyer"])

    def in_language():
        assert page.url.startswith(prefix), page.url
        expect(page.locator("html")).to_have_attribute("lang", language)
        expect(page.locator(".site-search button")).to_have_text(search_button)
        # the header's links stay in the language too
        expect(page.locator("a.brand")).to_have_attribute("href", f"/{language}/")
        expect(page.locator(".site-search")).to_have_attribute("action", f"/{language}/search/")

    page.goto(prefix)
    in_language()
    expect(page.locator("#states-heading")).to_have_text(states_heading)
    # both states, the one without a translated page too
    expect(page.locator("#states .tile__link")).to_have_count(2)

    page.locator("#states .tile__link", has_text="West Bengal").click()
    in_language()
    assert page.url == f"{prefix}west-bengal/"
    page.locator(".tile__link", has_text="Darjeeling").click()
    in_language()
    assert page.url == f"{prefix}west-bengal/darjeeling/"
    # the official's words are in English, and say so in the reader's language
    expect(page.locator("[data-original-language=en]")).to_have_count(1)
    expect(page.locator("div[lang=en]", has_text="Tea gardens on the hills.")).to_have_count(1)

    page.locator(".product-card a", has_text="Darjeeling first flush tea").click()
    in_language()
    assert page.url == f"{prefix}products/first-flush/"
    page.get_by_role("link", name=enquiry_button).first.click()
    in_language()
    assert re.match(rf"{re.escape(prefix)}enquiries/new/\?product=first-flush$", page.url)
    expect(page.locator("form.trade-form")).to_have_count(1)
    context.close()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_district_button_starts_a_buying_request_to_its_exporters_in_french(
    live_server, browser, world, settings
):
    """Issue 17 item 12: the storefront's button made the buyer pick one seller; it now opens
    a buying request scoped to the district, in French and without JavaScript, which reaches
    each of the district's exporters."""
    settings.ENQUIRY_MIN_FILL_SECONDS = 0  # the fill-time check has its own tests
    tea = world["product"]
    second = ProductFactory(seller__district=tea.seller.district, name="Darjeeling oolong")
    client = Client()
    client.force_login(world["buyer"])
    context = browser.new_context(locale="fr-FR", java_script_enabled=False)
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page = context.new_page()
    prefix = f"{live_server.url}/fr/"

    page.goto(f"{prefix}west-bengal/darjeeling/")
    button = "Envoyer une demande aux exportateurs de ce district"
    page.get_by_role("link", name=button).first.click()
    assert page.url == f"{prefix}rfq/new/?district=darjeeling", page.url
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.get_by_role("heading", level=1)).to_have_text("Publier une demande d'achat")
    expect(page.locator("#id_district option:checked")).to_have_text(re.compile("Darjeeling"))

    page.fill("#id_title", "Thé noir en vrac")
    page.fill("#id_description", "Cinq cents kilos de thé noir, emballage sous vide.")
    page.fill("#id_quantity", "500")
    page.select_option("#id_destination_country", "FR")
    page.get_by_role("button", name="Envoyer aux vendeurs correspondants").click()
    assert re.match(rf"{re.escape(prefix)}rfq/\d+/$", page.url), page.url
    # one enquiry to each of the district's exporters, compared side by side
    for seller in (tea.seller, second.seller):
        expect(page.get_by_role("link", name=seller.name)).to_have_count(1)
    context.close()
