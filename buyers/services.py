"""Writes to buyer companies and shortlists."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from buyers.models import BuyerCompany, ShortlistItem


@transaction.atomic
def buyer_company_save(*, user, name: str, country: str, website: str, buyer_type: str):
    company, _created = BuyerCompany.objects.update_or_create(
        user=user,
        defaults={"name": name, "country": country, "website": website, "buyer_type": buyer_type},
    )
    return company


def shortlist_toggle(*, user, product, action: str = "") -> bool:
    """Add the product to the user's shortlist, or remove it; returns True when now saved.

    `action="save"` only adds (a result card's button: a second click keeps it saved),
    `action="remove"` only removes; anything else toggles."""
    with transaction.atomic():
        if action != "save":
            deleted, _ = ShortlistItem.objects.filter(user=user, product=product).delete()
            if deleted or action == "remove":
                return False
        try:
            with transaction.atomic():
                ShortlistItem.objects.create(user=user, product=product)
        except IntegrityError:
            pass  # a double click saved it already
        return True
