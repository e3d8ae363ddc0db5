"""`manage.py import_export_stats FILE.csv`: district export figures from a CSV file.

Validates every row first; prints a per-row report and writes nothing if any row is wrong.
Re-importing a district's period replaces it. Staff use: any district may appear.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from regions.services import export_stats_import


class Command(BaseCommand):
    help = "Import district export statistics (month or quarter, HS code, country, INR, USD)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--max-mb", type=int, default=500, help="Refuse files larger than this (MB)."
        )
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, file: Path, max_mb: int, no_progress: bool, **options):
        if not file.is_file():
            raise CommandError(f"{file} is not a file.")
        bars: dict[str, tqdm] = {}
        labels = {"check": "Checking rows", "write": "Writing rows"}

        def progress(stage: str, done: int, total: int) -> None:
            if no_progress:
                return
            bar = bars.get(stage)
            if bar is None:
                bar = bars[stage] = tqdm(total=total, desc=labels[stage], unit="row")
            bar.update(done - bar.n)

        try:
            _batch, report = export_stats_import(
                data=file.read_bytes(),
                filename=file.name,
                max_bytes=max_mb * 1024 * 1024,
                progress=progress,
            )
        finally:
            for bar in bars.values():
                bar.close()
        for message in report.file_errors:
            self.stderr.write(message)
        for error in report.row_errors:
            column = f" [{error.column}]" if error.column else ""
            self.stderr.write(f"line {error.line}{column}: {error.message}")
        if report.error_count > len(report.row_errors):
            self.stderr.write(f"… and {report.error_count - len(report.row_errors)} more errors.")
        if not report.ok:
            raise CommandError(f"Nothing imported: {report.error_count or 1} problem(s) found.")
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {report.imported} rows for {len(report.periods)} district periods "
                f"({report.replaced} earlier rows replaced)."
            )
        )
