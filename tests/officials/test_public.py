"""Public side: storefront plan summary and at-a-glance block, events, seller readiness."""

import json
from pathlib import Path

from django.urls import reverse

from catalogue.models import Certification
from cms.officials.models import ActionPlanPage, EventRegistration, SellerRegistration
from regions.services import export_stats_import
from tests.factories import ProductFactory, SellerMembershipFactory, UserFactory
from tests.factories.officials import make_action_plan, make_event

SAMPLE = Path(__file__).resolve().parents[2] / "regions" / "data" / "sample_export_stats.csv"


def test_storefront_shows_plan_depc_events_and_the_glance_block(client, varanasi_page):
    make_action_plan(varanasi_page)
    make_event(varanasi_page, title="Silk buyer-seller meet")
    export_stats_import(data=SAMPLE.read_bytes(), filename="s.csv")
    varanasi_page.body = json.dumps([{"type": "district_at_a_glance", "value": {}}])
    varanasi_page.save_revision().publish()
    html = client.get(varanasi_page.url).content.decode()
    assert "data-action-plan" in html and "Testing lab for dyes" in html
    assert "A. Collector" in html  # DEPC roster
    plan_html = client.get(varanasi_page.get_children().type(ActionPlanPage).first().url)
    assert "Testing lab for dyes" in plan_html.content.decode()
    assert "Silk buyer-seller meet" in html
    assert 'data-block="district-at-a-glance"' in html
    # The charts load from their own URL (tests/officials/test_chart_drawing.py).
    # Each chart: the wide image and the narrow source for phones.
    assert "data:image/svg+xml" not in html and html.count(".svg?months=24&amp;") == 4
    assert "United States" in html
    # Public aggregates only: no import report, no per-HS-code rows.
    assert "500720" not in html
    csv_url = reverse("cms:officials:glance_csv", args=[varanasi_page.district.pk, "top_countries"])
    assert client.get(csv_url).content.decode().startswith("Country,Exports (INR),Exports (USD)")


def test_glance_figures_read_once_match_the_selectors(varanasi_page, django_assert_num_queries):
    """The storefront's block reads the district's totals once (regions.selectors.PeriodTotals)
    and must show what the dashboards' own selectors answer."""
    from regions import selectors
    from regions.periods import add_months

    district = varanasi_page.district
    assert selectors.PeriodTotals.of(district).latest_window() is None
    export_stats_import(data=SAMPLE.read_bytes(), filename="s.csv")
    with django_assert_num_queries(1):
        periods = selectors.PeriodTotals.of(district)
    window = selectors.latest_window(district)
    assert window is not None and periods.latest_window() == window
    assert periods.latest_complete_window() == selectors.latest_complete_window(district)
    for since in (None, add_months(window.end, -24)):
        assert periods.series(since=since) == selectors.export_series(district, since=since)
    for checked in (window, window.previous, None):
        assert periods.growth(checked) == selectors.growth(district, checked)


def test_glance_block_without_figures_says_so(client, varanasi_page):
    varanasi_page.body = json.dumps([{"type": "district_at_a_glance", "value": {}}])
    varanasi_page.save_revision().publish()
    assert "have not been published yet" in client.get(varanasi_page.url).content.decode()


def test_signed_in_user_registers_once_and_capacity_holds(client, varanasi_page):
    event = make_event(varanasi_page, capacity=1)
    seller_user = SellerMembershipFactory().user
    client.force_login(seller_user)
    url = reverse("cms:officials:event_register", args=[event.pk])
    assert client.post(url).status_code == 302
    assert client.post(url).status_code == 302  # a second click is harmless
    registration = EventRegistration.objects.get()
    assert (registration.user, registration.role) == (seller_user, "seller")
    assert "You are registered" in client.get(event.url).content.decode()

    client.force_login(UserFactory())
    response = client.post(url, follow=True)
    assert "This event is full" in response.content.decode()
    assert EventRegistration.objects.count() == 1


