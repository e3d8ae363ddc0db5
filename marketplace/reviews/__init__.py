"""Reviews from verified trades: a buyer rates the seller of a delivered order.

models (Review, ReviewModeration), services (writes), selectors (reads), track_record (the
seller's rating and enquiry-response figures, denormalised onto `sellers.Seller`), forms,
views and urls. The models belong to the `marketplace` app (imported by marketplace/models.py).
"""
