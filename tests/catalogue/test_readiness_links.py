"""The seller's export-readiness page is reachable: from the dashboard, each listing row and
the listing edit page (issue 21, "no dead ends"), and only for the seller's own listings."""

import re

from django.urls import reverse

from tests.factories import ProductFactory, UserFactory

READINESS = reverse("cms:officials:readiness")


def _readiness_hrefs(html: str) -> list[str]:
    return re.findall(r'href="([^"]*)" data-testid="readiness-link"', html)


def test_seller_dashboard_links_to_readiness(client, seller_user):
    client.force_login(seller_user)
    html = client.get(reverse("marketplace:dashboard")).content.decode()
    assert _readiness_hrefs(html) == [READINESS]


def test_buyer_dashboard_has_no_readiness_link(client, db):
    client.force_login(UserFactory())
    html = client.get(reverse("marketplace:dashboard")).content.decode()
    assert _readiness_hrefs(html) == []


def test_each_own_listing_row_links_to_its_readiness_checklist(client, seller, seller_user):
    mine = [ProductFactory(seller=seller), ProductFactory(seller=seller)]
    theirs = ProductFactory()
    client.force_login(seller_user)
    html = client.get(reverse("catalogue:dashboard_listings")).content.decode()
    expected = [f"{READINESS}?seller={seller.pk}#readiness-{p.slug}" for p in mine]
    assert sorted(_readiness_hrefs(html)) == sorted(expected)
    assert theirs.slug not in html
    # The anchor lands on the product's checklist on the readiness page.
    page = client.get(f"{READINESS}?seller={seller.pk}").content.decode()
    for product in mine:
        assert f'id="readiness-{product.slug}"' in page


def test_listing_edit_page_links_to_readiness_only_for_own_listing(client, seller, seller_user):
    product = ProductFactory(seller=seller)
    client.force_login(seller_user)
    html = client.get(reverse("catalogue:dashboard_listing_edit", args=[product.pk])).content
    assert _readiness_hrefs(html.decode()) == [
        f"{READINESS}?seller={seller.pk}#readiness-{product.slug}"
    ]
    other = ProductFactory()
    response = client.get(reverse("catalogue:dashboard_listing_edit", args=[other.pk]))
    assert response.status_code == 404
    assert _readiness_hrefs(response.content.decode()) == []
    # Nor can the link be bent to another seller's readiness page.
    assert client.get(f"{READINESS}?seller={other.seller_id}").status_code == 404
