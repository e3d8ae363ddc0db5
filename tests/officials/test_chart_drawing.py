"""Charts after an import: a background task draws them before anyone opens a dashboard, and
the public at-a-glance charts load from their own cacheable URL."""

import json
from pathlib import Path

import pytest
from django.core.cache import cache
from django.urls import reverse

from cms.officials import charts
from cms.officials.dashboards import at_a_glance, district_dashboard
from regions.services import export_stats_import
from tests.factories import UserFactory

SAMPLE = Path(__file__).resolve().parents[2] / "regions" / "data" / "sample_export_stats.csv"


def imported(callbacks):
    """The after-commit callbacks that announce an import (others bump content versions)."""
    return [c for c in callbacks if getattr(c, "keywords", {}).get("district_ids")]


def dashboard_urls(district):
    return [
        reverse("officials_admin:district_dashboard", args=[district.pk]),
        reverse("officials_admin:state_dashboard", args=[district.state_id]),
        reverse("officials_admin:india_dashboard"),
    ]


def drawn_by_opening(client, urls) -> dict[str, int]:
    drawn = {}
    for url in urls:
        before = charts.renders
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.content.decode().count('src="data:image/svg+xml;base64,') >= 6, url
        drawn[url] = charts.renders - before
    return drawn


@pytest.fixture
def staff_client(client, varanasi_page):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_after_an_import_the_first_view_draws_no_chart(
    staff_client, varanasi_page, django_capture_on_commit_callbacks
):
    district = varanasi_page.district
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        before = charts.renders
        _batch, report = export_stats_import(data=SAMPLE.read_bytes(), filename="s.csv")
    assert report.ok and len(imported(callbacks)) == 1
    # Every language's district, glance, state and India charts (6-9 a dashboard).
    assert charts.renders - before >= 20
    assert all(
        count == 0 for count in drawn_by_opening(staff_client, dashboard_urls(district)).values()
    )
    glance = at_a_glance(district)
    assert all(cache.get(chart.cache_key()) for chart in glance.charts.values())
    # In Hindi too: the task drew every site language.
    staff_client.cookies["django_language"] = "hi"
    dashboard = district_dashboard(district)
    assert all(
        cache.get(chart.cache_key()) for chart in dashboard.charts.values() if not chart.is_empty
    )


def test_without_the_task_the_first_view_draws_its_charts(staff_client, varanasi_page):
    """The control: the same import whose after-commit work never runs (as if the task were
    not queued) leaves the first views to draw every chart."""
    export_stats_import(data=SAMPLE.read_bytes(), filename="s.csv")  # on_commit never fires
    drawn = drawn_by_opening(staff_client, dashboard_urls(varanasi_page.district))
    # The state's and India's charts are the district's (one district) but for the ranking.
    assert next(iter(drawn.values())) >= 6 and sum(drawn.values()) >= 7, drawn
    # A second view finds them cached.
    assert set(drawn_by_opening(staff_client, dashboard_urls(varanasi_page.district)).values()) == {
        0
    }


def test_a_rejected_file_queues_nothing(varanasi_page, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        _batch, report = export_stats_import(data=b"state,district\n", filename="bad.csv")
    assert not report.ok and imported(callbacks) == []


@pytest.fixture
def glance_page(varanasi_page):
    export_stats_import(data=SAMPLE.read_bytes(), filename="s.csv")
    varanasi_page.body = json.dumps(
        [{"type": "district_at_a_glance", "value": {"months": 12, "destinations": 3}}]
    )
    varanasi_page.save_revision().publish()
    return varanasi_page


def svg_url(district_id, key="top_countries", **query):
    from urllib.parse import urlencode

    url = reverse("cms:officials:glance_svg", args=[district_id, key])
    return f"{url}?{urlencode(query)}" if query else url


def test_storefront_links_its_charts_instead_of_inlining_them(client, glance_page):
    html = client.get(glance_page.url).content.decode()
    assert "data:image/svg+xml" not in html
    district = glance_page.district
    chart = at_a_glance(district, months=12, destinations=3).charts["top_countries"]
    url = svg_url(district.pk, months=12, destinations=3, v=chart.fingerprint()[:16])
    assert f'src="{url.replace("&", "&amp;")}" loading="lazy"' in html
    assert html.count('loading="lazy" alt="Chart: ') == 2
    assert f'width="720" height="{chart.image_size[1]}"' in html
    assert "<summary>Table view</summary>" in html
    csv_url = reverse("cms:officials:glance_csv", args=[district.pk, "top_countries"])
    assert f'href="{csv_url}?months=12&amp;destinations=3"' in html
    # The CSV follows the block's settings: three destinations, as the chart shows.
    csv_lines = client.get(f"{csv_url}?months=12&destinations=3").content.decode().splitlines()
    # One unit per chart: INR drawn, USD only in the table and CSV, each heading with its unit.
    assert csv_lines[0] == "Country,Exports (INR),Exports (USD)"
    assert len(csv_lines) == 1 + len(chart.labels) <= 4


def test_chart_svg_is_a_cacheable_locked_down_image(client, glance_page):
    district = glance_page.district
    chart = at_a_glance(district).charts["exports_monthly"]
    url = svg_url(district.pk, "exports_monthly", v=chart.fingerprint()[:16])
    response = client.get(url)
    body = response.content.decode()
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml; charset=utf-8"
    assert body.startswith("<svg") and "<script" not in body.lower()
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["ETag"] == f'"{chart.fingerprint()}-wide"'
    assert response["Cache-Control"] == "public, max-age=86400"
    csp = response["Content-Security-Policy"]
    assert "default-src 'none'" in csp and "style-src 'unsafe-inline'" in csp
    assert "script-src" not in csp and "'nonce-" not in csp
    assert "frame-ancestors 'none'" in csp
    assert "Cookie" not in response.get("Vary", "")
    # Unversioned (or stale) URLs are cached briefly; an unchanged chart is a 304.
    assert client.get(svg_url(district.pk, "exports_monthly"))["Cache-Control"] == (
        "public, max-age=300"
    )
    again = client.get(url, headers={"if-none-match": response["ETag"]})
    assert again.status_code == 304 and again["ETag"] == response["ETag"]
    assert again.content == b""
    # The same picture the admin page inlines (one cache entry, keyed by content).
    assert client.get(url).content.decode() == cache.get(chart.cache_key())


@pytest.mark.parametrize(
    "build, status",
    [
        (lambda d: svg_url(999999, "exports_monthly"), 404),
        (lambda d: svg_url(d.pk, "exports_by_year"), 404),  # an admin-only chart
        (lambda d: svg_url(d.pk, "no_such_chart"), 404),
        (lambda d: svg_url(d.pk, months="many"), 400),
        (lambda d: svg_url(d.pk, months=600), 400),
        (lambda d: svg_url(d.pk, destinations=1), 400),
    ],
)
def test_chart_svg_refuses_unknown_districts_charts_and_settings(
    client, glance_page, build, status
):
    response = client.get(build(glance_page.district))
    assert response.status_code == status
    assert not response["Content-Type"].startswith("image/svg")


def test_chart_svg_only_answers_get(client, glance_page):
    url = svg_url(glance_page.district.pk)
    assert client.post(url).status_code == 405
    assert client.head(url).status_code == 200
