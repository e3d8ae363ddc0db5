import pytest
from django.core import mail

from marketplace.models import Order, OrderEvent
from marketplace.services import order_transition
from marketplace.states import ORDER_TRANSITIONS, IllegalTransition, OrderStatus
from tests.factories.marketplace import make_trade

ALL = [choice for choice, _ in Order.Status.choices]
LEGAL = [(a, b) for a in ALL for b in ALL if b in ORDER_TRANSITIONS[a]]
ILLEGAL = [(a, b) for a in ALL for b in ALL if b not in ORDER_TRANSITIONS[a]]


def test_every_status_has_an_entry():
    assert set(ORDER_TRANSITIONS) == set(ALL)
    for targets in ORDER_TRANSITIONS.values():
        assert set(targets) <= set(ALL)


@pytest.mark.django_db
@pytest.mark.parametrize(("current", "to"), ILLEGAL)
def test_illegal_order_transitions_raise(current, to):
    _, _, order = make_trade()
    Order.objects.filter(pk=order.pk).update(status=current)
    order.refresh_from_db()
    with pytest.raises(IllegalTransition):
        order_transition(order=order, to=to)
    order.refresh_from_db()
    assert order.status == current
    assert not OrderEvent.objects.filter(order=order, to_status=to).exclude(from_status="").exists()


@pytest.mark.django_db
@pytest.mark.parametrize(("current", "to"), LEGAL)
def test_legal_order_transitions_record_an_event(current, to):
    seller_user, buyer, order = make_trade()
    Order.objects.filter(pk=order.pk).update(status=current)
    mail.outbox.clear()
    order_transition(order=order, to=to, note="because")
    order.refresh_from_db()
    assert order.status == to
    event = order.events.last()
    assert (event.from_status, event.to_status, event.note) == (current, to, "because")
    assert {m.to[0] for m in mail.outbox} == {buyer.email, seller_user.email}


@pytest.mark.django_db
def test_party_restrictions():
    _, buyer, order = make_trade()
    with pytest.raises(IllegalTransition):
        order_transition(order=order, to=OrderStatus.PAID, by=buyer, party="buyer")
    order_transition(order=order, to=OrderStatus.PAID)
    with pytest.raises(IllegalTransition):
        order_transition(order=order, to=OrderStatus.IN_PRODUCTION, by=buyer, party="buyer")


@pytest.mark.django_db
def test_order_number_is_human():
    _, _, order = make_trade()
    assert order.number == f"DEH-{order.pk:06d}"
    assert order.status == OrderStatus.AWAITING_PAYMENT
