"""Sign-up made for each role: a seller is asked nothing about buying."""

import pytest
from django.urls import reverse

from accounts.models import User
from buyers.models import BuyerCompany

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


def test_a_seller_signs_up_without_any_buyer_field(client):
    response = client.post(
        reverse("account_signup"),
        {
            "full_name": "Shabana Ansari",
            "email": "shabana@weaver.example",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "role": "seller",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="shabana@weaver.example")
    assert user.signup_role == "seller"
    assert not BuyerCompany.objects.filter(user=user).exists()


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
