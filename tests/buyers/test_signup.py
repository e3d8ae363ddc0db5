"""Sign-up made for each role: a seller is asked nothing about buying."""

import pytest
from django.urls import reverse

from accounts.models import User
from buyers.models import BuyerCompany
from tests.factories import DistrictFactory, StateFactory

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-Passphrase-42"


def test_the_buyer_questions_are_in_their_own_fieldset_hidden_for_sellers(client):
    page = client.get(reverse("account_signup")).content.decode()
    fieldset = page[page.index('<fieldset class="signup-buyer"') : page.index("</fieldset>")]
    for label in ("Company name", "What kind of buyer are you?"):
        assert label in fieldset
    outside = page.replace(fieldset, "")
    assert "Company name" not in outside and "What kind of buyer" not in outside
    assert "css/signup.css" in page


def seller_data(**extra):
    return {
        "full_name": "Shabana Ansari",
        "email": "shabana@weaver.example",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "role": "seller",
        **extra,
    }


@pytest.fixture
def places():
    bihar = StateFactory(iso_code="IN-BR", name="Bihar", slug="bihar", gst_code="10")
    up = StateFactory()
    return {
        "bihar": bihar,
        "bhagalpur": DistrictFactory(state=bihar, name="Bhagalpur", slug="bhagalpur"),
        "aurangabad_br": DistrictFactory(state=bihar, name="Aurangabad", slug="aurangabad-br"),
        "aurangabad_mh": DistrictFactory(
            state=StateFactory(iso_code="IN-MH", name="Maharashtra", slug="maharashtra"),
            name="Aurangabad",
            slug="aurangabad-mh",
        ),
        "varanasi": DistrictFactory(
            state=up, name="Varanasi", slug="varanasi", aliases="Banaras; Kashi"
        ),
    }


def test_a_seller_signs_up_with_a_typed_district_and_no_buyer_field(client, places):
    response = client.post(reverse("account_signup"), seller_data(district="  banaras "))
    assert response.status_code == 302
    user = User.objects.get(email="shabana@weaver.example")
    assert user.signup_role == "seller" and user.signup_district == places["varanasi"]
    assert not BuyerCompany.objects.filter(user=user).exists()
    # The business profile starts from that district and its state.
    user.emailaddress_set.update(verified=True)
    client.force_login(user)
    profile = client.get(reverse("marketplace:dashboard_profile")).content.decode()
    assert 'name="district" value="Varanasi"' in profile
    assert f'<option value="{places["varanasi"].state_id}" selected>' in profile


def test_the_seller_questions_sit_in_their_own_fieldset_with_the_picker(client, places):
    page = client.get(reverse("account_signup")).content.decode()
    start = page.index('<fieldset class="signup-seller"')
    fieldset = page[start : page.index("</fieldset>", start)]
    assert "District" in fieldset and "State or union territory" in fieldset
    assert "data-district-input" in fieldset and "js/district-picker.js" in page


def test_a_seller_must_give_a_district(client, places):
    response = client.post(reverse("account_signup"), seller_data())
    assert response.status_code == 200
    assert "Type the district your business is in" in response.content.decode()
    assert not User.objects.filter(email="shabana@weaver.example").exists()


def test_an_unknown_district_keeps_what_was_typed_and_says_so(client, places):
    response = client.post(reverse("account_signup"), seller_data(district="Atlantis"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "We know no district called “Atlantis”" in html
    assert 'value="Atlantis"' in html and 'value="Shabana Ansari"' in html
    assert not User.objects.exists()


def test_an_ambiguous_district_lists_the_candidates_and_the_state_settles_it(client, places):
    response = client.post(reverse("account_signup"), seller_data(district="Aurangabad"))
    html = response.content.decode()
    assert "Aurangabad, Bihar" in html and "Aurangabad, Maharashtra" in html
    assert not User.objects.exists()
    response = client.post(
        reverse("account_signup"),
        seller_data(district="Aurangabad", state=str(places["bihar"].pk)),
    )
    assert response.status_code == 302
    assert User.objects.get().signup_district == places["aurangabad_br"]


def test_a_buyer_is_not_asked_for_a_district(client, places):
    response = client.post(
        reverse("account_signup"),
        {
            "full_name": "Anna Weber",
            "email": "anna@importer.example",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "role": "buyer",
            "company": "Weber Textil GmbH",
            "country": "DE",
            "buyer_type": "importer",
            "district": "Atlantis",  # typed in the hidden seller field: ignored
        },
    )
    assert response.status_code == 302
    assert User.objects.get().signup_district is None


def test_a_buyer_still_has_to_answer_the_buyer_questions(client):
    response = client.post(
        reverse("account_signup"),
        {
            "full_name": "Anna Weber",
            "email": "anna@importer.example",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "role": "buyer",
        },
    )
    assert response.status_code == 200
    assert "Give your company" in response.content.decode()
