"""Signals other layers listen to.

`seller_reviewed`: an official's decision on a business, sent inside the deciding transaction
(what listeners record commits or rolls back with it); marketplace turns it into
notifications. kwargs: seller, decision ("approved", "sent_back", "suspended", "reinstated",
"gstin_verified", "gstin_rejected", "iec_verified", "iec_rejected", "bank_verified",
"bank_rejected"), reason, by. (Search needs no signal from
sellers: it reindexes on the Seller's post_save.)

`seller_moved`: the business's district changed (`seller_update`), sent inside that
transaction; catalogue moves the seller's listings along with it. kwargs: seller (saved,
with its new district), previous_district_id.
"""

from django.dispatch import Signal

seller_reviewed = Signal()
seller_moved = Signal()
