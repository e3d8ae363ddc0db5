"""`next` parameters never send a person to another site."""

import pytest
from allauth.account.models import EmailAddress

from tests.factories import UserFactory

EVIL = [
    "https://evil.example/phish",
    "//evil.example/phish",
    "/\\evil.example",
    "https:evil.example",
    "javascript:alert(1)",
    "\\\\evil.example",
]


@pytest.fixture
def person(db):
    user = UserFactory(email="traveller@example.org")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


@pytest.mark.parametrize("target", EVIL)
def test_sign_in_ignores_a_foreign_next(client, person, target):
    response = client.post(
        f"/accounts/login/?next={target}",
        {"login": person.email, "password": "correct horse battery"},
    )
    assert response.status_code == 302
    location = response["Location"]
    assert location.startswith("/"), location
    assert not location.startswith("//") and "evil.example" not in location


@pytest.mark.parametrize("target", EVIL)
def test_language_switch_ignores_a_foreign_next(client, db, target):
    response = client.post("/i18n/setlang/", {"language": "fr", "next": target})
    assert response.status_code == 302
    assert "evil.example" not in response["Location"]
    assert not response["Location"].lower().startswith("javascript")
