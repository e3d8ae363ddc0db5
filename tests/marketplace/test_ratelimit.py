"""Rate limits and who the client is: one resolver (core.client_ip) for the enquiry
limit, the public API limit and allauth's sign-in limits; the enquiry counter is race-free."""

import threading

import pytest
from allauth.account.adapter import get_adapter
from django.core.cache import cache
from django.db import connection
from django.test import RequestFactory
from django.urls import reverse

from core import ratelimit
from core.client_ip import client_ip
from core.models import RateLimitCounter
from marketplace.models import Enquiry
from tests.factories import UserFactory


def request_with(remote="10.0.0.1", xff=None, **headers):
    meta = {"REMOTE_ADDR": remote}
    if xff is not None:
        meta["HTTP_X_FORWARDED_FOR"] = xff
    for name, value in headers.items():
        meta["HTTP_" + name.upper().replace("-", "_")] = value
    return RequestFactory().get("/", **meta)


@pytest.mark.parametrize(
    "count, header, remote, xff, extra, expected",
    [
        (0, None, "10.0.0.1", "6.6.6.6", {}, "10.0.0.1"),  # no proxy trusted: header ignored
        (1, None, "172.18.0.5", "6.6.6.6, 203.0.113.7", {}, "203.0.113.7"),  # last hop
        (2, None, "172.18.0.5", "6.6.6.6, 203.0.113.7, 10.1.1.1", {}, "203.0.113.7"),
        (2, None, "172.18.0.5", "203.0.113.7", {}, "172.18.0.5"),  # too few hops: the peer
        (1, None, "172.18.0.5", "not-an-ip", {}, "172.18.0.5"),  # garbage: the peer
        (0, "X-Real-IP", "172.18.0.5", "6.6.6.6", {"X-Real-IP": "198.51.100.4"}, "198.51.100.4"),
        (0, None, "", None, {}, "unknown"),
    ],
)
def test_client_ip_resolver(settings, count, header, remote, xff, extra, expected):
    settings.TRUSTED_PROXY_COUNT = count
    settings.TRUSTED_CLIENT_IP_HEADER = header
    request = request_with(remote, xff, **extra)
    assert client_ip(request) == expected
    # allauth's sign-in limits count the very same address.
    assert get_adapter().get_client_ip(request) == expected


def test_allauth_reads_the_same_settings():
    from django.conf import settings

    assert settings.ALLAUTH_TRUSTED_PROXY_COUNT == settings.TRUSTED_PROXY_COUNT
    assert settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER == settings.TRUSTED_CLIENT_IP_HEADER


@pytest.mark.django_db
def test_spoofed_forwarded_for_does_not_bypass_the_enquiry_limit(
    client, world, enquiry_post, settings
):
    settings.TRUSTED_PROXY_COUNT = 0
    settings.ENQUIRY_RATE_LIMIT_PER_HOUR = 2
    url = reverse("marketplace:enquiry_new") + f"?product={world['product'].slug}"
    # Different users, one real address, a fresh forged X-Forwarded-For each time.
    for i, persona in enumerate(("buyer", "other_buyer")):
        client.force_login(world[persona])
        response = client.post(url, enquiry_post(), HTTP_X_FORWARDED_FOR=f"1.2.3.{i}")
        assert response.status_code == 302
    client.force_login(UserFactory())
    response = client.post(url, enquiry_post(), HTTP_X_FORWARDED_FOR="9.9.9.9")
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0


@pytest.mark.django_db
def test_behind_one_trusted_proxy_each_client_has_its_own_bucket(
    client, world, enquiry_post, settings
):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.ENQUIRY_RATE_LIMIT_PER_HOUR = 1
    url = reverse("marketplace:enquiry_new") + f"?product={world['product'].slug}"
    proxy = {"REMOTE_ADDR": "172.18.0.5"}
    client.force_login(world["buyer"])
    assert (
        client.post(url, enquiry_post(), HTTP_X_FORWARDED_FOR="203.0.113.7", **proxy).status_code
        == 302
    )
    # Another person behind the same proxy is not blocked by the first one.
    client.force_login(world["other_buyer"])
    assert (
        client.post(url, enquiry_post(), HTTP_X_FORWARDED_FOR="198.51.100.4", **proxy).status_code
        == 302
    )
    # The first client forging an extra left-hand entry is still the same client.
    client.force_login(UserFactory())
    forged = client.post(url, enquiry_post(), HTTP_X_FORWARDED_FOR="5.5.5.5, 203.0.113.7", **proxy)
    assert forged.status_code == 429


