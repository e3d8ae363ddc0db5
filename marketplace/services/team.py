"""Seller team invitations: invite, resend, accept."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from sellers.models import Seller

from .common import TradeError


def invitation_create(*, seller: Seller, by: User, email: str, can_manage_payouts: bool = False):
    """Invite a person by email to join `seller` as staff (an owner's action).

    The same answer whether or not the address has an account (no enumeration)."""
    from ..models import SellerInvitation
    from ..tasks import send_invitation

    email = email.strip().lower()
    with transaction.atomic():
        invitation = SellerInvitation.objects.create(
            seller=seller, email=email, invited_by=by, can_manage_payouts=can_manage_payouts
        )
        # Through the task queue (the email itself through core.outbox, with retries):
        # a mail server that is down never fails the owner's request; the team page shows
        # the invitation as "not sent yet" until the server took it.
        transaction.on_commit(lambda: send_invitation.enqueue(invitation.pk))
    return invitation


def invitation_resend(*, invitation, by: User):
    """Queue the invitation email again (an owner's button on the team page). Resets the
    14-day validity, as a fresh invitation would; an accepted one is refused."""
    from ..tasks import send_invitation

    with transaction.atomic():
        if invitation.accepted_at is not None:
            raise TradeError(_("This invitation has already been used."))
        invitation.created_at = timezone.now()
        invitation.sent_at = None
        invitation.save(update_fields=["created_at", "sent_at"])
        transaction.on_commit(lambda: send_invitation.enqueue(invitation.pk))
    return invitation


def invitation_accept(*, invitation, user: User):
    """The invited person (signed in with the invited address) joins the business as staff.

    Membership rows belong to sellers; this is the one place outside `sellers` that writes
    one, because joining is the last step of an invitation that lives here (marketplace may
    import sellers, not the other way round).
    """
    from sellers.models import SellerMembership

    from ..models import SellerInvitation

    with transaction.atomic():
        locked = SellerInvitation.objects.select_for_update().get(pk=invitation.pk)
        if locked.accepted_at is not None or locked.is_expired:
            raise TradeError(_("This invitation has already been used or has expired."))
        if user.email.lower() != locked.email.lower():
            raise TradeError(
                _("This invitation was sent to another address. Sign in with that address.")
            )
        membership, _created = SellerMembership.objects.get_or_create(
            seller_id=locked.seller_id,
            user=user,
            defaults={
                "role": SellerMembership.Role.STAFF,
                "can_manage_payouts": locked.can_manage_payouts,
            },
        )
        locked.accepted_at = timezone.now()
        locked.save(update_fields=["accepted_at"])
    return membership
