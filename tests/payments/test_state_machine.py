"""Property-based: whatever Stripe sends, in whatever order and however often, payment and
order states never go backwards and the money reconciles (paid = captured - refunded)."""

import contextlib

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from marketplace.payments.models import Payment
from marketplace.payments.services import STATUS_RANK, payment_apply
from marketplace.payments.stripe_gateway import PaymentState
from marketplace.services import order_transition
from marketplace.states import ORDER_TRANSITIONS, IllegalTransition
from tests.factories.marketplace import make_trade

AMOUNT = 120000


class PaymentMachine(RuleBasedStateMachine):
    """Stripe's truth evolves (capture, refunds); snapshots of it are delivered late,
    twice, or out of order, mixed with expiry/failure hints, disputes and seller actions."""

    def __init__(self):
        super().__init__()
        _seller, _buyer, self.order = make_trade(payment_terms="card")
        self.payment = Payment.objects.create(
            order=self.order,
            attempt=1,
            currency="USD",
            amount=self.order.total,
            amount_minor=AMOUNT,
            fee_minor=6000,
            status=Payment.Status.OPEN,
            checkout_session_id=f"cs_prop_{self.order.pk}",
        )
        self.captured = 0
        self.refunded = 0
        self.snapshots: list[PaymentState] = []
        self.max_delivered_captured = 0
        self.max_delivered_refunded = 0
        self.last_payment_status = self.payment.status
        self.last_order_status = self.order.status

    def _snapshot(self, status="succeeded"):
        state = PaymentState(
            payment_intent_id="pi_prop",
            status=status,
            amount_minor=AMOUNT,
            currency="USD",
            captured_minor=self.captured,
            refunded_minor=self.refunded,
            charge_id="ch_prop" if self.captured else "",
        )
        self.snapshots.append(state)

    @rule()
    def stripe_captures(self):
        self.captured = AMOUNT
        self._snapshot()

    @precondition(lambda self: self.captured and self.refunded < self.captured)
    @rule(share=st.integers(min_value=1, max_value=AMOUNT))
    def stripe_refunds(self, share):
        self.refunded = min(self.captured, self.refunded + share)
        self._snapshot()

    @rule()
    def card_declined(self):
        self._snapshot(status="requires_payment_method")

    @precondition(lambda self: self.snapshots)
    @rule(data=st.data())
    def deliver_some_snapshot(self, data):
        state = data.draw(st.sampled_from(self.snapshots))
        hint = "failed" if state.status == "requires_payment_method" else ""
        payment_apply(payment=self.payment, state=state, hint=hint)
        self.max_delivered_captured = max(self.max_delivered_captured, state.captured_minor)
        self.max_delivered_refunded = max(self.max_delivered_refunded, state.refunded_minor)

    @rule(hint=st.sampled_from(["expired", "failed", "processing"]))
    def deliver_hint(self, hint):
        payment_apply(payment=self.payment, hint=hint)

    @precondition(lambda self: self.captured)
    @rule()
    def dispute(self):
        payment_apply(payment=self.payment, disputed=True)

    @rule()
    def seller_starts_production(self):
        with contextlib.suppress(IllegalTransition):
            order_transition(order=self.order, to="in_production", party="seller")

    @invariant()
    def never_backwards(self):
        self.payment.refresh_from_db()
        self.order.refresh_from_db()
        assert STATUS_RANK[self.payment.status] >= STATUS_RANK[self.last_payment_status]
        if self.order.status != self.last_order_status:
            assert self.order.status in ORDER_TRANSITIONS[self.last_order_status]
        self.last_payment_status = self.payment.status
        self.last_order_status = self.order.status

    @invariant()
    def money_reconciles(self):
        self.payment.refresh_from_db()
        self.order.refresh_from_db()
        p = self.payment
        assert p.captured_minor == self.max_delivered_captured
        assert p.refunded_minor == min(self.max_delivered_refunded, p.captured_minor)
        assert p.net_paid_minor == p.captured_minor - p.refunded_minor >= 0
        if not p.captured_minor:
            assert p.payout_minor == p.amount_minor - p.fee_minor  # what the seller will get
        else:
            assert 0 <= p.payout_minor <= p.net_paid_minor
            assert self.order.status != "awaiting_payment"
            expected = (
                "refunded"
                if p.refunded_minor == p.captured_minor
                else "partially_refunded"
                if p.refunded_minor
                else "succeeded"
            )
            assert p.status == expected


@pytest.mark.django_db
def test_payment_state_machine():
    PaymentMachine.TestCase.settings = settings(
        max_examples=12,
        stateful_step_count=10,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )
    PaymentMachine.TestCase().runTest()
