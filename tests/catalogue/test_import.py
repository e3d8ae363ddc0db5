import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from catalogue.models import ImportJob, PriceTier, Product
from tests.factories import GIProductFactory

HEADER = [
    "name",
    "category",
    "description",
    "moq",
    "unit",
    "price_tiers",
    "lead_time_days",
    "gi",
    "gi_authorised_user",
]


def csv_file(rows, header=HEADER, name="listings.csv"):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return SimpleUploadedFile(name, buffer.getvalue().encode("utf-8-sig"), "text/csv")


def good_row(n, category="sarees"):
    return [
        f"Stole {n}",
        category,
        "Handwoven <em>silk</em> stole",
        "10",
        "piece",
        "10:900;50:800",
        "21",
        "",
        "no",
    ]


def test_good_file_imports_every_row(client, seller_user, category):
    gi = GIProductFactory(slug="banarasi-sarees")
    client.force_login(seller_user)
    rows = [good_row(1), good_row(2, "Sarees"), [*good_row(3)[:7], "banarasi-sarees", "yes"]]
    response = client.post(reverse("catalogue:dashboard_import"), {"file": csv_file(rows)})
    assert response.status_code == 302
    job = ImportJob.objects.get()
    assert job.status == "done" and job.imported_count == 3
    products = Product.objects.order_by("name")
    assert [p.name for p in products] == ["Stole 1", "Stole 2", "Stole 3"]
    assert {p.status for p in products} == {"pending"}
    assert products[2].gi == gi and products[2].gi_authorised_user
    assert products[0].price_min_inr == 800 and products[0].price_max_inr == 900
    assert PriceTier.objects.count() == 6
    page = client.get(response["Location"]).content.decode()
    assert "3 listings imported." in page


def test_one_bad_row_imports_nothing_and_reports_each_problem(client, seller_user, category):
    client.force_login(seller_user)
    rows = [
        good_row(1),
        ["", "nope", "", "0", "bushel", "10-900", "soon", "unknown-gi", "maybe"],
        good_row(3),
        good_row(1),  # duplicate name
    ]
    response = client.post(reverse("catalogue:dashboard_import"), {"file": csv_file(rows)})
    job = ImportJob.objects.get()
    assert job.status == "failed"
    assert Product.objects.count() == 0 and PriceTier.objects.count() == 0
    by_row = {entry["row"]: entry["errors"] for entry in job.report}
    assert set(by_row) == {3, 5}
    assert set(by_row[3]) == {
        "name",
        "category",
        "description",
        "moq",
        "unit",
        "price_tiers",
        "lead_time_days",
        "gi",
        "gi_authorised_user",
    }
    assert "Same name as row 2" in by_row[5]["name"][0]
    page = client.get(response["Location"]).content.decode()
    assert "Nothing was imported" in page
    assert "Unknown category" in page


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"name,category\nx,y\n", "lacks these columns"),
        ("name;category\n".encode("utf-16"), "not UTF-8"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "not UTF-8"),
    ],
)
def test_malformed_files_get_a_message(client, seller_user, content, message):
    client.force_login(seller_user)
    response = client.post(
        reverse("catalogue:dashboard_import"),
        {"file": SimpleUploadedFile("x.csv", content, "text/csv")},
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert ImportJob.objects.count() == 0


def test_thousand_row_file_completes_with_progress(
    client, seller_user, category, django_assert_max_num_queries
):
    client.force_login(seller_user)
    rows = [good_row(n) for n in range(1000)]
    response = client.post(reverse("catalogue:dashboard_import"), {"file": csv_file(rows)})
    job = ImportJob.objects.get()
    assert job.status == "done", job.report[:3]
    assert job.imported_count == 1000 and job.processed_rows == job.total_rows == 1000
    assert job.percent == 100
    assert Product.objects.filter(seller__memberships__user=seller_user).count() == 1000
    assert PriceTier.objects.count() == 2000
    page = client.get(response["Location"], headers={"HX-Request": "true"}).content.decode()
    assert '<progress id="import-bar" max="100" value="100">' in page


def test_progress_page_polls_while_running(client, seller_user, seller):
    job = ImportJob.objects.create(
        seller=seller, content="x", total_rows=200, processed_rows=50, status="running"
    )
    client.force_login(seller_user)
    page = client.get(reverse("catalogue:dashboard_import_job", args=[job.pk])).content.decode()
    assert 'value="25"' in page and 'hx-trigger="every 1s"' in page
    assert '<meta http-equiv="refresh" content="2">' in page


def test_another_sellers_import_is_404(client, other_seller_user, seller):
    job = ImportJob.objects.create(seller=seller, content="x")
    client.force_login(other_seller_user)
    assert client.get(reverse("catalogue:dashboard_import_job", args=[job.pk])).status_code == 404
