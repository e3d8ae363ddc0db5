"""Move receipts, order documents and message attachments stored under MEDIA_ROOT (before the
private storage existed, or restored from an old backup) into PRIVATE_MEDIA_ROOT."""

from django.core.management.base import BaseCommand

from marketplace.models import MessageAttachment, OrderDocument
from marketplace.payments.models import OfflineReceipt
from marketplace.private_files import move_to_private


class Command(BaseCommand):
    help = "Move private trade documents out of MEDIA_ROOT into private storage (idempotent)."

    def handle(self, *args, **options):
        moved = move_to_private(OfflineReceipt.objects.all(), "document", type_field="content_type")
        moved += move_to_private(MessageAttachment.objects.all(), "file")
        moved += move_to_private(OrderDocument.objects.all(), "file")
        self.stdout.write(f"Moved {moved} file(s) into private storage.")
