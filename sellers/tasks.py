"""Background work of sellers (Django's task framework; ImmediateBackend in tests)."""

from django.tasks import task
from django.urls import reverse

from core.notifications.emails import render_email
from core.outbox import queue_email
from core.site_url import site_url

from .models import SellerInvitation


def send_invitation_email(*, invitation_id: int) -> None:
    invitation = SellerInvitation.objects.select_related("seller", "invited_by").get(
        pk=invitation_id
    )
    link = site_url(reverse("marketplace:team_join", args=[invitation.token]))
    message = render_email(
        to=invitation.email,
        subject=f"Join {invitation.seller.name} on DEH Marketplace",
        template="invitation",
        context={"invitation": invitation, "link": link},
    )
    # Through the outbox, which retries with back-off and sets `sent_at` only once the mail
    # server took it: the team page shows the invitation as queued until then.
    mark = {"model": "sellers.sellerinvitation", "pk": invitation.pk, "field": "sent_at"}
    queue_email(message, mark_sent=mark)


@task()
def send_invitation(invitation_id: int) -> None:
    send_invitation_email(invitation_id=invitation_id)
