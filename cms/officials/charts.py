"""Charts of the dashboards: one `Chart` holds the numbers; it renders as an SVG image
(drawn here, server-side, from the template `officials/charts/chart.svg`), as a table and as
CSV, so all three always show the same figures.

Rules the drawing keeps, because officials trust these pictures:
- one unit per chart (`unit`: a currency code or "" for counts); a chart never mixes two
  currencies on one scale, the dashboards draw one chart per currency instead;
- tick labels never overlap: the layout measures each label (`text_width`, a conservative
  estimate; `tests/browser/test_chart_ticks.py` checks it against Chromium's getBBox) and
  thins or truncates labels until they fit, for each of the two sizes drawn (`SIZES`: the
  page shows the narrow one below 40em through <picture>);
- counts get whole-number ticks, money ticks are written with `core.money.format_figure`
  (lakh/crore for en-IN and hi, millions elsewhere), and a funnel is drawn as a funnel.

The SVG is shown as an image, inline as a data: URI on the officials' admin pages or from its
own cacheable URL on public pages (`views.glance_svg`): an image runs no script and its style
does not touch the page, so the strict CSP holds, and nothing is fetched from outside.
SVGs are cached by content hash and language (`cache_key`); after an import
`tasks.draw_dashboard_charts` draws them before anyone looks.
"""

import base64
import csv
import hashlib
import io
import math
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.translation import get_language

from core.money import format_figure

CHART_CACHE_SECONDS = 24 * 3600
# SVGs drawn in this process: tests and the benchmark read it to tell a page that drew its
# charts from one that found them cached.
renders = 0

COLORS = ("#1f6f8b", "#e07a1f", "#5b8c2a", "#a23b72", "#6c757d", "#c9a227")
# name: (width, height, font size). "wide" on desktop columns, "narrow" on phones.
SIZES = {"wide": (720, 400, 14), "narrow": (360, 340, 13)}
KINDS = ("line", "bar", "hbar", "funnel")


def text_width(text: str, font_size: float) -> float:
    """An upper estimate of how wide `text` is drawn in a sans-serif font: wide letters and
    Devanagari/Arabic count more. Chromium's measured widths stay below this (browser test)."""
    width = 0.0
    for char in text:
        if unicodedata.combining(char) or unicodedata.category(char) == "Mn":
            continue
        if char in ".,:;'|!il":
            width += 0.36
        elif char in " -()":
            width += 0.42
        elif char.isascii():
            width += 0.8 if char.isupper() or char in "mwMW%" else 0.66
        else:
            width += 0.95
    return width * font_size


def _truncate(text: str, font_size: float, room: float) -> str:
    if text_width(text, font_size) <= room:
        return text
    while text and text_width(text + "…", font_size) > room:
        text = text[:-1]
    return text.rstrip() + "…"


def nice_ticks(low: float, high: float, most: int, *, whole: bool) -> list[float]:
    """Round tick values covering [low, high], at most `most` of them (at least two)."""
    low, high = min(low, 0.0), max(high, 0.0)
    if high - low < 1e-6:  # all zero (or nearly): a unit scale rather than a division by 0
        high = low + 1
    most = max(2, most)
    span = high - low
    step = None
    exponent = math.floor(math.log10(span / most)) if span > 0 else 0
    if whole:  # counts step by whole numbers: never "0, 0.5, 1" (nor "1,1,1,0,0,0")
        exponent = max(exponent, 0)
    for power in (exponent, exponent + 1, exponent + 2):
        for base in (1, 2, 2.5, 5):
            candidate = base * 10**power
            if whole and (candidate < 1 or candidate != int(candidate)):
                continue
            if math.ceil(high / candidate) - math.floor(low / candidate) + 1 <= most:
                step = candidate
                break
        if step:
            break
    if step is None:  # a range straddling zero needs a third tick
        return nice_ticks(low, high, most + 1, whole=whole)
    first = math.floor(low / step)
    last = math.ceil(high / step)
    return [round(i * step, 10) for i in range(first, last + 1)]


