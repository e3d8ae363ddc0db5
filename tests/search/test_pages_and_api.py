"""The search page, suggest endpoint, public API and index freshness (database backend)."""

import json

import pytest
from django.core.management import call_command
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from catalogue.models import Product
from search.models import ProductSearchEntry
from sellers.models import Seller
from tests.factories import PriceTierFactory, ProductFactory

pytestmark = pytest.mark.django_db


def test_search_page_renders_facets_results_and_pagination(client, catalogue):
    response = client.get("/search/", {"q": "toys", "state": "karnataka"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Channapatna wooden toys set" in html
    assert "Moulded toy cars" not in html
    assert 'name="state" value="karnataka" checked' in html
    assert 'name="state" value="uttar-pradesh"' in html
    assert "js/search.js" in html
    assert "<script>" not in html  # CSP: no inline script


def test_partial_for_search_js_has_no_page_chrome(client, catalogue):
    response = client.get("/search/", {"q": "tea"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html
    assert "Darjeeling first flush black tea" in html


def test_did_you_mean_link(client, catalogue):
    html = client.get("/search/", {"q": "chanapatma"}).content.decode()
    assert "Did you mean" in html and "channapatna" in html


@pytest.mark.parametrize(
    "params",
    [
        {"q": "x" * 10_000},
        {"price_min": "-5"},
        {"price_max": "cheap"},
        {"page": "1000000000"},
        {"sort": "name; DROP TABLE search_productsearchentry"},
    ],
)
def test_bad_input_gets_400_with_reason(client, catalogue, params):
    page = client.get("/search/", params)
    assert page.status_code == 400
    assert "We could not run this search" in page.content.decode()
    api = client.get("/api/v1/products", params)
    assert api.status_code == 400
    error = api.json()["error"]
    assert error["code"] == "invalid_parameters" and error["fields"]


@pytest.mark.parametrize(
    "params",
    [
        {"q": ""},
        {"q": '"unbalanced quote'},
        {"q": "toys' OR 1=1 --"},
        {"q": "title:(wooden AND toys) OR name:* ~2 ^3 [a TO z] {x} \\ /re/"},
        {"q": "NEAR(toys wooden) * AND OR NOT"},
        {"state": "no-such-state"},
        {"certification": "bogus"},
        {"sort": "newest", "page": "9999"},
        {"price_min": "50", "price_max": "10"},
    ],
)
def test_odd_input_still_answers_200(client, catalogue, params):
    assert client.get("/search/", params).status_code == 200
    assert client.get("/api/v1/products", params).status_code == 200


def test_suggest_endpoint(client, catalogue):
    response = client.get("/search/suggest", {"q": "chan"})
    assert response.status_code == 200
    assert "Channapatna wooden toys set" in response.json()["suggestions"]
    assert client.get("/search/suggest", {"q": "a" * 500}).status_code == 400


def test_api_products_shape(client, catalogue):
    response = client.get("/api/v1/products", {"q": "darjeeling tea", "certification": "organic"})
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 1
    hit = data["results"][0]
    assert hit["slug"] == "darjeeling-first-flush"
    assert hit["url"] == "http://testserver/products/darjeeling-first-flush/"
    assert hit["seller"]["name"] == "Himalayan Tea Growers"
    assert hit["gi"] == "Darjeeling Tea"
    price = hit["price"]
    assert (price["min"], price["max"], price["currency"]) == ("2500.00", "3000.00", "INR")
    assert {"value": "west-bengal", "label": "West Bengal", "count": 1} in data["facets"]["state"]
    assert response["ETag"] and response["Last-Modified"]
    assert response["Cache-Control"] == "public, max-age=60"
    again = client.get(
        "/api/v1/products",
        {"q": "darjeeling tea", "certification": "organic"},
        HTTP_IF_NONE_MATCH=response["ETag"],
    )
    assert again.status_code == 304


def test_api_details(client, catalogue):
    product = client.get("/api/v1/products/darjeeling-first-flush").json()
    assert product["district"]["url"] == "http://testserver/west-bengal/darjeeling/"
    assert product["certifications"] == ["fssai", "organic"]
    assert client.get("/api/v1/products/wooden-toy-train").status_code == 404
    assert client.get("/api/v1/products/nope").json()["error"]["code"] == "not_found"
    seller = client.get("/api/v1/sellers/himalayan-tea-growers").json()
    assert seller["verified"] is True
    assert [p["slug"] for p in seller["products"]] == ["darjeeling-first-flush"]
    sellers = client.get("/api/v1/sellers", {"q": "ikat"}).json()
    assert [s["slug"] for s in sellers["results"]] == ["pochampalli-weavers"]
    districts = client.get("/api/v1/districts", {"state": "karnataka"}).json()
    assert districts["results"][0]["url"] == "http://testserver/karnataka/ramanagara/"
    assert districts["results"][0]["product_count"] == 1
    district = client.get("/api/v1/districts/darjeeling").json()
    assert district["products_url"].endswith("/api/v1/products?district=darjeeling")
    gi = client.get("/api/v1/gi").json()
    assert {g["slug"] for g in gi["results"]} >= {"darjeeling-tea", "alphonso"}
    assert client.get("/api/v1/districts", {"page_size": "0"}).status_code == 400


def test_api_is_read_only_with_cors(client, catalogue):
    response = client.post("/api/v1/products")
    assert response.status_code == 405
    assert response.json()["error"]["code"] == "method_not_allowed"
    cors = client.get("/api/v1/gi", HTTP_ORIGIN="https://buyer.example")
    assert cors["Access-Control-Allow-Origin"] == "*"


def test_api_rate_limit_per_ip(client, catalogue, settings):
    settings.API_RATE_LIMIT_PER_MINUTE = 3
    statuses = [client.get("/api/v1/gi").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    limited = client.get("/api/v1/gi")
    assert 1 <= int(limited["Retry-After"]) <= 60
    assert limited.json()["error"]["code"] == "rate_limited"
    other_ip = client.get("/api/v1/gi", REMOTE_ADDR="10.0.0.9")
    assert other_ip.status_code == 200


def test_openapi_document(client):
    doc = client.get("/api/v1/openapi.json").json()
    assert doc["openapi"].startswith("3.")
    assert set(doc["paths"]) == {
        "/products",
        "/products/{slug}",
        "/sellers",
        "/sellers/{slug}",
        "/districts",
        "/districts/{slug}",
        "/gi",
    }


@hsettings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    params=st.dictionaries(
        st.sampled_from(
            [
                "q",
                "state",
                "district",
                "category",
                "gi",
                "certification",
                "seller_type",
                "verified",
                "price",
                "moq",
                "price_min",
                "price_max",
                "moq_max",
                "sort",
                "page",
                "page_size",
                "currency",
                "lang",
            ]
        ),
        st.one_of(
            st.text(max_size=60),
            st.integers(min_value=-(10**12), max_value=10**12).map(str),
            st.sampled_from(["", "-1", "1e309", "NaN", "0", "10000-", "true", "price_asc"]),
        ),
        max_size=6,
    )
)
def test_any_query_parameters_never_give_5xx(client, catalogue, params):
    params = {k: v.replace("\x00", "") for k, v in params.items()}
    for url in ("/search/", "/api/v1/products"):
        response = client.get(url, params)
        assert response.status_code in (200, 400), (url, params, response.status_code)
        if url.startswith("/api/") and response.status_code == 400:
            assert "error" in json.loads(response.content)


# ---- index freshness -----------------------------------------------------------------


def _indexed(slug):
    return ProductSearchEntry.objects.filter(slug=slug).exists()


def test_publishing_and_withdrawing_update_the_index_after_commit(
    db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        product = ProductFactory(name="Kutch embroidery cushion", status=Product.Status.DRAFT)
    assert not _indexed(product.slug)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        product.status = Product.Status.PUBLISHED
        product.save()
        assert not _indexed(product.slug)  # nothing before the commit
    assert callbacks and _indexed(product.slug)
    with django_capture_on_commit_callbacks(execute=True):
        product.status = Product.Status.WITHDRAWN
        product.save()
    assert not _indexed(product.slug)


def test_seller_verification_and_price_tiers_reindex(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        product = ProductFactory()
    entry = ProductSearchEntry.objects.get(product=product)
    assert entry.seller_verified is False
    with django_capture_on_commit_callbacks(execute=True):
        seller = product.seller
        seller.gstin_status = Seller.Verification.VERIFIED
        seller.save()
    entry.refresh_from_db()
    assert entry.seller_verified is True and entry.boost > 1
    with django_capture_on_commit_callbacks(execute=True):
        Product.objects.filter(pk=product.pk).update(price_min_inr=99)
        PriceTierFactory(product=product, min_quantity=500, unit_price_inr=99)
    entry.refresh_from_db()
    assert entry.price_min == 99


def test_deleting_a_product_removes_it(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        product = ProductFactory()
    slug = product.slug
    with django_capture_on_commit_callbacks(execute=True):
        product.delete()
    assert not _indexed(slug)


def test_rebuild_and_check_commands_repair_drift(catalogue, capsys):
    call_command("search_index", "--rebuild", verbosity=0)
    assert ProductSearchEntry.objects.count() == 9
    # Break the index on purpose: one missing, one stale, one that should not be there.
    ProductSearchEntry.objects.filter(slug="assam-orthodox-tea").delete()
    ProductSearchEntry.objects.filter(slug="ratnagiri-alphonso").update(name="Wrong name")
    Product.objects.filter(slug="moulded-toy-cars").update(status=Product.Status.WITHDRAWN)
    call_command("check_search_index", "--sample", "50")
    out = capsys.readouterr().out
    assert "1 missing, 1 stale, 1 extra" in out
    assert ProductSearchEntry.objects.count() == 8
    assert ProductSearchEntry.objects.get(slug="ratnagiri-alphonso").name != "Wrong name"
    call_command("check_search_index")
    assert "index matches the database" in capsys.readouterr().out
