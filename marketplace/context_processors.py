from django.conf import settings


def _once(compute):
    """`compute`, called at most once, on first use. Not functools.cache: that builds a cache
    wrapper (copying the function's attributes) for every request, used or not."""
    kept = []

    def value():
        if not kept:
            kept.append(compute())
        return kept[0]

    return value


def trade(request):
    """`unread_messages` and `official_scope`: evaluated only when a template uses them, then
    kept for the request (one and two queries)."""

    def unread_messages():
        from .selectors import unread_count

        user = getattr(request, "user", None)
        return unread_count(user) if user is not None and user.is_authenticated else 0

    def official_scope():
        # The one answer to "what may this user review" (regions.selectors), for the header.
        from regions.selectors import official_scope as scope_of

        user = getattr(request, "user", None)
        return scope_of(user) if user is not None else None

    # `demo_mode`: the header and footer link the demo mailbox (marketplace.mailbox).
    return {
        "unread_messages": _once(unread_messages),
        "official_scope": _once(official_scope),
        "demo_mode": settings.DEMO_MODE,
    }
