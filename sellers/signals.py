"""Signals other layers listen to (search re-indexes sellers); sent after the commit."""

from django.dispatch import Signal

# kwargs: seller_ids (list[int])
seller_changed = Signal()

# An official's decision on a business, sent inside the deciding transaction; marketplace
# turns it into notifications. kwargs: seller, decision ("approved", "sent_back",
# "gstin_verified", "gstin_rejected", "iec_verified", "iec_rejected"), reason, by
seller_reviewed = Signal()
