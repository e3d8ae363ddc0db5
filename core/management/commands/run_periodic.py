"""`manage.py run_periodic`: the scheduler loop (docker compose's `scheduler` service).

Every --interval seconds it runs the jobs of `core.periodic` that are due:
`resend_emails` every 10 minutes, `send_digests` daily from DIGEST_HOUR_UTC. `--once` checks
once and exits (cron-style use, and tests); `--now` pretends another time (tests).
"""

import datetime as dt
import signal
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections
from django.utils import timezone

from core.periodic import run_due


class Command(BaseCommand):
    help = "Run the periodic jobs (email retries, daily digests) when they are due."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="check once, then exit")
        parser.add_argument("--interval", type=int, default=60, help="seconds between checks")
        parser.add_argument("--now", help="ISO date-time to act as now (tests)")

    def handle(self, *args, **options):
        now_override = None
        if options["now"]:
            now_override = dt.datetime.fromisoformat(options["now"])
            if timezone.is_naive(now_override):
                now_override = timezone.make_aware(now_override, dt.UTC)
        if options["interval"] < 1:
            raise CommandError("--interval must be at least 1 second.")
        stopping = []
        if not options["once"]:
            # docker stop sends SIGTERM: finish the current round, then leave.
            signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
        while True:
            ran = run_due(now=now_override or timezone.now(), stdout=self.stdout)
            self.stdout.write(f"run_periodic: ran {', '.join(ran) if ran else 'nothing'}")
            if options["once"] or stopping:
                return
            # A long-lived process: drop a connection the database closed or that aged out.
            close_old_connections()
            for _ in range(options["interval"]):
                if stopping:
                    return
                time.sleep(1)
