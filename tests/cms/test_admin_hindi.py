"""A Hindi-speaking official's page editor is Hindi around the project's labels too: Wagtail
ships no Hindi, so its tabs, buttons and menu come from locale_admin/ (issue 21)."""

import json
import re

import pytest
from wagtail.users.models import UserProfile

from cms.i18n import ensure_locales
from cms.services import official_grant
from tests.factories import DistrictOfficialFactory, UserFactory


@pytest.fixture
def hindi_official(varanasi_page):
    ensure_locales()
    user = UserFactory(email="official@example.org")
    DistrictOfficialFactory(user=user, district=varanasi_page.district)
    official_grant(official=user)
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "hi"
    profile.save()
    return user


# Wagtail's words on the editor and their Hindi (server-rendered, then the JavaScript catalogue).
EDITOR = {
    "Save draft": "ड्राफ़्ट सहेजें",
    "Promote": "प्रचार",
    "Toggle sidebar": "साइडबार दिखाएँ या छिपाएँ",
    "Preview": "पूर्वावलोकन",
    "Skip to main content": "मुख्य सामग्री पर जाएँ",
    # the Promote tab's fields, Wagtail's own page fields
    "Slug": "स्लग",
    "Title tag": "शीर्षक टैग",
    "Meta description": "मेटा विवरण",
    "Show in menus": "मेनू में दिखाएँ",
    "The name of the page as it will appear in URLs": "URL में दिखने वाला पेज का नाम",
}
SCRIPT = {"Insert a block": "ब्लॉक जोड़ें", "Collapse all": "सभी समेटें", "Main menu": "मुख्य मेनू"}


def test_the_hindi_editor_shows_wagtails_own_words_in_hindi(client, hindi_official, varanasi_page):
    client.force_login(hindi_official)
    page = client.get(f"/admin/pages/{varanasi_page.pk}/edit/")
    html = page.content.decode()
    assert page.status_code == 200 and re.search(r'<html[^>]* lang="hi"', html)
    for english, hindi in EDITOR.items():
        assert hindi in html, english
        assert f">{english}<" not in html and f"{english} e.g" not in html, english

    catalog_url = re.search(r'src="([^"]*jsi18n[^"]*)"', html).group(1)
    script = client.get(catalog_url).content.decode()
    catalog = json.loads(re.search(r"const newcatalog = (\{.*?\});", script, re.S).group(1))
    for english, hindi in SCRIPT.items():
        assert catalog.get(english) == hindi, english
