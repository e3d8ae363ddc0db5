"""Chart tick labels measured in Chromium: every chart kind, both drawings (wide for desktop,
narrow for a 360 px phone), in Indian English, Hindi, English, French and Arabic. No two
labels' boxes (getBBox) overlap, every label stays inside the picture, and the layout's width
estimate is never smaller than what the browser draws (so the server-side layout is safe)."""

from decimal import Decimal

import pytest
from django.utils import translation

from cms.officials.charts import SIZES, Chart, text_width

MONTHS = [f"{y}-{m:02d}" for y in (2023, 2024, 2025) for m in range(1, 13)]


def charts(language: str) -> list[Chart]:
    return [
        Chart(
            "monthly",
            "Exports over time",
            "line",
            MONTHS,
            [("Exports", [Decimal(9_000_000 + i * 1_370_000) for i in range(36)])],
            unit="INR",
            language=language,
        ),
        Chart(
            "growth",
            "Growth",
            "bar",
            [f"Month {i}" for i in range(1, 13)],
            [
                ("Latest", [Decimal(55_000_000 + i * 7_000_000) for i in range(12)]),
                ("A year earlier", [Decimal(40_000_000 + i * 6_000_000) for i in range(12)]),
            ],
            unit="INR",
            language=language,
        ),
        Chart(
            "countries",
            "Top destination countries",
            "hbar",
            [
                "United States of America",
                "United Arab Emirates",
                "United Kingdom of Great Britain and Northern Ireland",
                "Germany",
                "Nepal",
            ],
            [
                (
                    "Exports",
                    [
                        Decimal(1_100_000_000),
                        Decimal(500_000_000),
                        Decimal(120_000_000),
                        Decimal(30_000_000),
                        Decimal(900_000),
                    ],
                )
            ],
            unit="INR",
            language=language,
        ),
        Chart(
            "activity",
            "Activity",
            "line",
            MONTHS[:12],
            [("Enquiries", [i % 3 for i in range(12)]), ("Orders", [i % 2 for i in range(12)])],
            language=language,
        ),
        Chart(
            "funnel",
            "Funnel",
            "funnel",
            ["Enquiries", "Quoted", "Ordered"],
            [("Count", [1, 1, 0])],
            language=language,
        ),
    ]


MEASURE = """() => [...document.querySelectorAll('svg text.tick-label, svg text.stage-label')]
  .map(t => { const b = t.getBBox(); return {text: t.textContent, x: b.x, y: b.y, w: b.width,
  h: b.height, size: parseFloat(getComputedStyle(t).fontSize)}; })"""


def overlap(a, b) -> bool:
    return (
        a["x"] < b["x"] + b["w"] - 0.5
        and b["x"] < a["x"] + a["w"] - 0.5
        and (a["y"] < b["y"] + b["h"] - 0.5 and b["y"] < a["y"] + a["h"] - 0.5)
    )


@pytest.mark.parametrize("language", ["en-IN", "hi", "en", "fr", "ar"])
@pytest.mark.parametrize("size", list(SIZES))
def test_tick_labels_do_not_overlap_in_chromium(page, language, size):
    with translation.override("en"):
        drawn = [(chart.key, chart.svg(size)) for chart in charts(language)]
    for key, svg in drawn:
        page.set_content(f"<!doctype html><body style='margin:0'>{svg}</body>")
        boxes = page.evaluate(MEASURE)
        width, height = page.evaluate(
            "() => { const s = document.querySelector('svg'); "
            "return [s.viewBox.baseVal.width, s.viewBox.baseVal.height]; }"
        )
        assert boxes, key
        for index, box in enumerate(boxes):
            where = f"{key} {size} {language}: {box['text']!r}"
            assert box["x"] >= -0.5 and box["x"] + box["w"] <= width + 0.5, where
            assert box["y"] >= -0.5 and box["y"] + box["h"] <= height + 0.5, where
            assert box["w"] <= text_width(box["text"], box["size"]) + 1, where
            for other in boxes[index + 1 :]:
                assert not overlap(box, other), f"{where} overlaps {other['text']!r}"
