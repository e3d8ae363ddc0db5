"""`manage.py run_periodic`: email retries every 10 minutes, digests once a day from
DIGEST_HOUR_UTC, each slot run once even when the scheduler restarts or runs twice."""

import datetime as dt
import io
import subprocess  # nosec B404 - runs our own manage.py
import sys

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from core.models import Notification, PeriodicRun
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def run(now: str) -> str:
    out = io.StringIO()
    call_command("run_periodic", "--once", "--now", now, stdout=out)
    return out.getvalue()


def unsent(user, minutes_ago=30):
    note = Notification.objects.create(
        user=user, kind="new_message", subject="New message: silk", url="/dashboard/"
    )
    Notification.objects.filter(pk=note.pk).update(
        created_at=timezone.now() - dt.timedelta(minutes=minutes_ago)
    )
    return note


def test_email_retries_run_every_ten_minutes_and_digests_once_a_day(settings):
    settings.DIGEST_HOUR_UTC = 7
    immediate = UserFactory(email="now@example.org")
    daily = UserFactory(email="daily@example.org", email_frequency="daily")
    failed = unsent(immediate)  # its first send failed (mail server down)
    unsent(daily)
    mail.outbox.clear()

    # 06:00: before the digest hour. The retry runs and the failed email goes out.
    # (The track records are due from 02:00: a scheduler's first run catches up on them.)
    first = run("2026-11-25T06:00:00+00:00")
    assert "ran resend_emails, refresh_track_records, prune_rate_limits" in first
    assert [m.to for m in mail.outbox] == [["now@example.org"]]
    failed.refresh_from_db()
    assert failed.emailed_at is not None

    # 06:05: nothing is due (retries every 10 minutes, digest from 07:00).
    assert "ran nothing" in run("2026-11-25T06:05:00+00:00")

    # 07:02: the digest hour has come, and 10 minutes have passed since the last retry.
    out = run("2026-11-25T07:02:00+00:00")
    assert "ran resend_emails, send_digests, send_review_digests, prune_rate_limits" in out
    assert [m.to for m in mail.outbox][-1] == ["daily@example.org"]
    assert "1 update" in mail.outbox[-1].subject

    # 07:30 (a restarted scheduler): the day's digest is not sent again.
    unsent(daily)
    before = len(mail.outbox)
    assert "send_digests" not in run("2026-11-25T07:30:00+00:00")
    assert len(mail.outbox) == before

    # The next day at 07:00 it is.
    assert "send_digests" in run("2026-11-26T07:00:00+00:00")
    assert mail.outbox[-1].to == ["daily@example.org"]


def test_a_slot_claimed_by_another_scheduler_is_not_run_again(settings):
    from core.periodic import jobs, run_due

    now = dt.datetime(2026, 11, 25, 8, 0, tzinfo=dt.UTC)
    assert run_due(now=now) == [
        "resend_emails",
        "send_digests",
        "send_review_digests",
        "refresh_track_records",
        "prune_rate_limits",
    ]
    # A second scheduler checking at the same instant finds both slots taken.
    assert run_due(now=now) == []
    assert {r.name: r.last_run_at for r in PeriodicRun.objects.all()} == {
        job.name: now for job in jobs()
    }


def test_bad_arguments_are_refused():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="interval"):
        call_command("run_periodic", "--once", "--interval", "0")


@pytest.mark.django_db(transaction=True)
def test_the_loop_stops_on_sigterm():
    """The real process (as the compose `scheduler` service runs it) leaves on SIGTERM."""
    import os
    import signal
    import time

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "PYTHONUNBUFFERED": "1",
    }
    db = django_settings.DATABASES["default"]
    # The child opens the test database itself: on SQLite the test database is a file
    # (config/settings/test.py), and a transactional test holds no lock on it.
    if db["ENGINE"].endswith("sqlite3"):
        env["DATABASE_URL"] = f"sqlite:///{db['NAME']}"
    else:
        env["DATABASE_URL"] = (
            f"postgres://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"
        )
    proc = subprocess.Popen(  # nosec B603 - fixed arguments
        [sys.executable, "manage.py", "run_periodic", "--interval", "1"],
        cwd=django_settings.BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        lines = [proc.stdout.readline() for _ in range(5)]
        assert any("run_periodic: ran" in line for line in lines), lines
        time.sleep(0.5)
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=20) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
