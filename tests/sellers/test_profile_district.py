"""A new seller types their district (no 781-item list); a wrong or ambiguous name is
refused with the candidates, and nothing is saved."""

import pytest
from django.urls import reverse

from sellers.models import Seller
from tests.factories import DistrictFactory, StateFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def bihar():
    return StateFactory(iso_code="IN-BR", name="Bihar", slug="bihar", gst_code="10")


def register(client, **fields):
    data = {"name": "Bhagalpur Silk House", "business_type": "artisan", "state": "", **fields}
    return client.post(reverse("marketplace:dashboard_profile"), data)


def test_a_new_seller_types_the_district(client, bihar):
    bhagalpur = DistrictFactory(state=bihar, name="Bhagalpur")
    client.force_login(UserFactory(signup_role="seller"))
    page = client.get(reverse("marketplace:dashboard_profile")).content.decode()
    assert "data-district-input" in page and "js/district-picker.js" in page
    assert page.count("<option") < 60  # the states, not 781 districts
    assert register(client, district="bhagalpur", state=bihar.pk).status_code == 302
    assert Seller.objects.get(name="Bhagalpur Silk House").district == bhagalpur


def test_an_ambiguous_district_lists_the_candidates_and_saves_nothing(client, bihar):
    DistrictFactory(state=bihar, name="Aurangabad")
    maharashtra = StateFactory(iso_code="IN-MH", name="Maharashtra", slug="mh", gst_code="27")
    DistrictFactory(state=maharashtra, name="Aurangabad")
    client.force_login(UserFactory(signup_role="seller"))
    response = register(client, district="Aurangabad")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Several districts are called" in page and "Aurangabad, Maharashtra" in page
    assert not Seller.objects.exists()
    assert register(client, district="Aurangabad", state=bihar.pk).status_code == 302
    assert Seller.objects.get().district.state == bihar


def test_an_unknown_district_is_refused(client, bihar):
    client.force_login(UserFactory(signup_role="seller"))
    response = register(client, district="Atlantis")
    assert "We know no district called" in response.content.decode()
    assert not Seller.objects.exists()


def test_typed_text_runs_in_its_own_direction_on_an_arabic_page(client, bihar):
    """An English business name on the Arabic profile form ran right to left, its start cut
    off at the field's edge (seen at 360 px): every text field and textarea is dir="auto"."""
    import re

    client.force_login(UserFactory(signup_role="seller"))
    page = client.get("/ar" + reverse("marketplace:dashboard_profile")).content.decode()
    assert '<html lang="ar" dir="rtl"' in page
    fields = re.findall(r'<(?:input type="text"|textarea)\s[^>]*>', page)
    assert any('name="name"' in f for f in fields)  # the business name is among them
    assert [f for f in fields if 'dir="' not in f] == []
