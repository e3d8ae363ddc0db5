"""Issue 21's done-when: the seller's Hindi listing and profile forms show no English labels
or options, on a 360 px phone as on a desk."""

import re

import pytest
from django.test import Client

from regions.models import State
from tests.factories import CategoryFactory, DistrictFactory, SellerFactory, SellerMembershipFactory

# Codes (HS, GSTIN, IEC, currency codes) and brand names stay as they are (locale/README.md).
ALLOWED = re.compile(r"\b([A-Z]{2,6}|Craftmark|Stripe)\b")
VISIBLE = """() => [...document.querySelectorAll('main label, main option')]
  .filter(e => e.tagName === 'OPTION' || e.offsetParent !== null)
  .map(e => e.textContent.replace(/\\s+/g, ' ').trim())"""


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("path", ["/hi/dashboard/listings/new/", "/hi/dashboard/profile/"])
def test_hindi_seller_forms_have_no_english_labels(live_server, browser, path):
    district = DistrictFactory(name="Varanasi", slug="varanasi")
    seller = SellerFactory(district=district, name="Kashi Weavers", slug="kashi-weavers")
    user = SellerMembershipFactory(seller=seller).user
    top = CategoryFactory(name="Textiles", slug="textiles")
    CategoryFactory(name="Silk sarees and fabrics", slug="silk-sarees", parent=top)
    client = Client()
    client.force_login(user)
    context = browser.new_context(locale="hi-IN", viewport={"width": 360, "height": 780})
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page = context.new_page()
    page.goto(live_server.url + path)
    texts = page.evaluate(VISIBLE)
    places = set(State.objects.values_list("name", flat=True))
    english = [
        t
        for t in texts
        if t not in places
        and re.search(r"[A-Za-z]{3,}", ALLOWED.sub("", t))
        and not re.search(r"[^\x00-\x7f]", t)
    ]
    page.screenshot(path=f"/tmp/hindi-{path.strip('/').replace('/', '-')}-360.png", full_page=True)
    context.close()
    assert len(texts) > 5, texts
    assert english == []
