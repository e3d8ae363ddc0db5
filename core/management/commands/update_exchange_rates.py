"""Load exchange rates (units of a currency per INR) from a file or from EXCHANGE_RATES_URL.

    manage.py update_exchange_rates core/money/data/exchange_rates.csv
    manage.py update_exchange_rates rates.json
    EXCHANGE_RATES_URL=https://api.frankfurter.app/latest?from=INR manage.py update_exchange_rates

Every row is validated first; one bad row stops the whole load (nothing is written), and a
re-run with the same data changes nothing (one row per currency and day).
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core import money

DEMO_SNAPSHOT = Path(__file__).resolve().parents[2] / "money" / "data" / "exchange_rates.csv"


class Command(BaseCommand):
    help = "Update exchange rates from a CSV/JSON file or from EXCHANGE_RATES_URL."

    def add_arguments(self, parser):
        parser.add_argument(
            "file", nargs="?", help="CSV or JSON file (default: EXCHANGE_RATES_URL)"
        )
        parser.add_argument("--url", help="Fetch from this URL instead of EXCHANGE_RATES_URL.")
        parser.add_argument(
            "--demo",
            action="store_true",
            help=f"Load the bundled demo snapshot ({DEMO_SNAPSHOT.name}).",
        )

    def handle(self, *args, file=None, url=None, demo=False, **options):
        if demo:
            file = str(DEMO_SNAPSHOT)
        try:
            if file:
                path = Path(file)
                if not path.is_file():
                    raise CommandError(f"{file}: no such file.")
                try:
                    text = path.read_text(encoding="utf-8")
                except UnicodeDecodeError as exc:
                    raise CommandError(f"{file}: not UTF-8 text.") from exc
                kind, source = ("json" if path.suffix.lower() == ".json" else "csv"), path.name
            else:
                url = url or settings.EXCHANGE_RATES_URL
                if not url:
                    raise CommandError(
                        "Give a rates file, --demo, --url, or set EXCHANGE_RATES_URL."
                    )
                text, kind = money.fetch_rates_source(url)
                source = url
            rates = (money.parse_rates_json if kind == "json" else money.parse_rates_csv)(text)
            written = money.exchange_rates_replace(rows=rates, source=source[:200])
        except money.RatesFileError as exc:
            raise CommandError("No rates were changed:\n  " + "\n  ".join(exc.errors)) from exc
        days = sorted({r.rate_date for r in rates})
        self.stdout.write(
            self.style.SUCCESS(
                f"{written} exchange rates stored ({', '.join(sorted(r.currency for r in rates))}"
                f"; {days[0]}{'–' + str(days[-1]) if len(days) > 1 else ''})."
            )
        )
