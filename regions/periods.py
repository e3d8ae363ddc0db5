"""Reporting periods of export statistics: months, calendar quarters, Indian financial years.

Pure functions (no database) shared by the import, the selectors and the dashboards.
"""

import datetime as dt
import re

from django.utils.translation import gettext as _

_MONTH = re.compile(r"^(\d{4})-(\d{1,2})(?:-(\d{1,2}))?$")
_QUARTER = re.compile(r"^(\d{4})-?Q([1-4])$", re.IGNORECASE)


def parse_period(text: str, kind: str) -> dt.date:
    """The first day of the period written as `2024-04`, `2024-04-01` or (quarters) `2024-Q2`.

    Raises ValueError with a message meant for people when the text is not such a period.
    """
    text = (text or "").strip()
    if kind == "quarter":
        match = _QUARTER.match(text)
        if match:
            return dt.date(int(match[1]), 3 * (int(match[2]) - 1) + 1, 1)
    match = _MONTH.match(text)
    if not match:
        example = "2024-Q2, 2024-04-01" if kind == "quarter" else "2024-04, 2024-04-01"
        raise ValueError(
            _("“%(text)s” is not a period; write it like %(example)s.")
            % {"text": text, "example": example}
        )
    year, month, day = int(match[1]), int(match[2]), int(match[3] or 1)
    try:
        start = dt.date(year, month, day)
    except ValueError:
        raise ValueError(_("“%(text)s” is not a real date.") % {"text": text}) from None
    if day != 1:
        message = (
            _("“%(text)s” must be the first day of the quarter.")
            if kind == "quarter"
            else _("“%(text)s” must be the first day of the month.")
        )
        raise ValueError(message % {"text": text})
    if kind == "quarter" and month not in (1, 4, 7, 10):
        raise ValueError(
            _("“%(text)s” is not the start of a quarter (January, April, July, October).")
            % {"text": text}
        )
    return start


def period_end(start: dt.date, kind: str) -> dt.date:
    """The first day after the period."""
    months = 3 if kind == "quarter" else 1
    month_index = start.year * 12 + start.month - 1 + months
    return dt.date(month_index // 12, month_index % 12 + 1, 1)


def months_in(start: dt.date, kind: str) -> list[dt.date]:
    if kind != "quarter":
        return [start]
    return [dt.date(start.year, start.month + offset, 1) for offset in range(3)]


def quarter_of(month_start: dt.date) -> dt.date:
    return dt.date(month_start.year, 3 * ((month_start.month - 1) // 3) + 1, 1)


def add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def financial_year(day: dt.date) -> int:
    """India's financial year runs April to March; FY 2024-25 is returned as 2024."""
    return day.year if day.month >= 4 else day.year - 1


def fy_label(year: int) -> str:
    return f"{year}-{(year + 1) % 100:02d}"


def period_label(start: dt.date, kind: str) -> str:
    if kind == "quarter":
        return f"{start.year}-Q{(start.month - 1) // 3 + 1}"
    return start.strftime("%Y-%m")
