"""Changing an order's payment terms by agreement of both parties."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from marketplace.models import Order
from marketplace.services import TradeError, order_payment_terms_set
from marketplace.states import OrderStatus

from ..methods import method_for
from ..models import Payment, TermsChange
from .common import PaymentError

S = Payment.Status


PARTIES = ("buyer", "seller")


def terms_change_propose(*, order: Order, by: User, party: str, to_terms: str) -> TermsChange:
    """One party of an order awaiting payment proposes other payment terms; the other party
    confirms or refuses (`terms_change_decide`). Only terms the site can take now for this
    seller may be proposed; a new proposal replaces the proposer's own open one.
    Authorization (`party` is the user's side of this order) is the caller's job."""
    if party not in PARTIES:
        raise PaymentError(_("Only the buyer or the seller of this order can change its terms."))
    with transaction.atomic():
        locked = Order.objects.select_for_update().select_related("seller").get(pk=order.pk)
        if locked.status != OrderStatus.AWAITING_PAYMENT:
            raise PaymentError(_("The payment terms can only change before the order is paid."))
        method = method_for(to_terms)
        if to_terms == locked.payment_terms:
            raise PaymentError(_("The order already uses these payment terms."))
        if not method.available(locked.seller):
            raise PaymentError(
                _("%(method)s is not available for this order.") % {"method": method.label}
            )
        if locked.payments.filter(status__in=(Payment.Status.PROCESSING, S.SUCCEEDED)).exists():
            raise PaymentError(_("A card payment is already under way for this order."))
        open_change = locked.terms_changes.filter(status=TermsChange.Status.PROPOSED).first()
        if open_change is not None:
            if open_change.proposed_by_party != party:
                raise PaymentError(
                    _("The other party proposed a change: confirm or refuse it first.")
                )
            open_change.delete()  # replaced by the new proposal
        return TermsChange.objects.create(
            order=locked,
            from_terms=locked.payment_terms,
            to_terms=to_terms,
            proposed_by=by,
            proposed_by_party=party,
        )


def terms_change_decide(*, order: Order, by: User, party: str, confirm: bool) -> TermsChange:
    """The other party confirms (the order's terms change, written in its history) or refuses
    the open proposal. The proposer cannot confirm their own proposal."""
    if party not in PARTIES:
        raise PaymentError(_("Only the buyer or the seller of this order can change its terms."))
    with transaction.atomic():
        locked = Order.objects.select_for_update().select_related("seller").get(pk=order.pk)
        change = (
            TermsChange.objects.select_for_update()
            .filter(order=locked, status=TermsChange.Status.PROPOSED)
            .first()
        )
        if change is None:
            raise PaymentError(_("There is no proposed change of payment terms to answer."))
        if change.proposed_by_party == party:
            raise PaymentError(_("The other party must answer your proposal."))
        change.decided_by, change.decided_at = by, timezone.now()
        old, new = method_for(change.from_terms), method_for(change.to_terms)
        if not confirm:
            change.status = TermsChange.Status.REFUSED
            change.save(update_fields=["status", "decided_by", "decided_at"])
            return change
        if change.from_terms != locked.payment_terms or not new.available(locked.seller):
            raise PaymentError(_("This proposal is out of date; make a new one."))
        change.status = TermsChange.Status.CONFIRMED
        change.save(update_fields=["status", "decided_by", "decided_at"])
        note = _(
            "Payment terms changed from %(old)s to %(new)s, proposed by %(proposer)s and "
            "confirmed by %(confirmer)s."
        ) % {
            "old": old.label,
            "new": new.label,
            "proposer": change.proposed_by or _("a former user"),
            "confirmer": by,
        }
        try:
            order_payment_terms_set(order=locked, terms=change.to_terms, by=by, note=note)
        except TradeError as exc:
            raise PaymentError(str(exc)) from exc
        order.payment_terms = change.to_terms
        return change
