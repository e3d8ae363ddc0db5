"""Where the benches write their tables: a block between two markers in docs/benchmarks.md,
replaced on each run so the prose around it stays as the engineers wrote it."""

from __future__ import annotations

from pathlib import Path

REPORT = Path(__file__).resolve().parent.parent / "docs" / "benchmarks.md"


def replace_block(begin: str, end: str, block: str, *, heading: str = "", report=REPORT) -> None:
    """Put `block` (which starts with `begin` and ends with `end`) in place of the old one, or
    at the end of the report under `heading` the first time."""
    text = report.read_text() if report.exists() else "# Benchmarks\n"
    if begin in text and end in text:
        head, rest = text.split(begin, 1)
        text = head + block + rest.split(end, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + (f"{heading}\n\n" if heading else "") + block + "\n"
    report.parent.mkdir(exist_ok=True)
    report.write_text(text)
