"""Officials hear of new and overdue items in their queue (notification + email), sent by
the periodic runner; the links use the configured site address."""

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from catalogue.models import Product
from catalogue.review_digests import review_digests_send
from core.notifications.models import Notification
from tests.factories import (
    DistrictFactory,
    DistrictOfficialFactory,
    ProductFactory,
    SellerFactory,
    StateFactory,
    StateOfficialFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def bihar():
    return StateFactory(iso_code="IN-BR", name="Bihar", slug="bihar", gst_code="10")


def pending(district, days=0):
    product = ProductFactory(
        seller=SellerFactory(district=district), status=Product.Status.PENDING, published_at=None
    )
    Product.objects.filter(pk=product.pk).update(
        updated_at=timezone.now() - dt.timedelta(days=days, minutes=5)
    )
    return product


def test_new_items_go_to_the_covering_level_and_overdue_ones_climb(
    settings, django_capture_on_commit_callbacks
):
    settings.REVIEW_OVERDUE_DAYS = 3
    settings.SITE_URL = "http://127.0.0.1:8123"
    state = bihar()
    patna, bhagalpur = DistrictFactory(state=state), DistrictFactory(state=state)
    elsewhere = DistrictFactory()  # Uttar Pradesh: nobody, so site staff
    district_official = DistrictOfficialFactory(district=patna).user
    state_official = StateOfficialFactory(state=state).user
    staff = UserFactory(is_staff=True)
    pending(patna)  # new, Patna's own official
    pending(patna, days=4)  # overdue: Patna's official and, escalated, Bihar's
    pending(bhagalpur)  # new, no district official: Bihar's
    pending(elsewhere, days=5)  # overdue at staff level, stays with staff
    with django_capture_on_commit_callbacks(execute=True):
        digests = review_digests_send(now=timezone.now())
    assert (digests[district_official.pk].new, digests[district_official.pk].overdue) == (1, 1)
    assert (digests[state_official.pk].new, digests[state_official.pk].overdue) == (1, 1)
    assert (digests[staff.pk].new, digests[staff.pk].overdue) == (0, 1)
    subjects = set(
        Notification.objects.filter(user=state_official).values_list("subject", flat=True)
    )
    assert subjects == {"1 new item to review", "1 item overdue for review"}
    sent = [m for m in mail.outbox if m.to == [state_official.email]]
    assert len(sent) == 2
    assert all("http://127.0.0.1:8123" + reverse("catalogue:review_queue") in m.body for m in sent)


def test_nothing_waiting_means_no_digest():
    DistrictOfficialFactory()
    assert review_digests_send(now=timezone.now()) == {}
    assert not Notification.objects.exists()


@pytest.mark.parametrize("items", [1, 50])
def test_the_digest_reads_a_fixed_number_of_queries(items, django_assert_max_num_queries):
    state = bihar()
    official = StateOfficialFactory(state=state).user
    for _ in range(items):
        pending(DistrictFactory(state=state))
    with CaptureQueriesContext(connection) as queries:
        review_digests_send(now=timezone.now())
    reads = [q for q in queries.captured_queries if q["sql"].startswith("SELECT")]
    assert len(reads) <= 5, [q["sql"] for q in reads]
    assert Notification.objects.filter(user=official).count() == 1


def test_the_periodic_runner_sends_the_digests(settings):
    settings.DIGEST_HOUR_UTC = 7
    state = bihar()
    official = StateOfficialFactory(state=state).user
    pending(DistrictFactory(state=state))
    call_command("run_periodic", "--once", "--now", "2026-11-25T07:02:00+00:00")
    assert Notification.objects.filter(user=official, kind="review_new").exists()
