"""Background email work of notifications (Django's task framework; ImmediateBackend in tests)."""

from django.tasks import task

from .emails import digest_send, notification_send_email


@task()
def send_notification_email(notification_id: int) -> None:
    notification_send_email(notification_id=notification_id)


@task()
def send_digest_email(user_id: int) -> None:
    digest_send(user_id=user_id)