@dataclass
class Chart:
    key: str
    title: str
    kind: str  # line, bar, hbar, funnel
    labels: list[str]
    series: list[tuple[str, list]] = field(default_factory=list)
    # A currency code (every series is money in it) or "" (counts).
    unit: str = ""
    label_heading: str = ""
    # Columns in the table and CSV only (e.g. the same figures in USD): never on the axis.
    table_only: list[tuple[str, list]] = field(default_factory=list)
    table_only_unit: str = ""
    # The language whose number system writes the ticks and table ("en-IN" on the officials'
    # pages); empty: the active language (the visitor's, on public pages).
    language: str = ""
    # Where a public page loads the SVG and the CSV from (set by the at-a-glance block); not
    # drawn, so not part of the fingerprint.
    image_url: str = ""
    csv_url: str = ""

    def __post_init__(self):
        assert self.kind in KINDS, self.kind

    @property
    def is_empty(self) -> bool:
        return not self.labels or all(
            value in (None, 0) for _, values in self.series for value in values
        )

    def rows(self) -> list[list]:
        """Raw figures (the CSV)."""
        columns = [*self.series, *self.table_only]
        return [
            [label, *(values[index] for _, values in columns)]
            for index, label in enumerate(self.labels)
        ]

    def display_rows(self) -> list[list[str]]:
        """The table: every figure written with its currency, as the axis writes it."""
        units = [self.unit] * len(self.series) + [self.table_only_unit] * len(self.table_only)
        return [
            [
                row[0],
                *(self._figure(value, unit) for value, unit in zip(row[1:], units, strict=True)),
            ]
            for row in self.rows()
        ]

    def headings(self) -> list[str]:
        """Column headings; money columns name their currency ('Exports (INR)')."""

        def heading(name, unit):
            return f"{name} ({unit})" if unit and unit not in name else name

        return [
            self.label_heading or "",
            *(heading(name, self.unit) for name, _ in self.series),
            *(heading(name, self.table_only_unit) for name, _ in self.table_only),
        ]

    def _figure(self, value, unit: str) -> str:
        if value is None:
            return "–"
        return format_figure(value, unit or None, language=self.language or None)

    def tick_text(self, value) -> str:
        return self._figure(Decimal(str(value)).normalize(), self.unit)

    # Drawing ---------------------------------------------------------------------------

    def svg(self, size: str = "wide") -> str:
        """Draw the chart (use `cached_svg`)."""
        global renders
        renders += 1
        width, height, font = SIZES[size]
        layout = _coordinates(_LAYOUTS[self.kind](self, width, height, font))
        return render_to_string("officials/charts/chart.svg", {"chart": self, **layout})

    def fingerprint(self) -> str:
        """Changes whenever anything drawn changes (title, labels, numbers, kind)."""
        payload = repr((self.kind, self.title, self.unit, self.labels, self.series, self.language))
        return hashlib.sha256(payload.encode()).hexdigest()

    def cache_key(self, size: str = "wide") -> str:
        # Tick labels are written for the reader's language (crore or billion).
        return f"officials:chart-svg:{self.language or get_language()}:{size}:{self.fingerprint()}"

    def cached_svg(self, size: str = "wide") -> str:
        key = self.cache_key(size)
        svg = cache.get(key)
        if svg is None:
            svg = self.svg(size)
            cache.set(key, svg, CHART_CACHE_SECONDS)
        return svg

    def draw_all(self) -> None:
        for size in SIZES:
            self.cached_svg(size)

    def data_uri(self, size: str = "wide") -> str:
        return (
            "data:image/svg+xml;base64," + base64.b64encode(self.cached_svg(size).encode()).decode()
        )

    @property
    def image_size(self) -> tuple[int, int]:
        """(width, height) of the wide drawing, for the <img> tag (no layout shift)."""
        width, height, font = SIZES["wide"]
        layout = _LAYOUTS[self.kind](self, width, height, font)
        return layout["width"], layout["height"]

    @property
    def data_uri_narrow(self) -> str:
        return self.data_uri("narrow")

    @property
    def image_url_narrow(self) -> str:
        if not self.image_url:
            return ""
        return self.image_url + ("&" if "?" in self.image_url else "?") + "size=narrow"

    def csv(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(self.headings())
        for row in self.rows():
            writer.writerow(["" if value is None else value for value in row])
        return out.getvalue()


def _coordinates(layout):
    """Floats written once as SVG coordinates ("12.3", never localised): the template only
    pastes them (filters per number made drawing five times slower)."""
    if isinstance(layout, float):
        return f"{layout:.1f}"
    if isinstance(layout, dict):
        return {key: _coordinates(value) for key, value in layout.items()}
    if isinstance(layout, list):
        return [_coordinates(value) for value in layout]
    return layout


def _legend(chart: Chart, width: int, bottom: float, font: int) -> tuple[list[dict], float]:
    """Legend entries laid out in rows under the plot; returns (items, height used)."""
    if len(chart.series) < 2:
        return [], 0
    items, x, y, line = [], 8.0, bottom, font * 1.6
    for index, (name, _values) in enumerate(chart.series):
        label = _truncate(name, font, width - 40)
        w = 18 + text_width(label, font) + 16
        if x + w > width - 8 and x > 8:
            x, y = 8.0, y + line
        items.append(
            {
                "x": x,
                "y": y,
                "box_y": y - 10,
                "text_x": x + 18,
                "text": label,
                "color": COLORS[index % len(COLORS)],
            }
        )
        x += w
    return items, (y - bottom) + line + 4


def _legend_height(chart: Chart, width: int, font: int) -> float:
    return _legend(chart, width, 0, font)[1]


def _value_range(chart: Chart) -> tuple[float, float]:
    values = [float(v) for _n, vs in chart.series for v in vs if v is not None]
    return (min(values), max(values)) if values else (0.0, 1.0)


def _category_layout(chart: Chart, width: int, height: int, font: int) -> dict:
    """Line and bar charts: categories along x, one value axis on the left."""
    top = 12.0
    legend_h = _legend_height(chart, width, font)
    # Month labels sit a line and a half below the axis, clear of the "0" tick beside it.
    bottom = height - legend_h - font * 2.6
    low, high = _value_range(chart)
    most = int((bottom - top) // (font * 2.4))
    ticks = nice_ticks(low, high, most, whole=not chart.unit)
    tick_texts = [chart.tick_text(t) for t in ticks]
    widest = max((text_width(label, font) for label in chart.labels), default=0)
    # The first and last category labels are centred near the ends: room for half of each.
    left = max(8 + max(text_width(t, font) for t in tick_texts) + 8, widest / 2 + 4)
    right = width - max(12.0, widest / 2 + 4)
    lo, hi = ticks[0], ticks[-1]

    def y_of(value):
        return bottom - (value - lo) / (hi - lo) * (bottom - top)

    count = max(1, len(chart.labels))
    slot = (right - left) / count
    every = max(1, math.ceil((widest + font) / slot))
    x_labels = []
    for index, label in enumerate(chart.labels):
        if index % every == 0:
            x_labels.append({"x": left + slot * (index + 0.5), "text": label})
    y_ticks = [{"y": y_of(t), "text": s} for t, s in zip(ticks, tick_texts, strict=True)]
    marks = []
    if chart.kind == "bar":
        n = max(1, len(chart.series))
        bar_w = slot * 0.8 / n
        for s_index, (name, values) in enumerate(chart.series):
            for index, value in enumerate(values):
                if value is None:
                    continue
                x = left + slot * index + slot * 0.1 + bar_w * s_index
                y0, y1 = y_of(0), y_of(float(value))
                marks.append(
                    {
                        "kind": "rect",
                        "x": x,
                        "y": min(y0, y1),
                        "w": max(bar_w - 1, 1),
                        "h": max(abs(y0 - y1), 0.5),
                        "color": COLORS[s_index % len(COLORS)],
                        "title": f"{name}, {chart.labels[index]}: {chart.tick_text(value)}",
                        "value": value,
                    }
                )
    else:
        for s_index, (name, values) in enumerate(chart.series):
            segment = []
            for index, value in enumerate([*values, None]):
                if value is not None:
                    segment.append((left + slot * (index + 0.5), y_of(float(value))))
                elif segment:
                    points = " ".join(f"{x:.1f},{y:.1f}" for x, y in segment)
                    marks.append(
                        {
                            "kind": "line",
                            "points": points,
                            "color": COLORS[s_index % len(COLORS)],
                            "title": name,
                        }
                    )
                    if len(segment) == 1 or count <= 12:
                        for x, y in segment:
                            marks.append(
                                {
                                    "kind": "dot",
                                    "x": x,
                                    "y": y,
                                    "color": COLORS[s_index % len(COLORS)],
                                }
                            )
                    segment = []
    legend, _h = _legend(chart, width, height - legend_h + font, font)
    return {
        "width": width,
        "height": height,
        "font": font,
        "plot": {"left": left, "right": right, "top": top, "bottom": bottom},
        "y_ticks": y_ticks,
        "y_tick_x": left - 8,
        "x_labels": x_labels,
        "x_label_y": bottom + font * 2.0,
        "marks": marks,
        "legend": legend,
    }


def _hbar_layout(chart: Chart, width: int, height: int, font: int) -> dict:
    """Horizontal bars: category names on the left, value axis along the bottom. The height
    grows with the number of bars so that names never overlap."""
    row = font * 2.0
    n = max(1, len(chart.labels))
    legend_h = _legend_height(chart, width, font)
    top = 8.0
    height = max(height // 2, int(top + n * row + font * 2.6 + legend_h + 8))
    bottom = top + n * row
    name_room = width * 0.38
    names = [_truncate(label, font, name_room) for label in chart.labels]
    left = 8 + max((text_width(name, font) for name in names), default=0) + 8
    low, high = _value_range(chart)
    # Try from many ticks to two until their labels fit side by side; the last label is
    # centred on the right end of the axis, so the plot stops half a label short.
    for most in range(8, 1, -1):
        ticks = nice_ticks(low, high, most, whole=not chart.unit)
        texts = [chart.tick_text(t) for t in ticks]
        widest = max(text_width(t, font) for t in texts)
        right = width - max(16.0, widest / 2 + 4)
        spacing = (right - left) / max(1, len(ticks) - 1)
        if widest + font <= spacing:
            break
    lo, hi = ticks[0], ticks[-1]

    def x_of(value):
        return left + (value - lo) / (hi - lo) * (right - left)

    marks = []
    s_count = max(1, len(chart.series))
    bar_h = row * 0.7 / s_count
    for s_index, (_name, values) in enumerate(chart.series):
        for index, value in enumerate(values):
            if value is None:
                continue
            x0, x1 = x_of(0), x_of(float(value))
            marks.append(
                {
                    "kind": "rect",
                    "x": min(x0, x1),
                    "y": top + row * index + row * 0.15 + bar_h * s_index,
                    "w": max(abs(x1 - x0), 0.5),
                    "h": bar_h,
                    "color": COLORS[s_index % len(COLORS)],
                    "title": f"{chart.labels[index]}: {chart.tick_text(value)}",
                    "value": value,
                }
            )
    legend, _h = _legend(chart, width, height - legend_h + font, font)
    return {
        "width": width,
        "height": height,
        "font": font,
        "plot": {"left": left, "right": right, "top": top, "bottom": bottom},
        "x_ticks": [{"x": x_of(t), "text": s} for t, s in zip(ticks, texts, strict=True)],
        "x_tick_y": bottom + font * 2.0,
        "names": [
            {"y": top + row * (i + 0.5), "text": name, "full": label}
            for i, (name, label) in enumerate(zip(names, chart.labels, strict=True))
        ],
        "name_x": left - 8,
        "marks": marks,
        "legend": legend,
    }


def _funnel_layout(chart: Chart, width: int, height: int, font: int) -> dict:
    """A funnel: one centred band per stage, as wide as its count (whole numbers), each
    labelled with the stage, the count and the share of the first stage."""
    values = [int(v or 0) for v in (chart.series[0][1] if chart.series else [])]
    first = max(values[0] if values else 0, 1)
    peak = max([*values, 1])
    n = max(1, len(values))
    top, row = 8.0, font * 3.6
    height = int(top + n * row + 8)
    centre, room = width / 2, width - 24
    stages = []
    for index, (label, value) in enumerate(zip(chart.labels, values, strict=True)):
        w = max(room * value / peak, 2)
        following = values[index + 1] if index + 1 < n else value
        w_next = max(room * following / peak, 2)
        y = top + row * index
        share = f" ({round(100 * value / first)}%)" if index and values[0] else ""
        count = format_figure(value, language=chart.language or None)
        text = _truncate(f"{label}: {count}{share}", font, width - 16)
        stages.append(
            {
                "points": " ".join(
                    f"{x:.1f},{yy:.1f}"
                    for x, yy in (
                        (centre - w / 2, y),
                        (centre + w / 2, y),
                        (centre + w_next / 2, y + row - 4),
                        (centre - w_next / 2, y + row - 4),
                    )
                ),
                "color": COLORS[index % len(COLORS)],
                "text": text,
                "text_y": y + row / 2,
                "value": value,
            }
        )
    return {"width": width, "height": height, "font": font, "stages": stages, "centre": centre}


_LAYOUTS = {
    "line": _category_layout,
    "bar": _category_layout,
    "hbar": _hbar_layout,
    "funnel": _funnel_layout,
}