def test_registration_needs_sign_in_post_and_csrf(client, varanasi_page):
    event = make_event(varanasi_page)
    url = reverse("cms:officials:event_register", args=[event.pk])
    assert client.post(url).status_code == 302 and not EventRegistration.objects.exists()
    client.force_login(UserFactory())
    assert client.get(url).status_code == 405
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(UserFactory())
    assert strict.post(url).status_code == 403
    assert client.post(reverse("cms:officials:event_register", args=[999999])).status_code == 404


def test_seller_sees_whats_missing_and_adds_an_rcmc(client, db):
    membership = SellerMembershipFactory(seller__iec="0512345678", seller__iec_status="verified")
    product = ProductFactory(seller=membership.seller, hs_code="500720")
    Certification.objects.create(product=product, kind="handloom_mark")
    client.force_login(membership.user)
    url = reverse("cms:officials:readiness")
    html = client.get(url).content.decode()
    assert 'data-check="rcmc:isepc" data-status="missing"' in html
    assert 'data-check="gst" data-status="missing"' in html
    client.post(url, {"seller": membership.seller.pk, "body": "isepc", "number": "ISEPC/123"})
    assert SellerRegistration.objects.get().number == "ISEPC/123"
    assert 'data-check="rcmc:isepc" data-status="ok"' in client.get(url).content.decode()


def test_readiness_of_another_sellers_business_is_404(client, db):
    mine = SellerMembershipFactory()
    other = SellerMembershipFactory()
    client.force_login(mine.user)
    url = reverse("cms:officials:readiness")
    assert client.get(url, {"seller": other.seller.pk}).status_code == 404
    assert client.get(url, {"seller": "x"}).status_code == 404
    client.force_login(UserFactory())  # not a seller at all: told what is missing
    assert client.get(url).status_code == 403


def test_readiness_query_count_is_flat(client, db, django_assert_max_num_queries):
    membership = SellerMembershipFactory()
    ProductFactory(seller=membership.seller)
    client.force_login(membership.user)
    url = reverse("cms:officials:readiness")
    client.get(url)
    with django_assert_max_num_queries(30) as one:
        client.get(url)
    ProductFactory.create_batch(49, seller=membership.seller)
    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get(url)


def test_the_storefront_plan_is_read_in_one_query_and_says_what_the_tables_say(
    varanasi_page, django_assert_num_queries
):
    """The storefront reads the plan's rows from its live revision (cms.officials.selectors):
    the same rows, in the same order, as its published tables."""
    from cms.officials import selectors
    from cms.officials.models import Bottleneck

    plan = make_action_plan(varanasi_page, bottlenecks=3)
    # A status changed as the tracker changes it: a new revision, published.
    row = plan.bottlenecks.order_by("sort_order")[1]
    latest = plan.get_latest_revision_as_object()
    rows = list(latest.bottlenecks.all())
    rows[1].status = Bottleneck.Status.RESOLVED
    latest.bottlenecks = rows
    latest.save_revision().publish()

    with django_assert_num_queries(1):
        found = selectors.action_plan(district_id=varanasi_page.district_id)
        read = {table: list(getattr(found, table).all()) for table in selectors.PLAN_TABLES}
    fresh = ActionPlanPage.objects.get(pk=plan.pk)
    for table in selectors.PLAN_TABLES:
        stored = list(getattr(fresh, table).all())
        assert [(r.pk, r.sort_order) for r in read[table]] == [
            (r.pk, r.sort_order) for r in stored
        ], table
    assert [r.year for r in read["targets"]] == [2023, 2024]
    assert (
        [r.status for r in read["bottlenecks"]][1]
        == Bottleneck.Status.RESOLVED
        == (Bottleneck.objects.get(pk=row.pk).status)
    )
    assert len(read["bottlenecks"]) == 3 and read["depc_members"][0].name == "A. Collector"


def test_a_plan_published_without_a_revision_is_read_from_its_tables(varanasi_page):
    from cms.officials import selectors

    plan = make_action_plan(varanasi_page, bottlenecks=2)
    ActionPlanPage.objects.filter(pk=plan.pk).update(live_revision=None)
    found = selectors.action_plan(district_id=varanasi_page.district_id)
    assert len(found.bottlenecks.all()) == 2 and len(found.targets.all()) == 2
