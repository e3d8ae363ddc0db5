"""Background work of the trade flow (Django's task framework; ImmediateBackend in tests)."""

from django.tasks import task
from django.urls import reverse

from core.notifications.emails import absolute_url, send_email

from .models import SellerInvitation


def send_invitation_email(*, invitation_id: int) -> None:
    invitation = SellerInvitation.objects.select_related("seller", "invited_by").get(
        pk=invitation_id
    )
    link = absolute_url(reverse("marketplace:team_join", args=[invitation.token]))
    send_email(
        to=invitation.email,
        subject=f"Join {invitation.seller.name} on DEH Marketplace",
        template="invitation",
        context={"invitation": invitation, "link": link},
    )


@task()
def send_invitation(invitation_id: int) -> None:
    send_invitation_email(invitation_id=invitation_id)
