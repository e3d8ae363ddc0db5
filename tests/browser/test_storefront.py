"""Journey: a buyer walks Home → state → district and sees its products; the Varanasi official
signs in to /admin/ and can open Varanasi's storefront for editing but not Agra's."""

import re

import pytest
from playwright.sync_api import expect

from cms.demo import build_site
from cms.models import DistrictPage
from cms.services import official_grant
from tests.factories import DistrictFactory, DistrictOfficialFactory, StateFactory, UserFactory
from tests.factories.cms import make_products

PASSWORD = "correct horse battery"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_buyer_browses_to_a_district_and_official_is_kept_to_theirs(live_server, page):
    state = StateFactory()
    varanasi = DistrictFactory(state=state, name="Varanasi", slug="varanasi")
    agra = DistrictFactory(state=state, name="Agra", slug="agra")
    products = make_products(varanasi, 2)
    make_products(agra, 1)
    official = UserFactory(email="dic-varanasi@example.org")
    DistrictOfficialFactory(user=official, district=varanasi)
    build_site()
    official_grant(official=official)
    varanasi_page = DistrictPage.objects.get(district=varanasi)
    agra_page = DistrictPage.objects.get(district=agra)
    base = live_server.url

    # A buyer browses from the home page to the district.
    page.goto(f"{base}/")
    page.get_by_role("link", name="Uttar Pradesh", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Uttar Pradesh")
    page.get_by_role("link", name="Varanasi", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Varanasi")
    for product in products:
        expect(page.get_by_role("link", name=product.name)).to_be_visible()
    enquiry = page.get_by_role("link", name="Send an enquiry to this district's exporters").first
    expect(enquiry).to_have_attribute("href", re.compile(r"/rfq/new/\?district=varanasi$"))

    # ...then opens a product and, from it, the seller who makes it.
    product = products[0]
    page.get_by_role("link", name=product.name).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(product.name)
    page.locator(f'main a[href="{product.seller.get_absolute_url()}"]').first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(product.seller.name)

    # The official signs in to Wagtail's admin.
    page.goto(f"{base}/admin/login/")
    page.fill('input[name="username"]', official.email)
    page.fill('input[name="password"]', PASSWORD)
    page.press('input[name="password"]', "Enter")
    page.wait_for_url(re.compile(r"/admin/$"))

    # Their own storefront opens in the editor...
    page.goto(f"{base}/admin/pages/{varanasi_page.pk}/edit/")
    expect(page.locator("#id_title")).to_have_value("Varanasi")

    # ...another district's does not.
    page.goto(f"{base}/admin/pages/{agra_page.pk}/edit/")
    assert f"/admin/pages/{agra_page.pk}/edit/" not in page.url
    expect(page.locator("#id_title")).to_have_count(0)
    expect(page.get_by_text("you do not have permission", exact=False).first).to_be_visible()
