"""Officials' admin pages: authorization by district, upload, dashboard, CSV, tracker."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cms.officials.models import ActionPlanPage, Bottleneck
from regions.models import ExportStat, ExportStatImport
from tests.factories import UserFactory
from tests.factories.officials import make_action_plan

SAMPLE = Path(__file__).resolve().parents[2] / "regions" / "data" / "sample_export_stats.csv"


def upload(client, district, content: bytes, name="figures.csv"):
    return client.post(
        reverse("officials_admin:district_import", args=[district.pk]),
        {"file": SimpleUploadedFile(name, content, content_type="text/csv")},
    )


def test_official_uploads_sample_and_sees_charts_and_csv(client, official, varanasi_page):
    district = varanasi_page.district
    make_action_plan(varanasi_page)
    client.force_login(official)
    response = upload(client, district, SAMPLE.read_bytes())
    batch = ExportStatImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("officials_admin:import_report", args=[batch.pk])
    # Nothing is saved until the official has seen the preview and confirmed.
    assert batch.status == "pending" and ExportStat.objects.count() == 0
    preview = client.get(response["Location"]).content.decode()
    assert "What will change" in preview and "data-import-confirm" in preview
    assert "<td>India</td>" in preview and "₹" in preview.split("data-preview-headlines")[1]
    confirm = reverse("officials_admin:import_confirm", args=[batch.pk])
    assert client.get(confirm).status_code == 405
    assert client.post(confirm)["Location"] == response["Location"]
    assert ExportStat.objects.count() == 504

    report = client.get(response["Location"])
    assert b"504 rows imported" in report.content

    page = client.get(reverse("officials_admin:district_dashboard", args=[district.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert html.count('src="data:image/svg+xml;base64,') >= 6
    assert "<script>" not in html.split('id="chart-')[1].split("</figure>")[0]
    assert "United States" in html  # top destination, in the table view
    assert 'data-figure="rank">1 of 1' in html

    csv_response = client.get(
        reverse("officials_admin:district_chart_csv", args=[district.pk, "exports_by_year"])
    )
    lines = csv_response.content.decode().splitlines()
    assert csv_response["Content-Type"].startswith("text/csv")
    assert lines[0] == "Financial year,Exports (INR),Plan target (INR)"
    assert lines[1].startswith("2023-24,") and lines[1].endswith(",3100000000.00")


def test_bad_upload_shows_per_row_report_and_imports_nothing(client, official, varanasi_page):
    client.force_login(official)
    content = SAMPLE.read_bytes().replace(b",US,", b",XX,", 1)
    response = upload(client, varanasi_page.district, content)
    report = client.get(response["Location"]).content.decode()
    assert "Nothing was imported" in report or "problem found" in report
    assert "“XX” is not an ISO 3166-1" in report
    assert ExportStat.objects.count() == 0


def test_rows_of_another_district_are_refused_on_a_district_upload_page(
    client, official, varanasi_page, agra_page
):
    client.force_login(official)
    content = b"state,district,period_kind,period,hs_code,country,value_inr,value_usd\n"
    content += agra_page.district.state.name.encode() + b",Agra,month,2024-04,64,US,1,1\n"
    upload(client, varanasi_page.district, content)
    assert ExportStat.objects.count() == 0
    assert "may not import" in ExportStatImport.objects.get().report["row_errors"][0]["message"]


@pytest.mark.parametrize(
    "name",
    ["district_dashboard", "district_import", "district_readiness"],
)
def test_another_districts_pages_are_404(client, agra_official, varanasi_page, name):
    client.force_login(agra_official)
    url = reverse(f"officials_admin:{name}", args=[varanasi_page.district.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {}).status_code in (404, 405)


def test_another_districts_report_csv_and_tracker_are_404(
    client, official, agra_official, varanasi_page
):
    plan = make_action_plan(varanasi_page)
    client.force_login(official)
    upload(client, varanasi_page.district, SAMPLE.read_bytes())
    batch = ExportStatImport.objects.get()
    client.force_login(agra_official)
    for name in ("import_confirm", "import_undo"):
        url = reverse(f"officials_admin:{name}", args=[batch.pk])
        assert client.post(url).status_code == 404
    assert ExportStat.objects.count() == 0
    for url in (
        reverse("officials_admin:import_report", args=[batch.pk]),
        reverse("officials_admin:district_chart_csv", args=[varanasi_page.district.pk, "growth"]),
        reverse("officials_admin:bottlenecks", args=[plan.pk]),
        reverse("officials_admin:import_all"),
        reverse("officials_admin:india_dashboard"),
    ):
        assert client.get(url).status_code == 404, url


def test_staff_see_every_district_and_india(client, varanasi_page, agra_page):
    staff = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(staff)
    index = client.get(reverse("officials_admin:index")).content.decode()
    assert "Varanasi" in index and "Agra" in index
    assert client.get(reverse("officials_admin:india_dashboard")).status_code == 200
    state = varanasi_page.district.state
    assert (
        client.get(reverse("officials_admin:state_dashboard", args=[state.pk])).status_code == 200
    )
    response = client.post(
        reverse("officials_admin:import_all"),
        {"file": SimpleUploadedFile("f.csv", SAMPLE.read_bytes(), content_type="text/csv")},
    )
    assert response.status_code == 302 and ExportStat.objects.count() == 0
    client.post(reverse("officials_admin:import_confirm", args=[ExportStatImport.objects.get().pk]))
    assert ExportStat.objects.count() == 504


def test_foreign_confirmation_is_refused_with_a_message_and_undo_restores(
    client, official, varanasi_page
):
    client.force_login(official)
    upload(client, varanasi_page.district, SAMPLE.read_bytes())
    batch = ExportStatImport.objects.get()
    colleague = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(colleague)
    confirm = reverse("officials_admin:import_confirm", args=[batch.pk])
    page = client.post(confirm, follow=True).content.decode()
    assert "Only the official who uploaded this file can confirm it." in page
    assert ExportStat.objects.count() == 0
    client.force_login(official)
    client.post(confirm)
    again = client.post(confirm, follow=True).content.decode()
    assert "already confirmed" in again and ExportStat.objects.count() == 504
    undo = client.post(reverse("officials_admin:import_undo", args=[batch.pk]), follow=True)
    assert "Import undone." in undo.content.decode() and ExportStat.objects.count() == 0


def test_import_page_links_sample_and_template_downloads(client, official, varanasi_page):
    client.force_login(official)
    page = client.get(reverse("officials_admin:district_import", args=[varanasi_page.district.pk]))
    sample = reverse("officials_admin:import_template", args=["sample"])
    template = reverse("officials_admin:import_template", args=["template"])
    assert sample in page.content.decode() and template in page.content.decode()
    header = client.get(template).content.decode().splitlines()
    assert header == ["state,district,period_kind,period,hs_code,country,value_inr,value_usd"]
    assert client.get(sample)["Content-Disposition"].endswith('sample.csv"')
    bad = reverse("officials_admin:import_template", args=["other"])
    assert client.get(bad).status_code == 404


def test_anonymous_is_sent_to_sign_in(client, varanasi_page):
    url = reverse("officials_admin:district_dashboard", args=[varanasi_page.district.pk])
    assert client.get(url).status_code == 302


def test_tracker_changes_status_through_a_published_revision(client, official, varanasi_page):
    plan = make_action_plan(varanasi_page, bottlenecks=2)
    row = plan.bottlenecks.first()
    client.force_login(official)
    url = reverse("officials_admin:bottlenecks", args=[plan.pk])
    assert "Testing lab for dyes" in client.get(url).content.decode()
    response = client.post(url, {"bottleneck": row.pk, "status": "in_progress"})
    assert response.status_code == 302
    assert Bottleneck.objects.get(pk=row.pk).status == "in_progress"
    plan = ActionPlanPage.objects.get(pk=plan.pk)
    latest = plan.get_latest_revision_as_object()
    assert {b.status for b in latest.bottlenecks.all()} == {"in_progress", "open"}
    assert not plan.has_unpublished_changes
    # Unknown status or row: a message or a 404, never a 500.
    assert client.post(url, {"bottleneck": row.pk, "status": "done"}).status_code == 302
    assert client.post(url, {"bottleneck": 999999, "status": "open"}).status_code == 404


def test_index_query_count_does_not_grow_with_districts(
    client, django_assert_max_num_queries, varanasi_page
):
    from tests.factories import DistrictFactory

    staff = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(staff)
    url = reverse("officials_admin:index")
    client.get(url)
    with django_assert_max_num_queries(25) as one:
        client.get(url)
    DistrictFactory.create_batch(49, state=varanasi_page.district.state)
    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get(url)
