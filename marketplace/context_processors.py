from functools import cache


def trade(request):
    """`unread_messages`: evaluated only when a template uses it, then cached (one query)."""

    @cache
    def unread_messages():
        from .selectors import unread_count

        user = getattr(request, "user", None)
        return unread_count(user) if user is not None and user.is_authenticated else 0

    return {"unread_messages": unread_messages}
