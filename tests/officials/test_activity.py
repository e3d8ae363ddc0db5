"""Platform activity of a district (dashboards): counts per month, the funnel, paid value,
median response time; and the number of queries does not grow with the activity."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from cms.officials.selectors import platform_activity
from marketplace.models import Enquiry, Order
from marketplace.services import quote_accept, sample_order_create
from marketplace.states import OrderStatus
from tests.factories import ProductFactory, SellerFactory
from tests.factories.marketplace import EnquiryFactory, QuotationFactory


def trade(district, *, quoted=True, ordered=False, sample=False, paid=False, response_hours=None):
    product = ProductFactory(seller=SellerFactory(district=district))
    if not quoted:
        enquiry = EnquiryFactory(product=product)
    else:
        quote = QuotationFactory(
            enquiry__product=product,
            sample_offered=sample,
            sample_price=Decimal("40.00") if sample else None,
        )
        enquiry = quote.enquiry
        if sample:
            sample_order_create(quotation=quote, by=enquiry.buyer)
        if ordered:
            order = quote_accept(quotation=quote, by=enquiry.buyer)
            if paid:
                Order.objects.filter(pk=order.pk).update(status=OrderStatus.PAID)
    if response_hours is not None:
        Enquiry.objects.filter(pk=enquiry.pk).update(
            first_response_at=enquiry.created_at + dt.timedelta(hours=response_hours)
        )
    return enquiry


def test_activity_counts_funnel_paid_value_and_response_time(varanasi_page, agra_page):
    varanasi, agra = varanasi_page.district, agra_page.district
    trade(varanasi, quoted=False, response_hours=2)
    trade(varanasi, quoted=True, response_hours=4)
    trade(varanasi, quoted=True, ordered=True, sample=True, paid=True, response_hours=9)
    trade(agra, quoted=True, ordered=True)  # another district: not counted

    activity = platform_activity(district_ids=[varanasi.pk])

    this_month = timezone.localdate().replace(day=1)
    assert activity.months[-1] == this_month and len(activity.months) == 12
    assert activity.enquiries == {this_month: 3}
    assert activity.quotes == {this_month: 2}
    # The sample order is not an order of the funnel or of the orders line.
    assert activity.orders == {this_month: 1}
    assert activity.funnel == (3, 2, 1)
    assert activity.paid_by_currency == {"USD": {this_month: Decimal("1200.00")}}
    assert activity.median_response_hours == 4.0
    assert activity.published_listings == 3


def test_activity_query_count_is_flat(varanasi_page, django_assert_num_queries):
    district = varanasi_page.district
    trade(district, ordered=True, paid=True)
    with django_assert_num_queries(8):
        platform_activity(district_ids=[district.pk])
    for _ in range(5):
        trade(district, ordered=True, sample=True, response_hours=1)
    with django_assert_num_queries(8):
        activity = platform_activity(district_ids=[district.pk])
    assert activity.funnel == (6, 6, 6)
