"""Reviews from verified trades: who may write, edit, reply and hide, what bad input gets,
and where the rating then shows."""

import datetime as dt
import json

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from marketplace.models import Review, ReviewModeration
from marketplace.reviews import services
from marketplace.reviews.services import ReviewError
from sellers.models import Seller
from tests.factories.marketplace import make_trade

from .conftest import GOOD, deliver

pytestmark = pytest.mark.django_db


def _form(order):
    return reverse("marketplace:review_form", args=[order.number])


def _seller(trade) -> Seller:
    return Seller.objects.get(pk=trade["order"].seller_id)


def test_buyer_reviews_a_delivered_order_and_the_seller_rating_follows(client, trade):
    client.force_login(trade["buyer"])
    assert client.get(_form(trade["order"])).status_code == 200
    response = client.post(_form(trade["order"]), {**GOOD, "text": "Lovely silk, well packed."})
    assert response.status_code == 302
    review = Review.objects.get(order=trade["order"])
    assert (review.overall, review.as_described, review.communication) == (5, 4, 5)
    seller = _seller(trade)
    assert seller.rating_count == 1 and seller.rating_average == 5
    page = client.get(trade["order"].get_absolute_url()).content.decode()
    assert "Lovely silk, well packed." in page and "Edit your review" in page


def test_a_completed_sample_order_can_be_reviewed(client, trade):
    order = deliver(trade["order"], "completed")
    type(order).objects.filter(pk=order.pk).update(is_sample=True)
    client.force_login(trade["buyer"])
    assert client.post(_form(order), GOOD).status_code == 302
    assert Review.objects.filter(order=order).exists()


@pytest.mark.parametrize("status", ["awaiting_payment", "paid", "shipped", "cancelled"])
def test_no_review_before_delivery(client, trade, status):
    order = deliver(trade["order"], status)
    client.force_login(trade["buyer"])
    response = client.post(_form(order), GOOD)
    assert response.status_code == 403
    assert "once the order is delivered" in response.content.decode()
    assert not Review.objects.exists()


def test_nobody_but_the_buyer_may_review(client, trade):
    order = trade["order"]
    for who in ("seller_user", "staff"):
        client.force_login(trade[who])
        response = client.post(_form(order), GOOD)
        assert response.status_code == 403, who
        assert "Only the buyer of this order" in response.content.decode()
    for who in ("stranger", "official"):
        client.force_login(trade[who])
        assert client.post(_form(order), GOOD).status_code == 404, who
    client.logout()
    assert client.post(_form(order), GOOD).status_code == 302  # to sign-in
    assert not Review.objects.exists()


def test_a_review_for_someone_elses_order_is_refused_by_the_service(trade):
    _seller_user, _other_buyer, other_order = make_trade()
    deliver(other_order)
    with pytest.raises(ReviewError, match="Only the buyer"):
        services.review_create(order=other_order, by=trade["buyer"], ratings=GOOD, text="")
    assert not Review.objects.exists()


def test_one_review_per_order(client, trade):
    order = trade["order"]
    services.review_create(order=order, by=trade["buyer"], ratings=GOOD, text="First")
    with pytest.raises(ReviewError, match="already reviewed"):
        services.review_create(order=order, by=trade["buyer"], ratings=GOOD, text="Second")
    # The database refuses it even past the service.
    with pytest.raises(IntegrityError), transaction.atomic():
        Review.objects.create(
            order=order,
            seller_id=order.seller_id,
            buyer=trade["buyer"],
            overall=1,
            as_described=1,
            communication=1,
            delivery_time=1,
        )
    assert Review.objects.get().text == "First"
    assert _seller(trade).rating_count == 1


@pytest.mark.parametrize("value", ["0", "6", "-1", "4.5", "five", ""])
def test_ratings_outside_1_to_5_are_refused(client, trade, value):
    client.force_login(trade["buyer"])
    response = client.post(_form(trade["order"]), {**GOOD, "communication": value})
    assert response.status_code == 400
    assert "Choose from 1 to 5 stars." in response.content.decode()
    assert not Review.objects.exists()


def test_the_database_refuses_a_rating_of_6(trade):
    order = trade["order"]
    with pytest.raises(IntegrityError), transaction.atomic():
        Review.objects.create(
            order=order,
            seller_id=order.seller_id,
            buyer=trade["buyer"],
            overall=6,
            as_described=5,
            communication=5,
            delivery_time=5,
        )


