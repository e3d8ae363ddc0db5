"""Signals other layers listen to (search re-indexes products); sent after the commit.

`product_changed` fires for every create, edit, status change and bulk import (bulk_create
sends no post_save, so listeners should prefer this signal).
"""

from django.dispatch import Signal

# kwargs: product_ids (list[int])
product_changed = Signal()

# An official's decision on a listing, sent inside the deciding transaction (so what it
# records commits or rolls back with the decision). marketplace.moderation turns it into
# notifications.
# kwargs: product (Product), decision ("published", "sent_back", "taken_down", "gi_verified",
# "gi_not_valid"), reason (str)
listing_reviewed = Signal()
