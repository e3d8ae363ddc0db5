"""Background work of the trade flow (Django's task framework; ImmediateBackend in tests)."""

from django.tasks import task


@task()
def send_notification_email(notification_id: int) -> None:
    from marketplace.notifications import notification_send_email

    notification_send_email(notification_id=notification_id)


@task()
def send_digest_email(user_id: int) -> None:
    from marketplace.notifications import digest_send

    digest_send(user_id=user_id)


@task()
def send_invitation(invitation_id: int) -> None:
    from marketplace.notifications import send_invitation_email

    send_invitation_email(invitation_id=invitation_id)
