"""The inbox of enquiries, buying or selling."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _

from sellers import selectors as seller_selectors

from .. import selectors


@login_required
def inbox(request):
    status = request.GET.get("status", "")
    if status not in selectors.INBOX_FILTERS:
        status = ""
    unread = request.GET.get("unread") == "1"
    selling = seller_selectors.seller_for_user(request.user) is not None
    if selling and request.GET.get("view") != "buying":
        enquiries = selectors.seller_inbox(user=request.user, status=status, unread=unread)
        view = "selling"
    else:
        enquiries = selectors.buyer_inbox_rows(user=request.user, status=status)
        view = "buying"
    return render(
        request,
        "marketplace/inbox.html",
        {
            "enquiries": enquiries[:100],
            "status": status,
            "unread": unread,
            "view": view,
            "selling": selling,
            "statuses": [("", _("All"))]
            + [(key, label) for key, label in _status_labels() if key in selectors.INBOX_FILTERS],
        },
    )


def _status_labels():
    from ..models import Enquiry

    return Enquiry.Status.choices
