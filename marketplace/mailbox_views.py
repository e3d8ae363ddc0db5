"""The demo mailbox page (see `marketplace.mailbox`)."""

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .mailbox import mailbox_emails, mailbox_visible


@require_GET
def demo_mailbox(request):
    if not mailbox_visible(request.user):
        raise Http404
    return render(request, "marketplace/demo_mailbox.html", {"emails": mailbox_emails()})