def test_20000_characters_are_refused_in_plain_words(client, trade):
    client.force_login(trade["buyer"])
    response = client.post(_form(trade["order"]), {**GOOD, "text": "a" * 20_000})
    assert response.status_code == 400
    assert "Please keep it under 5,000 characters (this has 20,000)." in response.content.decode()
    assert not Review.objects.exists()
    assert _seller(trade).rating_count == 0


@pytest.mark.parametrize(
    "text", ["<b>great</b>", "<script>alert(1)</script>", "ok <img src=x onerror=alert(1)>"]
)
def test_html_in_the_text_is_refused(client, trade, text):
    client.force_login(trade["buyer"])
    response = client.post(_form(trade["order"]), {**GOOD, "text": text})
    assert response.status_code == 400
    assert "Please write plain text" in response.content.decode()
    assert not Review.objects.exists()


def test_plain_text_with_angle_brackets_is_kept_and_escaped(client, trade):
    client.force_login(trade["buyer"])
    text = "Price < quote & delivery > 3 weeks <3"
    assert client.post(_form(trade["order"]), {**GOOD, "text": text}).status_code == 302
    assert Review.objects.get().text == text
    client.logout()
    page = client.get(reverse("marketplace:seller_reviews", args=[_seller(trade).slug]))
    assert "Price &lt; quote &amp; delivery &gt; 3 weeks &lt;3" in page.content.decode()


def test_editable_for_30_days_then_not(client, trade):
    client.force_login(trade["buyer"])
    client.post(_form(trade["order"]), {**GOOD, "text": "Good"})
    response = client.post(_form(trade["order"]), {**GOOD, "overall": "3", "text": "Changed"})
    assert response.status_code == 302
    review = Review.objects.get()
    assert (review.overall, review.text) == (3, "Changed") and review.edited_at
    assert _seller(trade).rating_average == 3
    Review.objects.update(created_at=timezone.now() - dt.timedelta(days=31))
    response = client.post(_form(trade["order"]), {**GOOD, "overall": "1", "text": "Late"})
    assert response.status_code == 403
    assert "30 days" in response.content.decode()
    assert Review.objects.get().text == "Changed"


def test_the_seller_replies_once_in_public(client, trade):
    review = services.review_create(
        order=trade["order"], by=trade["buyer"], ratings=GOOD, text="Fine"
    )
    url = reverse("marketplace:review_reply", args=[review.pk])
    client.force_login(trade["buyer"])
    assert client.post(url, {"reply": "Not mine to say"}).status_code == 404
    client.force_login(trade["seller_user"])
    assert client.post(url, {"reply": "Thank you for your order!"}).status_code == 302
    assert client.post(url, {"reply": "And again"}).status_code == 302
    review.refresh_from_db()
    assert review.reply == "Thank you for your order!" and review.reply_by == trade["seller_user"]
    page = client.get(trade["order"].get_absolute_url()).content.decode()
    assert "This review already has your reply." in page
    client.logout()
    public = client.get(reverse("marketplace:seller_reviews", args=[_seller(trade).slug]))
    assert "Thank you for your order!" in public.content.decode()


def test_a_reply_with_html_or_20000_characters_is_refused(client, trade):
    review = services.review_create(order=trade["order"], by=trade["buyer"], ratings=GOOD, text="")
    url = reverse("marketplace:review_reply", args=[review.pk])
    client.force_login(trade["seller_user"])
    for bad, words in (("<i>x</i>", "plain text"), ("b" * 20_000, "under 2,000 characters")):
        client.post(url, {"reply": bad})
        page = client.get(trade["order"].get_absolute_url()).content.decode()
        assert words in page
    review.refresh_from_db()
    assert review.reply == ""


def test_the_covering_official_hides_with_a_reason_never_edits(client, trade):
    review = services.review_create(
        order=trade["order"], by=trade["buyer"], ratings=GOOD, text="Rude words here"
    )
    url = reverse("marketplace:review_hide", args=[review.pk])
    for who in ("other_official", "stranger", "seller_user", "buyer"):
        client.force_login(trade[who])
        assert client.post(url, {"reason": "no"}).status_code == 404, who
    client.force_login(trade["official"])
    assert client.get(url).status_code == 200
    empty = client.post(url, {"reason": ""})
    assert empty.status_code == 400 and "Say why the review is hidden." in empty.content.decode()
    assert client.post(url, {"reason": "Insults the seller's staff"}).status_code == 302
    review.refresh_from_db()
    assert review.is_hidden and review.text == "Rude words here"
    log = ReviewModeration.objects.get(review=review)
    assert (log.actor, log.reason, log.action) == (
        trade["official"],
        "Insults the seller's staff",
        "hide",
    )
    seller = _seller(trade)
    assert seller.rating_count == 0 and seller.rating_average is None
    client.logout()
    public = client.get(reverse("marketplace:seller_reviews", args=[seller.slug])).content.decode()
    assert "Rude words here" not in public
    client.force_login(trade["buyer"])
    order_page = client.get(trade["order"].get_absolute_url()).content.decode()
    assert "Insults the seller&#x27;s staff" in order_page
    # Hidden means hidden for good: the buyer can no longer change it.
    assert client.post(_form(trade["order"]), GOOD).status_code == 403


