"""Writes of the officials' tools (each atomic)."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from cms.officials.models import (
    ActionPlanPage,
    Bottleneck,
    EventPage,
    EventRegistration,
    SellerRegistration,
)
from sellers.models import Seller
from sellers.selectors import seller_for_user


@transaction.atomic
def bottleneck_status_set(*, page: ActionPlanPage, bottleneck_id: int, status: str, user) -> None:
    """Change one tracker row through a new page revision, so the editor's history and the
    next edit keep the change; published at once when the user may publish (the plan is
    live content), kept as a draft otherwise."""
    if status not in Bottleneck.Status.values:
        raise ValidationError(_("Unknown status."))
    permissions = page.permissions_for_user(user)
    if not permissions.can_edit():
        raise PermissionDenied
    latest = page.get_latest_revision_as_object()
    rows = list(latest.bottlenecks.all())
    matching = [row for row in rows if row.pk == bottleneck_id]
    if not matching:
        raise Bottleneck.DoesNotExist
    matching[0].status = status
    # Reassign: the in-memory child relation hands out copies, so edits must be set back.
    latest.bottlenecks = rows
    revision = latest.save_revision(user=user, log_action=True)
    if page.live and permissions.can_publish():
        revision.publish(user=user)


def _role(user) -> str:
    if seller_for_user(user) is not None:
        return EventRegistration.Role.SELLER
    return EventRegistration.Role.BUYER


@transaction.atomic
def event_register(*, event: EventPage, user) -> EventRegistration:
    """Register a signed-in seller or buyer; idempotent for the same user. The event row is
    locked so two last-seat registrations cannot both pass the capacity check."""
    event = EventPage.objects.select_for_update().get(pk=event.pk)
    existing = EventRegistration.objects.filter(event=event, user=user).first()
    if existing:
        return existing
    if not event.registration_open:
        raise ValidationError(_("Registration for this event is closed."))
    if (event.ends_at or event.starts_at) < dt.datetime.now(tz=dt.UTC):
        raise ValidationError(_("This event is over."))
    if event.capacity is not None and event.registrations.count() >= event.capacity:
        raise ValidationError(_("This event is full."))
    try:
        with transaction.atomic():
            return EventRegistration.objects.create(event=event, user=user, role=_role(user))
    except IntegrityError:  # a double click raced us; the registration exists
        return EventRegistration.objects.get(event=event, user=user)


@transaction.atomic
def event_unregister(*, event: EventPage, user) -> None:
    EventRegistration.objects.filter(event=event, user=user).delete()


@transaction.atomic
def seller_registration_save(
    *, seller: Seller, body: str, number: str, valid_until: dt.date | None
) -> SellerRegistration:
    registration, _created = SellerRegistration.objects.update_or_create(
        seller=seller, body=body, defaults={"number": number, "valid_until": valid_until}
    )
    return registration


@transaction.atomic
def seller_registration_delete(*, seller: Seller, registration_id: int) -> None:
    """Delete one of `seller`'s registrations; another seller's raises DoesNotExist (a 404)."""
    SellerRegistration.objects.get(seller=seller, pk=registration_id).delete()
