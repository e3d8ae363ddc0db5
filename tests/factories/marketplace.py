"""Factories for the trade flow (enquiries, quotations, orders)."""

import datetime as dt
from decimal import Decimal

import factory
from django.utils import timezone

from marketplace.models import Enquiry, Quotation, QuoteLine
from marketplace.services import quote_accept
from tests.factories import ProductFactory, SellerMembershipFactory, UserFactory


class EnquiryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enquiry

    buyer = factory.SubFactory(UserFactory)
    product = factory.SubFactory(ProductFactory)
    seller = factory.SelfAttribute("product.seller")
    subject = factory.SelfAttribute("product.name")
    quantity = 100
    unit = "piece"
    destination_country = "DE"
    destination_port = "Hamburg"
    incoterm = "FOB"


class QuotationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Quotation
        skip_postgeneration_save = True

    enquiry = factory.SubFactory(EnquiryFactory, status="quoted")
    currency = "USD"
    incoterm = "FOB"
    port = "Nhava Sheva"
    lead_time_days = 30
    valid_until = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=14))
    payment_terms = "card"
    total = Decimal("1200.00")

    @factory.post_generation
    def lines(obj, create, extracted, **kwargs):
        if create:
            QuoteLine.objects.create(
                quotation=obj,
                product=obj.enquiry.product,
                description=obj.enquiry.subject,
                quantity=100,
                unit_price=Decimal("12.00"),
            )


def make_trade(**quote_kwargs):
    """A seller (with an owner user), a buyer and an accepted quotation's order."""
    owner = SellerMembershipFactory()
    product = ProductFactory(seller=owner.seller)
    quote = QuotationFactory(enquiry__product=product, **quote_kwargs)
    order = quote_accept(quotation=quote, by=quote.enquiry.buyer)
    return owner.user, quote.enquiry.buyer, order