@pytest.mark.django_db
def test_spoofed_forwarded_for_does_not_bypass_the_api_limit(client, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    settings.API_RATE_LIMIT_PER_MINUTE = 3
    cache.clear()
    codes = [
        client.get("/api/v1/gi", HTTP_X_FORWARDED_FOR=f"7.7.7.{i}").status_code for i in range(4)
    ]
    assert codes == [200, 200, 200, 429]
    cache.clear()


@pytest.mark.django_db
def test_spoofed_forwarded_for_does_not_bypass_the_sign_in_limit(client, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    cache.clear()
    UserFactory(email="target@example.org")
    url = reverse("account_login")
    for i in range(5):
        client.post(
            url,
            {"login": f"nobody{i}@example.org", "password": "wrong"},
            HTTP_X_FORWARDED_FOR=f"8.8.8.{i}",
        )
    blocked = client.post(
        url, {"login": "other@example.org", "password": "wrong"}, HTTP_X_FORWARDED_FOR="8.8.4.4"
    )
    # allauth answers the sixth failure from this address with its form error.
    assert b"Too many failed login attempts" in blocked.content
    cache.clear()


@pytest.mark.django_db
def test_a_refused_enquiry_gives_its_slot_back(client, world, enquiry_post, settings):
    settings.ENQUIRY_RATE_LIMIT_PER_HOUR = 1
    client.force_login(world["seller"])  # the seller cannot enquire to their own business
    url = reverse("marketplace:enquiry_new") + f"?product={world['product'].slug}"
    response = client.post(url, enquiry_post())
    assert response.status_code == 200 and b"your own business" in response.content
    assert not RateLimitCounter.objects.filter(count__gt=0).exists()


@pytest.mark.django_db
def test_the_window_reopens_after_an_hour(world, settings):
    import datetime as dt

    from django.utils import timezone

    settings.ENQUIRY_RATE_LIMIT_PER_HOUR = 2
    request = request_with("10.0.0.3")
    request.user = world["buyer"]
    assert [ratelimit.acquire(request) for _ in range(3)][:2] == [0, 0]
    assert ratelimit.retry_after(request) > 0
    RateLimitCounter.objects.update(window_start=timezone.now() - dt.timedelta(hours=1, seconds=1))
    assert ratelimit.retry_after(request) == 0
    assert ratelimit.acquire(request) == 0
    assert set(RateLimitCounter.objects.values_list("count", flat=True)) == {1}
    # Hourly pruning removes ended windows only.
    assert ratelimit.prune() == 0
    RateLimitCounter.objects.update(window_start=timezone.now() - dt.timedelta(hours=2))
    assert ratelimit.prune() == 2
    assert not RateLimitCounter.objects.exists()


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="concurrent transactions need PostgreSQL"
)
@pytest.mark.django_db(transaction=True)
def test_twenty_simultaneous_submissions_get_exactly_five_slots(settings):
    settings.ENQUIRY_RATE_LIMIT_PER_HOUR = 5
    user = UserFactory()
    threads_n = 20
    barrier = threading.Barrier(threads_n)
    results: list[int] = []
    lock = threading.Lock()

    def submit():
        request = request_with("203.0.113.9")
        request.user = user
        try:
            barrier.wait(timeout=30)
            wait = ratelimit.acquire(request)
            with lock:
                results.append(wait)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(threads_n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(results) == threads_n
    assert sum(1 for wait in results if wait == 0) == 5
    assert all(wait > 0 for wait in results if wait)
    counts = dict(RateLimitCounter.objects.values_list("key", "count"))
    assert counts == {"enquiry:ip:203.0.113.9": 5, f"enquiry:user:{user.pk}": 5}


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="concurrent transactions need PostgreSQL"
)
@pytest.mark.django_db(transaction=True)
def test_simultaneous_enquiries_through_the_page_create_exactly_five(settings, enquiry_post):
    from django.test import Client

    from tests.factories import BuyerCompanyFactory, ProductFactory, SellerMembershipFactory

    settings.ENQUIRY_RATE_LIMIT_PER_HOUR = 5
    settings.ENQUIRY_MIN_FILL_SECONDS = 0
    product = ProductFactory(seller=SellerMembershipFactory().seller)
    buyer = BuyerCompanyFactory().user
    url = reverse("marketplace:enquiry_new") + f"?product={product.slug}"
    threads_n = 10
    barrier = threading.Barrier(threads_n)
    codes: list[int] = []
    lock = threading.Lock()

    def submit(i):
        client = Client(REMOTE_ADDR="203.0.113.10")
        client.force_login(buyer)
        data = enquiry_post()
        try:
            barrier.wait(timeout=30)
            code = client.post(url, data, HTTP_X_FORWARDED_FOR=f"1.1.1.{i}").status_code
            with lock:
                codes.append(code)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(i,)) for i in range(threads_n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert sorted(codes) == [302] * 5 + [429] * 5
    assert Enquiry.objects.filter(buyer=buyer).count() == 5
