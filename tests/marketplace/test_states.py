import pytest
from django.core import mail

from marketplace.models import Order, OrderEvent
from marketplace.services import order_transition
from marketplace.states import ORDER_TRANSITIONS, IllegalTransition, OrderStatus
from tests.factories.marketplace import make_trade

ALL = [choice for choice, _ in Order.Status.choices]
LEGAL = [(a, b) for a in ALL for b in ALL if b in ORDER_TRANSITIONS[a]]
ILLEGAL = [(a, b) for a in ALL for b in ALL if b not in ORDER_TRANSITIONS[a]]


def test_the_models_statuses_are_the_state_machines_own():
    # One definition: the models' choices are marketplace.states' classes, not copies.
    from marketplace.models import Enquiry, Quotation
    from marketplace.states import EnquiryStatus, QuoteStatus

    assert Order.Status is OrderStatus
    assert Enquiry.Status is EnquiryStatus and Quotation.Status is QuoteStatus
    assert Order._meta.get_field("status").choices == OrderStatus.choices


def test_every_status_has_an_entry():
    assert set(ORDER_TRANSITIONS) == set(ALL)
    for targets in ORDER_TRANSITIONS.values():
        assert set(targets) <= set(ALL)
    assert len(ILLEGAL) > 40  # the table is mostly "no"


@pytest.mark.django_db
def test_every_illegal_order_transition_raises_and_changes_nothing():
    _, _, order = make_trade()
    for current, to in ILLEGAL:
        Order.objects.filter(pk=order.pk).update(status=current)
        order.refresh_from_db()
        events_before = order.events.count()
        with pytest.raises(IllegalTransition):
            order_transition(order=order, to=to)
        order.refresh_from_db()
        assert order.status == current, (current, to)
        assert order.events.count() == events_before, (current, to)


@pytest.mark.django_db
def test_every_legal_order_transition_records_an_event_and_emails_both_sides(
    django_capture_on_commit_callbacks,
):
    seller_user, buyer, order = make_trade()
    for current, to in LEGAL:
        Order.objects.filter(pk=order.pk).update(status=current)
        order.refresh_from_db()
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            order_transition(order=order, to=to, note="because")
        order.refresh_from_db()
        assert order.status == to
        event = OrderEvent.objects.filter(order=order).order_by("-id").first()
        assert (event.from_status, event.to_status, event.note) == (current, to, "because")
        assert {m.to[0] for m in mail.outbox} == {buyer.email, seller_user.email}
        assert order.number in mail.outbox[0].subject
        assert f"/orders/{order.number}/" in mail.outbox[0].body


@pytest.mark.django_db
def test_party_restrictions():
    _, buyer, order = make_trade()
    with pytest.raises(IllegalTransition):
        order_transition(order=order, to=OrderStatus.PAID, by=buyer, party="buyer")
    order_transition(order=order, to=OrderStatus.PAID)
    with pytest.raises(IllegalTransition):
        order_transition(order=order, to=OrderStatus.IN_PRODUCTION, by=buyer, party="buyer")


@pytest.mark.django_db
def test_order_number_is_human_and_terms_are_frozen():
    _, _, order = make_trade()
    assert order.number == f"DEH-{order.pk:06d}"
    assert order.status == OrderStatus.AWAITING_PAYMENT
    assert order.terms_snapshot["total"] == str(order.total)
    assert order.lines.count() == 1
