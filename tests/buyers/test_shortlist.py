import pytest
from django.urls import reverse

from buyers.models import ShortlistItem
from tests.factories import ProductFactory, UserFactory


@pytest.mark.django_db
def test_shortlist_toggles_and_refuses_unpublished(client):
    user = UserFactory()
    product = ProductFactory()
    client.force_login(user)
    url = reverse("buyers:shortlist", args=[product.slug])
    assert client.post(url, HTTP_ACCEPT="application/json").json() == {"saved": True}
    assert ShortlistItem.objects.filter(user=user, product=product).exists()
    response = client.post(url, {"next": "https://evil.example/"})
    assert response["Location"] == product.get_absolute_url()  # no open redirect
    assert not ShortlistItem.objects.filter(user=user).exists()
    draft = ProductFactory(status="draft")
    assert client.post(reverse("buyers:shortlist", args=[draft.slug])).status_code == 404
    assert client.get(url).status_code == 405
