from decimal import Decimal

import pytest

from catalogue import services
from catalogue.models import Product
from catalogue.services import InvalidTransition, TierData
from tests.factories import ProductFactory


def test_create_keeps_price_range_in_step_with_tiers(seller, seller_user, category):
    product = services.product_create(
        seller=seller,
        by=seller_user,
        fields={"name": "Stole", "category": category, "description": "d", "moq": 2},
        tiers=[TierData(10, Decimal("90")), TierData(2, Decimal("120.50"))],
    )
    assert (product.price_min_inr, product.price_max_inr) == (Decimal("90"), Decimal("120.50"))
    assert [t.min_quantity for t in product.price_tiers.all()] == [2, 10]
    assert product.hs_chapter_id == category.hs_chapter_id
    assert product.status == Product.Status.PENDING
    services.product_update(
        product=product, by=seller_user, fields={}, tiers=[TierData(1, Decimal("50"))]
    )
    product.refresh_from_db()
    assert product.price_min_inr == product.price_max_inr == Decimal("50")


def test_same_name_gets_a_distinct_slug(seller, seller_user, category):
    fields = {"name": "Stole", "category": category, "description": "d"}
    a = services.product_create(seller=seller, by=seller_user, fields=fields)
    b = services.product_create(seller=seller, by=seller_user, fields=fields)
    c = services.product_create(seller=seller, by=seller_user, fields=fields)
    assert len({a.slug, b.slug, c.slug}) == 3


@pytest.mark.parametrize(
    ("status", "action"),
    [
        ("published", "publish"),
        ("draft", "reject"),
        ("withdrawn", "withdraw"),
        ("published", "reject"),
    ],
)
def test_illegal_transitions_raise(seller, official, status, action):
    product = ProductFactory(seller=seller, status=status)
    call = getattr(services, f"product_{action}")
    kwargs = {"reason": "x"} if action == "reject" else {}
    with pytest.raises(InvalidTransition):
        call(product=product, by=official, **kwargs)
    product.refresh_from_db()
    assert product.status == status


def test_reject_without_reason_is_refused(seller, official):
    product = ProductFactory(seller=seller, status="pending")
    with pytest.raises(ValueError):
        services.product_reject(product=product, by=official, reason="  ")


def test_product_changed_is_sent_after_commit(
    seller, seller_user, category, django_capture_on_commit_callbacks
):
    from catalogue.signals import product_changed

    heard = []

    def listener(sender, product_ids, **kwargs):
        heard.extend(product_ids)

    product_changed.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            product = services.product_create(
                seller=seller,
                by=seller_user,
                fields={"name": "S", "category": category, "description": "d"},
            )
    finally:
        product_changed.disconnect(listener)
    assert product.pk in heard
