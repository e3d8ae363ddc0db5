"""Charts of the dashboards: one `Chart` holds the numbers; it renders as an SVG image
(pygal, server-side), as a table and as CSV, so all three always show the same figures.

The SVG is shown as an image, inline as a data: URI on the officials' admin pages or from its
own cacheable URL on public pages (`views.glance_svg`): an SVG shown as an image runs no
script and its own <style> does not touch the page, so the strict CSP (no inline script or
style without a nonce, img-src 'self' data:) holds, and nothing is fetched from outside.
pygal's tooltip script is switched off and stripped anyway.

Drawing is the slow part (pygal, 4-10 ms a chart), so SVGs are cached by content hash
(`cache_key`); after an import `tasks.draw_dashboard_charts` draws them before anyone looks.
"""

import base64
import csv
import hashlib
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal

import pygal
from django.core.cache import cache
from pygal.style import Style

_STYLE = Style(
    background="#ffffff",
    plot_background="#ffffff",
    foreground="#333333",
    foreground_strong="#111111",
    foreground_subtle="#888888",
    font_family="system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
    colors=("#1f6f8b", "#e07a1f", "#5b8c2a", "#a23b72", "#6c757d", "#c9a227"),
    title_font_size=18,
    label_font_size=13,
    major_label_font_size=13,
    legend_font_size=14,
    value_font_size=12,
)
CHART_CACHE_SECONDS = 24 * 3600
# SVGs drawn by pygal in this process: tests and the benchmark read it to tell a page that
# drew its charts from one that found them cached.
renders = 0
_SCRIPT = re.compile(r"<script\b.*?</script>", re.DOTALL | re.IGNORECASE)
_KINDS = {
    "line": pygal.Line,
    "bar": pygal.Bar,
    "hbar": pygal.HorizontalBar,
    "funnel": pygal.Funnel,
}


@dataclass
class Chart:
    key: str
    title: str
    kind: str  # line, bar, hbar, funnel
    labels: list[str]
    series: list[tuple[str, list]] = field(default_factory=list)
    unit: str = ""
    label_heading: str = ""
    # Where a public page loads the SVG and the CSV from (set by the at-a-glance block); not
    # drawn, so not part of the fingerprint. No image_url: the SVG is inlined as a data: URI.
    image_url: str = ""
    csv_url: str = ""

    @property
    def is_empty(self) -> bool:
        return not self.labels or all(
            value in (None, 0) for _, values in self.series for value in values
        )

    def rows(self) -> list[list]:
        return [
            [label, *(values[index] for _, values in self.series)]
            for index, label in enumerate(self.labels)
        ]

    def headings(self) -> list[str]:
        return [self.label_heading or "", *(name for name, _ in self.series)]

    def svg(self) -> str:
        """Draw the chart (slow: use `cached_svg`)."""
        global renders
        renders += 1
        chart = _KINDS[self.kind](
            style=_STYLE,
            js=[],
            disable_xml_declaration=True,
            show_legend=len(self.series) > 1,
            legend_at_bottom=True,
            x_label_rotation=30 if self.kind in ("line", "bar") and len(self.labels) > 8 else 0,
            show_minor_x_labels=len(self.labels) <= 24,
            x_labels_major_every=max(1, len(self.labels) // 12) if len(self.labels) > 24 else None,
            truncate_label=-1,
            width=900,
            height=420,
            margin=16,
            print_values=False,
            # The SVG is shown as an image (no hover), so a dot per value only adds nodes
            # (pygal draws each with its tooltip text); keep dots where points are few.
            show_dots=len(self.labels) <= 12,
            human_readable=True,
            no_data_text="No figures yet",
            value_formatter=_format_inr if self.unit == "INR" else _format_plain,
        )
        if self.kind == "hbar":
            # pygal draws horizontal bars bottom-up; reverse so the largest is on top.
            chart.x_labels = list(reversed(self.labels))
            for name, values in self.series:
                chart.add(name, [_float(value) for value in reversed(values)])
        elif self.kind == "funnel":
            for label, value in zip(self.labels, self.series[0][1], strict=True):
                chart.add(label, [_float(value)])
        else:
            chart.x_labels = self.labels
            for name, values in self.series:
                chart.add(name, [_float(value) for value in values])
        return _SCRIPT.sub("", chart.render(is_unicode=True))

    def fingerprint(self) -> str:
        """Changes whenever anything drawn changes (title, labels, numbers, kind)."""
        payload = repr((self.kind, self.title, self.unit, self.labels, self.series))
        return hashlib.sha256(payload.encode()).hexdigest()

    def cache_key(self) -> str:
        return f"officials:chart-svg:{self.fingerprint()}"

    def cached_svg(self) -> str:
        """The SVG, cached by content: pygal takes milliseconds per chart, and the same
        numbers always draw the same picture."""
        key = self.cache_key()
        svg = cache.get(key)
        if svg is None:
            svg = self.svg()
            cache.set(key, svg, CHART_CACHE_SECONDS)
        return svg

    def data_uri(self) -> str:
        """The cached SVG as a data URI (encoding it takes microseconds)."""
        return "data:image/svg+xml;base64," + base64.b64encode(self.cached_svg().encode()).decode()

    def csv(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(self.headings())
        for row in self.rows():
            writer.writerow(["" if value is None else value for value in row])
        return out.getvalue()


def _float(value):
    return None if value is None else float(value)


def _format_plain(value) -> str:
    return "" if value is None else f"{value:,.0f}"


def _format_inr(value) -> str:
    """Indian style: lakh (10^5) and crore (10^7), as officials read export figures."""
    if value is None:
        return ""
    value = Decimal(str(value))
    for limit, suffix in ((Decimal(10**7), " cr"), (Decimal(10**5), " lakh")):
        if abs(value) >= limit:
            return f"{value / limit:,.2f}{suffix}"
    return f"{value:,.0f}"
