"""Signals other layers listen to (search re-indexes sellers); sent after the commit."""

from django.dispatch import Signal

# kwargs: seller_ids (list[int])
seller_changed = Signal()
