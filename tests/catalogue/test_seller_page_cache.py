"""The seller page keeps its parts under the content version (core/content_cache.py), as the
product page does: a repeat view reads next to nothing, an edit shows on the next request,
and a pending seller's preview for its team is never kept for anyone else."""

import pytest

from catalogue.models import Product
from catalogue.services import product_publish, product_take_down
from sellers.models import Seller
from sellers.services import seller_approve, seller_update
from tests.factories import GIProductFactory, ProductFactory
from tests.factories.catalogue import ProductImageFactory, SellerPhotoFactory

# A repeat anonymous view of an approved seller's page: everything cached, no row read.
WARM_QUERIES = 0


@pytest.fixture
def shop(seller, category):
    SellerPhotoFactory(seller=seller, alt_text="Our looms")
    gi = GIProductFactory(name="Banarasi Brocades and Sarees")
    product = ProductFactory(
        seller=seller,
        category=category,
        name="Katan stole",
        gi=gi,
        gi_authorised_user=True,
        gi_au_status="verified",
    )
    ProductImageFactory(product=product)
    return seller


def test_a_repeat_anonymous_view_reads_no_row(client, shop, django_assert_max_num_queries):
    first = client.get(shop.get_absolute_url())
    assert first.status_code == 200
    with django_assert_max_num_queries(WARM_QUERIES):
        second = client.get(shop.get_absolute_url())
    html = second.content.decode()
    assert "Katan stole" in html and "Banarasi Brocades and Sarees" in html
    assert 'alt="Our looms"' in html and 'property="og:image"' in html


def test_each_page_of_products_is_its_own_fragment(client, seller, category):
    for n in range(30):  # two pages of 24
        ProductFactory(seller=seller, category=category, name=f"Stole {n:02d}")
    url = seller.get_absolute_url()
    first, second = client.get(url).content.decode(), client.get(f"{url}?page=2").content.decode()
    names = lambda html: {f"Stole {n:02d}" for n in range(30) if f"Stole {n:02d}<" in html}  # noqa: E731
    assert len(names(first)) == 24 and len(names(second)) == 6
    assert not names(first) & names(second)
    assert f'<link rel="canonical" href="http://testserver{url}?page=2">' in second
    # Past the last page is the last page (as Paginator.get_page has it), cached as such.
    assert names(client.get(f"{url}?page=99").content.decode()) == names(second)


def test_a_story_edit_shows_on_the_next_request(client, shop, seller_user):
    assert "Threads of old" not in client.get(shop.get_absolute_url()).content.decode()
    seller_update(seller=shop, by=seller_user, fields={"story": "<p>Threads of old</p>"})
    assert Seller.objects.get(pk=shop.pk).status == Seller.Status.APPROVED
    html = client.get(shop.get_absolute_url()).content.decode()
    assert "<p>Threads of old</p>" in html  # the story
    assert 'content="Threads of old"' in html  # the meta description and og:description


def test_a_listing_published_or_taken_down_shows_on_the_next_request(
    client, seller, category, official
):
    draft = ProductFactory(
        seller=seller, category=category, name="Fresh brocade", status=Product.Status.PENDING
    )
    url = seller.get_absolute_url()
    assert "Fresh brocade" not in client.get(url).content.decode()
    product_publish(product=draft, by=official)
    assert "Fresh brocade" in client.get(url).content.decode()
    product_take_down(product=draft, by=official, reason="Counterfeit")
    assert "Fresh brocade" not in client.get(url).content.decode()


def test_a_photo_change_shows_on_the_next_request(client, shop):
    assert 'alt="Weaving shed"' not in client.get(shop.get_absolute_url()).content.decode()
    SellerPhotoFactory(seller=shop, alt_text="Weaving shed")
    assert 'alt="Weaving shed"' in client.get(shop.get_absolute_url()).content.decode()


def test_a_pending_sellers_preview_is_never_served_from_the_cache(
    client, seller, seller_user, other_seller_user
):
    Seller.objects.filter(pk=seller.pk).update(status=Seller.Status.PENDING, story="First draft")
    url = seller.get_absolute_url()
    client.force_login(seller_user)
    for _ in range(2):
        html = client.get(url).content.decode()
        assert "Preview for your team" in html and "First draft" in html
    # Nothing of the preview was kept: a change the content version does not hear (a bulk
    # update) shows to the team at once...
    Seller.objects.filter(pk=seller.pk).update(story="Second draft")
    html = client.get(url).content.decode()
    assert "Second draft" in html and "First draft" not in html
    # ...and anyone else gets a 404, signed in or not.
    client.logout()
    assert client.get(url).status_code == 404
    client.force_login(other_seller_user)
    assert client.get(url).status_code == 404


def test_an_approval_reaches_the_cached_404(client, seller, official):
    Seller.objects.filter(pk=seller.pk).update(status=Seller.Status.PENDING)
    assert client.get(seller.get_absolute_url()).status_code == 404
    seller_approve(seller=Seller.objects.get(pk=seller.pk), by=official)
    html = client.get(seller.get_absolute_url()).content.decode()
    assert "Preview for your team" not in html and "Send enquiry" in html
