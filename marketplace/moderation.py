"""Moderation notices: the officials' decisions on listings and businesses, told to the
seller's team through the notification system (in-app row + email or digest).

catalogue and sellers send `listing_reviewed` / `seller_reviewed` inside the deciding
transaction and marketplace, which knows who a seller's team is (`seller_users`), records
them through core.notifications. The official's button and the seller's notice use the
same verb. Each member of the team reads it in their own language (their
`preferred_language`, else the site's), whatever language the reviewer works in.
"""

from __future__ import annotations

from collections import defaultdict

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from catalogue.signals import listing_reviewed
from core.notifications.services import notify
from sellers.signals import seller_reviewed

from .services import seller_users


def _in_their_languages(users, *, kind: str, build) -> None:
    """notify() each user in their language: `build()` returns (subject, body, url) and is
    called once per language, with that language active (words and the link's prefix)."""
    known = {code for code, _name in settings.LANGUAGES}
    by_language = defaultdict(list)
    for user in users:
        language = user.preferred_language if user.preferred_language in known else ""
        by_language[language or settings.LANGUAGE_CODE].append(user)
    for language, group in by_language.items():
        with translation.override(language):
            subject, body, url = build()
            notify(users=group, kind=kind, subject=subject, body=body, url=url)


def _listing_notice(sender, *, product, decision, reason, dropped=(), **kwargs) -> None:
    _in_their_languages(
        seller_users(product.seller_id),
        kind=f"listing_{decision}",
        build=lambda: _listing_words(product, decision, reason, dropped),
    )


def _listing_words(product, decision, reason, dropped):
    names = {"name": product.name}
    subjects = {
        "published": _("Published: “%(name)s”"),
        "sent_back": _("Sent back for changes: “%(name)s”"),
        "taken_down": _("Taken off the site: “%(name)s”"),
        "gi_verified": _("GI authorised user verified: “%(name)s”"),
        "gi_not_valid": _("GI claim sent back for changes: “%(name)s”"),
    }
    body = _("Sent back for changes: %(reason)s") % {"reason": reason} if reason else ""
    if decision == "gi_not_valid":
        body = _(
            "The district office could not confirm your GI authorised-user registration. "
            "Check the number and the certificate on the listing and save it again; they "
            "will look at it again."
        )
    if dropped:
        # Deleted before the approval (by an administrator, say): the seller adds them again.
        body = _("Published without what no longer exists: %(items)s.") % {
            "items": "; ".join(dropped)
        }
    url = reverse("catalogue:dashboard_listing_edit", args=[product.pk])
    return subjects[decision] % names, body, url


def _seller_notice(sender, *, seller, decision, reason, **kwargs) -> None:
    _in_their_languages(
        seller_users(seller.pk),
        kind=f"seller_{decision}",
        build=lambda: _seller_words(seller, decision, reason),
    )


def _seller_words(seller, decision, reason):
    subjects = {
        "approved": _("Your business is approved: %(name)s is now public"),
        "suspended": _("Suspended: %(name)s and its listings are off the site"),
        "reinstated": _("Reinstated: %(name)s is public again"),
        "sent_back": _("Sent back for changes: %(name)s"),
        "gstin_verified": _("GSTIN verified: %(name)s"),
        "gstin_rejected": _("GSTIN sent back for changes: %(name)s"),
        "iec_verified": _("IEC verified: %(name)s"),
        "iec_rejected": _("IEC sent back for changes: %(name)s"),
        "bank_verified": _("Bank details verified: %(name)s"),
        "bank_rejected": _("Bank details sent back for changes: %(name)s"),
    }
    body = _("Sent back for changes: %(reason)s") % {"reason": reason} if reason else ""
    if decision.endswith("_rejected") and not reason:
        body = _(
            "The district office could not confirm these details. Check them on your "
            "business profile and save them again; they will look at them again."
        )
    return (
        subjects[decision] % {"name": seller.name},
        body,
        reverse("marketplace:dashboard_profile"),
    )


def connect() -> None:
    listing_reviewed.connect(_listing_notice, dispatch_uid="marketplace-listing-reviewed")
    seller_reviewed.connect(_seller_notice, dispatch_uid="marketplace-seller-reviewed")
