"""Issue 17 item 12: a buying request fills "My enquiries" with one row, not one identical row
per matched seller; the district storefront's button starts a buying request for the
district instead of making the buyer pick one seller."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from marketplace.models import BuyingRequest, Enquiry
from marketplace.services import rfq_create
from tests.factories import (
    BuyerCompanyFactory,
    CategoryFactory,
    DistrictFactory,
    ProductFactory,
    SellerMembershipFactory,
)
from tests.factories.marketplace import EnquiryFactory


def _rfq(buyer, district, title="Hand-block printed cushion covers"):
    return rfq_create(
        buyer=buyer,
        title=title,
        description="Four hundred covers in natural dyes, boxed in tens.",
        quantity=400,
        unit="piece",
        destination_country="FR",
        district=district,
    )


def _inbox(client, **params) -> str:
    response = client.get(reverse("marketplace:inbox"), params)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
def test_a_buying_request_is_one_row_with_its_sellers_replies_and_quotes(client):
    buyer = BuyerCompanyFactory().user
    district = DistrictFactory()
    for _ in range(8):
        ProductFactory(seller__district=district)
    rfq = _rfq(buyer, district)
    assert rfq.enquiries.count() == 8
    replied, quoted = rfq.enquiries.order_by("pk")[:2]
    Enquiry.objects.filter(pk__in=[replied.pk, quoted.pk]).update(first_response_at=rfq.created_at)
    Enquiry.objects.filter(pk=quoted.pk).update(status="quoted")
    single = EnquiryFactory(buyer=buyer, subject="Brass lamps")
    client.force_login(buyer)

    html = _inbox(client)
    assert html.count("Hand-block printed cushion covers") == 1
    assert len(re.findall(r'data-testid="rfq-row"', html)) == 1
    assert f'href="{rfq.get_absolute_url()}"' in html
    assert "Sent to 8 sellers" in html
    assert "2 replied, 1 quoted" in html
    # a single enquiry keeps its own row, with its seller
    assert f'href="{single.get_absolute_url()}">Brass lamps</a>' in html
    assert single.seller.name in html
    # the request's page lists each seller's enquiry
    page = client.get(rfq.get_absolute_url()).content.decode()
    for enquiry in rfq.enquiries.select_related("seller"):
        assert enquiry.seller.name in page


@pytest.mark.django_db
def test_status_filter_shows_a_request_when_one_of_its_enquiries_has_the_status(client):
    buyer = BuyerCompanyFactory().user
    district = DistrictFactory()
    ProductFactory.create_batch(3, seller__district=district)
    rfq = _rfq(buyer, district)
    client.force_login(buyer)
    assert "Hand-block printed" not in _inbox(client, status="quoted")
    Enquiry.objects.filter(pk=rfq.enquiries.first().pk).update(status="quoted")
    quoted = _inbox(client, status="quoted")
    assert "Hand-block printed" in quoted and "Sent to 3 sellers" in quoted
    assert "Hand-block printed" not in _inbox(client, status="closed")


@pytest.mark.django_db
def test_a_seller_still_sees_each_enquiry_of_a_request_in_their_inbox(client):
    buyer = BuyerCompanyFactory().user
    product = ProductFactory()
    owner = SellerMembershipFactory(seller=product.seller).user
    _rfq(buyer, product.seller.district)
    client.force_login(owner)
    html = _inbox(client)
    assert "Hand-block printed cushion covers" in html and "rfq-row" not in html


def _build(buyer, size: int):
    district = DistrictFactory()
    products = [ProductFactory(seller__district=district) for _ in range(2)]
    for n in range(size):
        rfq = BuyingRequest.objects.create(
            buyer=buyer,
            title=f"Request {n}",
            description="x" * 30,
            quantity=1,
            destination_country="FR",
            district=district,
        )
        for product in products:
            EnquiryFactory(buyer=buyer, product=product, rfq=rfq)
    EnquiryFactory.create_batch(size, buyer=buyer, product=products[0])


@pytest.mark.django_db
def test_my_enquiries_runs_a_fixed_number_of_queries(client):
    counts = []
    for size in (1, 50):
        buyer = BuyerCompanyFactory().user
        _build(buyer, size)
        client.force_login(buyer)
        _inbox(client)  # warm the session and caches
        with CaptureQueriesContext(connection) as queries:
            html = _inbox(client)
        assert html.count('data-testid="rfq-row"') == size
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


@pytest.mark.django_db
def test_the_request_form_is_prefilled_from_the_link_in_the_readers_language(client):
    district = DistrictFactory(name="Darjeeling", slug="darjeeling")
    category = CategoryFactory()
    client.force_login(BuyerCompanyFactory().user)
    with translation.override("fr"):
        url = reverse("marketplace:rfq_new")
    assert url.startswith("/fr/")
    form = client.get(url, {"district": "darjeeling", "category": category.slug})
    assert form.status_code == 200
    initial = form.context["form"].initial
    assert (initial["district"], initial["category"]) == (district, category)
    html = form.content.decode()
    assert re.search(rf'<option value="{district.pk}" selected>', html)
    assert re.search(rf'<option value="{category.pk}" selected>', html)
    # an unknown place is left out, not a 404: the buyer can still choose
    unknown = client.get(url, {"district": "atlantis"})
    assert unknown.status_code == 200 and "district" not in unknown.context["form"].initial


def _dashboard(client) -> str:
    response = client.get(reverse("marketplace:dashboard"))
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
def test_the_dashboards_card_shows_a_buying_request_as_one_row_with_its_next_action(client):
    from tests.factories.marketplace import QuotationFactory

    buyer = BuyerCompanyFactory().user
    district = DistrictFactory()
    ProductFactory.create_batch(8, seller__district=district)
    rfq = _rfq(buyer, district)
    single = EnquiryFactory(buyer=buyer, subject="Brass lamps")
    client.force_login(buyer)

    html = _dashboard(client)
    card = html[html.index('data-testid="buyer-enquiries"') :]
    card = card[: card.index("</ul>")]
    assert card.count("Hand-block printed cushion covers") == 1
    assert card.count('data-testid="rfq-row"') == 1
    assert "Sent to 8 sellers" in card and "0 replied, 0 quoted" in card
    assert "Wait for the sellers&#x27; quotations" in card
    assert f'href="{single.get_absolute_url()}">Brass lamps</a>' in card
    # Nothing to decide yet: no next action points at the request.
    assert (
        rfq.get_absolute_url()
        not in html.split('data-testid="next-actions"')[1].split("</section>")[0]
    )

    # One seller quotes: the row and the next actions send the buyer to compare the quotes.
    enquiry = rfq.enquiries.order_by("pk").first()
    QuotationFactory(enquiry=enquiry)
    Enquiry.objects.filter(pk=enquiry.pk).update(status="quoted", first_response_at=rfq.created_at)
    html = _dashboard(client)
    card = html[html.index('data-testid="buyer-enquiries"') :]
    card = card[: card.index("</ul>")]
    assert "1 replied, 1 quoted" in card
    assert "Compare the quotes and accept the best one" in card
    actions = html.split('data-testid="next-actions"')[1].split("</section>")[0]
    assert (
        f'<a href="{rfq.get_absolute_url()}">Compare the quotes and accept the best one: '
        "Hand-block printed cushion covers</a>" in actions
    )
    # ...and that page leads to the seller's quotation to accept it.
    page = client.get(rfq.get_absolute_url()).content.decode()
    assert f'href="{enquiry.get_absolute_url()}#quotation">Review and accept</a>' in page


@pytest.mark.django_db
def test_an_expired_quote_of_a_request_is_not_a_next_action(client):
    import datetime as dt

    from django.utils import timezone

    from tests.factories.marketplace import QuotationFactory

    buyer = BuyerCompanyFactory().user
    district = DistrictFactory()
    ProductFactory.create_batch(2, seller__district=district)
    rfq = _rfq(buyer, district)
    for enquiry in rfq.enquiries.all():
        QuotationFactory(enquiry=enquiry, valid_until=timezone.localdate() - dt.timedelta(days=1))
    rfq.enquiries.update(status="quoted")
    client.force_login(buyer)
    html = _dashboard(client)
    assert "Compare the quotes" not in html
    assert "2 replied, 2 quoted" not in html  # first_response_at is unset here
    assert "Nothing to do" in html


@pytest.mark.django_db
def test_the_dashboard_runs_a_fixed_number_of_queries_for_grouped_requests(client):
    counts = []
    for size in (1, 20):
        buyer = BuyerCompanyFactory().user
        _build(buyer, size)
        client.force_login(buyer)
        _dashboard(client)  # warm the session and caches
        with CaptureQueriesContext(connection) as queries:
            html = _dashboard(client)
        card = html[html.index('data-testid="buyer-enquiries"') :]
        card = card[: card.index("</ul>")]
        # each request is one row beside the single enquiries, ten rows at most
        assert card.count("<li") == min(2 * size, 10)
        assert card.count("Request 0") <= 1
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
