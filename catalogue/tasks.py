"""Background work of the catalogue (Django's task framework; the worker is `db_worker`)."""

from django.db import transaction
from django.db.models import F
from django.tasks import task
from django.utils import timezone
from django.utils.translation import gettext as _

from catalogue.importer import check_file
from catalogue.models import ImportJob
from catalogue.services import products_import


@task()
def run_import(job_id: int) -> None:
    """Check every row of an ImportJob (progress saved as it goes), then write all or nothing.

    Progress updates are single-row UPDATEs outside any transaction, so the polling page sees
    them while the job runs. The write is one transaction: a failure leaves no listing behind.
    """
    job = ImportJob.objects.select_related("seller__district", "created_by").get(pk=job_id)
    if job.is_finished:
        return  # a retried task must not import twice
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.RUNNING)

    def progress(done: int, total: int) -> None:
        ImportJob.objects.filter(pk=job.pk).update(processed_rows=done, total_rows=total)

    rows, report = check_file(job.content, progress=progress)
    if report:
        _finish(job, status=ImportJob.Status.FAILED, report=report)
        return
    try:
        with transaction.atomic():
            ids = products_import(seller=job.seller, by=job.created_by, rows=rows)
    except Exception:  # the database refused something we did not foresee: keep nothing
        _finish(
            job,
            status=ImportJob.Status.FAILED,
            report=[{"row": 1, "errors": {"file": [_("The import failed; nothing was saved.")]}}],
        )
        raise
    _finish(job, status=ImportJob.Status.DONE, report=[], imported=len(ids))


def _finish(job, *, status, report, imported=0) -> None:
    ImportJob.objects.filter(pk=job.pk).update(
        status=status,
        report=report,
        imported_count=imported,
        processed_rows=F("total_rows"),
        finished_at=timezone.now(),
    )
