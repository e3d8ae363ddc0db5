"""The seller's own pages. Thin: parse, authorise, call one service or selector, render.

`profile` (the business profile, its photos and translations), `team` (members,
invitations, joining) and `common` (the seller-only decorators and the Translations
sections' flow, which catalogue's listing pages share). `sellers.urls` reads the views from
this package; they are routed under `marketplace:` names (see sellers/urls.py).
"""

from .common import owner_only, seller_view, translation_form_items, translation_post
from .profile import profile, profile_photo_add, profile_photo_remove, profile_translation
from .team import team, team_invitation_resend, team_join

__all__ = [
    "owner_only",
    "profile",
    "profile_photo_add",
    "profile_photo_remove",
    "profile_translation",
    "seller_view",
    "team",
    "team_invitation_resend",
    "team_join",
    "translation_form_items",
    "translation_post",
]