def test_staff_can_hide_any_review(client, trade):
    review = services.review_create(order=trade["order"], by=trade["buyer"], ratings=GOOD, text="x")
    client.force_login(trade["staff"])
    url = reverse("marketplace:review_hide", args=[review.pk])
    assert client.post(url, {"reason": "Spam"}).status_code == 302
    assert ReviewModeration.objects.filter(review=review, actor=trade["staff"]).exists()


def test_review_posts_are_rate_limited(client, trade, settings):
    settings.REVIEW_RATE_LIMIT_PER_HOUR = 2
    client.force_login(trade["buyer"])
    assert client.post(_form(trade["order"]), GOOD).status_code == 302
    assert client.post(_form(trade["order"]), GOOD).status_code == 302
    response = client.post(_form(trade["order"]), {**GOOD, "text": "third"})
    assert response.status_code == 429
    assert "many reviews in the last hour" in response.content.decode()
    assert Review.objects.get().text == ""


def test_a_refused_post_does_not_use_the_allowance(client, trade, settings):
    settings.REVIEW_RATE_LIMIT_PER_HOUR = 1
    _s, _b, other_order = make_trade()
    deliver(other_order)
    client.force_login(trade["buyer"])
    # Refused by the service (someone else's order is a 404 before any counting).
    assert client.post(_form(other_order), GOOD).status_code == 404
    assert client.post(_form(trade["order"]), GOOD).status_code == 302


# ---- the JSON endpoint refuses exactly whom the form refuses ---------------------------


def _api(order):
    return reverse("marketplace:review_api", args=[order.number])


def _post_json(client, order, data):
    return client.post(_api(order), json.dumps(data), content_type="application/json")


def test_api_writes_and_reads_the_review(client, trade):
    client.force_login(trade["buyer"])
    data = {k: int(v) for k, v in GOOD.items()} | {"text": "Via the API"}
    response = _post_json(client, trade["order"], data)
    assert response.status_code == 201, response.content
    assert response.json()["review"]["text"] == "Via the API"
    edited = _post_json(client, trade["order"], data | {"overall": 2})
    assert edited.status_code == 200 and edited.json()["review"]["overall"] == 2
    client.force_login(trade["seller_user"])
    assert client.get(_api(trade["order"])).json()["review"]["overall"] == 2


@pytest.mark.parametrize(
    "data, status, words",
    [
        ({"overall": 0}, 400, "Choose from 1 to 5 stars."),
        ({"overall": 6}, 400, "Choose from 1 to 5 stars."),
        ({"overall": True}, 400, "Choose from 1 to 5 stars."),
        ({"text": "x" * 20_000}, 400, "under 5,000 characters"),
        ({"text": "<script>alert(1)</script>"}, 400, "plain text"),
        ({"text": ["not", "a string"]}, 400, "must be a string"),
    ],
)
def test_api_refuses_bad_input_in_words(client, trade, data, status, words):
    client.force_login(trade["buyer"])
    body = {k: int(v) for k, v in GOOD.items()} | {"text": ""} | data
    response = _post_json(client, trade["order"], body)
    assert response.status_code == status
    assert words in response.json()["error"]["message"]
    assert not Review.objects.exists()


def test_api_refuses_everyone_but_the_buyer(client, trade):
    body = {k: int(v) for k, v in GOOD.items()}
    client.force_login(trade["seller_user"])
    assert _post_json(client, trade["order"], body).status_code == 403
    client.force_login(trade["stranger"])
    assert _post_json(client, trade["order"], body).status_code == 404
    client.force_login(trade["buyer"])
    assert (
        client.post(_api(trade["order"]), "{", content_type="application/json").status_code == 400
    )
    deliver(trade["order"], "shipped")
    refused = _post_json(client, trade["order"], body)
    assert refused.status_code == 403 and "delivered" in refused.json()["error"]["message"]
    assert not Review.objects.exists()


def test_api_post_needs_the_csrf_token(trade):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(trade["buyer"])
    assert (
        _post_json(client, trade["order"], {k: int(v) for k, v in GOOD.items()}).status_code == 403
    )
