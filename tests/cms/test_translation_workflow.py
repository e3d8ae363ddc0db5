"""Officials translate their own district's pages with wagtail-localize, and no other's.

Through the admin views (real requests, real database): "Translate this page", the
segment editor, PO download and upload, "Sync translated pages", and what /fr/ shows.
"""

import polib
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.models import Locale
from wagtail_localize.models import StringTranslation, Translation, TranslationSource

from cms.i18n import ensure_locales, translate_page, translation_parents_ensure
from cms.models import DistrictPage
from cms.services import official_grant
from tests.factories import DistrictOfficialFactory, UserFactory


@pytest.fixture
def official(varanasi_page, agra_page):
    ensure_locales()
    translation_parents_ensure()
    user = UserFactory(email="official@example.org")
    DistrictOfficialFactory(user=user, district=varanasi_page.district)
    official_grant(official=user)
    return user


def _denied(response) -> bool:
    """Wagtail's admin answers PermissionDenied with 403 or a redirect to the admin home."""
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"].rstrip("/").endswith("/admin")
    )


def test_official_translates_own_storefront_into_a_draft_with_the_segment_editor(
    client, official, varanasi_page
):
    client.force_login(official)
    url = f"/admin/localize/submit/page/{varanasi_page.pk}/"
    assert client.get(url).status_code == 200
    french_locale = Locale.objects.get(language_code="fr")

    response = client.post(url, {"locales": [french_locale.pk]})

    assert response.status_code == 302
    french = DistrictPage.objects.get(district=varanasi_page.district, locale=french_locale)
    assert not french.live  # a draft until the official publishes it
    assert french.slug == varanasi_page.slug  # /fr/<state>/varanasi/, never a translated slug
    editor = client.get(f"/admin/pages/{french.pk}/edit/")
    assert editor.status_code == 200
    assert b"wagtail-localize" in editor.content or b"localize" in editor.content
    assert Translation.objects.filter(target_locale=french_locale, enabled=True).count() == 1


def test_the_segment_editor_does_not_offer_the_district_as_a_value_to_change(
    client, official, varanasi_page
):
    """A French Varanasi storefront is about Varanasi: the editor offered the district as an
    overridable value, shown to the official as a bare id ("9 – Uses English version")."""
    import html
    import json
    import re

    client.force_login(official)
    french_locale = Locale.objects.get(language_code="fr")
    client.post(f"/admin/localize/submit/page/{varanasi_page.pk}/", {"locales": [french_locale.pk]})
    french = DistrictPage.objects.get(district=varanasi_page.district, locale=french_locale)
    editor = client.get(f"/admin/pages/{french.pk}/edit/").content.decode()
    props = json.loads(html.unescape(re.search(r'data-props="([^"]+)"', editor).group(1)))
    paths = {segment.get("contentPath") for segment in props["segments"]}
    assert "title" in paths  # the editor's segments were read
    assert "district" not in paths and "slug" not in paths, paths
    assert french.district_id == varanasi_page.district_id


def test_official_cannot_translate_another_districts_storefront(client, official, agra_page):
    client.force_login(official)
    url = f"/admin/localize/submit/page/{agra_page.pk}/"
    french_locale = Locale.objects.get(language_code="fr")

    assert _denied(client.get(url))
    assert _denied(client.post(url, {"locales": [french_locale.pk]}))

    assert not DistrictPage.objects.filter(district=agra_page.district, locale=french_locale)
    assert not TranslationSource.objects.exists()


def test_official_cannot_open_sync_or_exchange_po_files_of_another_districts_translation(
    client, official, agra_page
):
    french = translate_page(page=agra_page, language="fr")  # made by someone else
    translation = Translation.objects.get(target_locale__language_code="fr")
    client.force_login(official)

    assert _denied(client.get(f"/admin/pages/{french.pk}/edit/"))
    assert _denied(client.get(f"/admin/localize/translate/{translation.pk}/pofile/download/"))
    assert _denied(client.get(f"/admin/localize/update/{translation.source_id}/"))
    upload = SimpleUploadedFile("agra-fr.po", str(translation.export_po()).encode())
    assert _denied(
        client.post(f"/admin/localize/translate/{translation.pk}/pofile/upload/", {"file": upload})
    )
    assert not StringTranslation.objects.exists()


def test_po_round_trip_then_publish_shows_french_on_fr(
    client, official, varanasi_page, django_capture_on_commit_callbacks
):
    french = translate_page(page=varanasi_page, language="fr", user=official)
    translation = Translation.objects.get(target_locale__language_code="fr")
    client.force_login(official)

    download = client.get(f"/admin/localize/translate/{translation.pk}/pofile/download/")
    assert download.status_code == 200
    po = polib.pofile(download.content.decode())
    titles = [entry for entry in po if entry.msgid == varanasi_page.title]
    assert titles, [entry.msgid for entry in po]
    titles[0].msgstr = "Varanasi (Bénarès)"
    upload = SimpleUploadedFile("varanasi-fr.po", str(po).encode())
    edit_url = f"/admin/pages/{french.pk}/edit/"
    response = client.post(
        f"/admin/localize/translate/{translation.pk}/pofile/upload/",
        {"file": upload, "next": edit_url},
    )
    assert response.status_code == 302 and response["Location"] == edit_url

    with django_capture_on_commit_callbacks(execute=True):  # wagtail-localize publishes on commit
        translation.save_target(user=official, publish=True)
    page = client.get(f"/fr/{varanasi_page.get_parent().slug}/{varanasi_page.slug}/")
    assert page.status_code == 200
    assert "Varanasi (Bénarès)" in page.content.decode()


@pytest.mark.parametrize(
    "content, message",
    [
        (None, "Choose a PO file"),
        (b"\xff\xfe not text", "valid PO file"),
        (b'msgid ""\nmsgstr ""\n\nmsgid "Varanasi"\nmsgstr "Benares"\n', "not downloaded"),
        (b"/etc/passwd", "valid PO file"),  # a path is content here, never opened
    ],
)
def test_a_bad_po_upload_is_explained_not_a_server_error(
    client, official, varanasi_page, content, message
):
    translate_page(page=varanasi_page, language="fr", user=official)
    translation = Translation.objects.get(target_locale__language_code="fr")
    client.force_login(official)
    data = {} if content is None else {"file": SimpleUploadedFile("x.po", content)}

    response = client.post(
        f"/admin/localize/translate/{translation.pk}/pofile/upload/", data, follow=True
    )

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not StringTranslation.objects.exists()
