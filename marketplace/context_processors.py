from functools import cache

from django.conf import settings


def trade(request):
    """`unread_messages`: evaluated only when a template uses it, then cached (one query)."""

    @cache
    def unread_messages():
        from .selectors import unread_count

        user = getattr(request, "user", None)
        return unread_count(user) if user is not None and user.is_authenticated else 0

    # `demo_mode`: the header and footer link the demo mailbox (marketplace.mailbox).
    return {"unread_messages": unread_messages, "demo_mode": settings.DEMO_MODE}
