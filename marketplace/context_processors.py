from functools import cache

from django.conf import settings


def trade(request):
    """`unread_messages` and `official_scope`: evaluated only when a template uses them, then
    cached (one and two queries)."""

    @cache
    def unread_messages():
        from .selectors import unread_count

        user = getattr(request, "user", None)
        return unread_count(user) if user is not None and user.is_authenticated else 0

    @cache
    def official_scope():
        # The one answer to "what may this user review" (regions.selectors), for the header.
        from regions.selectors import official_scope as scope_of

        user = getattr(request, "user", None)
        return scope_of(user) if user is not None else None

    # `demo_mode`: the header and footer link the demo mailbox (marketplace.mailbox).
    return {
        "unread_messages": unread_messages,
        "official_scope": official_scope,
        "demo_mode": settings.DEMO_MODE,
    }
