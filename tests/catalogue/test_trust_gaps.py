"""Issue 18, the gaps the first pass left: AU numbers under a GI's later serial, a revision
whose photos or documents vanished before approval, translations reviewed like the rest."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from catalogue import services
from catalogue.demo import gi_rows, load_gi_registry
from catalogue.gi import validate_au_number
from catalogue.models import Certification, GIProduct, Product, ProductRevision
from tests.catalogue.test_trust_review import PDF, edit_data, published  # noqa: F401
from tests.factories import GIProductFactory
from tests.factories.catalogue import upload

# --- GI authorised-user numbers under an "also registered" serial -------------------------


@pytest.fixture
def brocades(db):
    return GIProductFactory(
        name="Banaras Brocades and Sarees", registry_serial=110, also_registered_serials="193"
    )


def test_au_number_under_the_gis_later_serial_is_accepted(brocades):
    assert validate_au_number("AU/42/GI/193/2021", brocades) == "AU/42/GI/193/2021"
    assert validate_au_number("AU/42/GI/110/2021", brocades) == "AU/42/GI/110/2021"


def test_au_number_under_another_gis_later_serial_names_that_gi(brocades, db):
    mysore = GIProductFactory(name="Mysore Silk", registry_serial=14, also_registered_serials="275")
    with pytest.raises(ValidationError) as error:
        validate_au_number("AU/42/GI/275/2021", brocades)
    message = error.value.messages[0]
    assert "GI application 275 (Mysore Silk)" in message and "110 / 193" in message
    assert validate_au_number("AU/42/GI/275/2021", mysore)


def test_the_registry_loader_keeps_the_later_serials(db):
    from regions.demo import DistrictResolver

    load_gi_registry(DistrictResolver())
    expected = {r["name"]: r["also_registered_serials"] for r in gi_rows()}
    assert expected["Banaras Brocades and Sarees"] == "193"
    loaded = GIProduct.objects.get(name="Banaras Brocades and Sarees")
    assert loaded.registry_serials == [110, 193]
    assert GIProduct.objects.exclude(also_registered_serials="").count() == sum(
        1 for v in expected.values() if v
    )


def test_seller_claim_under_the_later_serial_reaches_the_revision(
    client,
    seller_user,
    published,
    category,
    brocades,  # noqa: F811
):
    client.force_login(seller_user)
    data = edit_data(
        published,
        category,
        gi=brocades.pk,
        gi_authorised_user="on",
        gi_au_number="AU/77/GI/193/2022",
        gi_au_certificate_file=upload("c.pdf", PDF, "application/pdf"),
    )
    response = client.post(reverse("catalogue:dashboard_listing_edit", args=[published.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    revision = ProductRevision.objects.get(product=published)
    assert revision.fields["gi_au_number"] == "AU/77/GI/193/2022"


# --- Approval applies what still exists -------------------------------------------------


def test_revision_whose_new_photo_and_document_were_deleted_publishes_what_remains(
    client,
    seller_user,
    official,
    published,
    category,
    django_capture_on_commit_callbacks,  # noqa: F811
):
    from core.notifications.models import Notification

    client.force_login(seller_user)
    data = edit_data(
        published,
        category,
        name="Katan silk saree, zari border",
        **{
            "photos-TOTAL_FORMS": 2,
            "photos-0-photo": upload("kept.png"),
            "photos-0-alt_text": "Kept photo",
            "photos-1-photo": upload("gone.png"),
            "photos-1-alt_text": "Deleted photo",
            "certs-TOTAL_FORMS": 1,
            "certs-0-kind": "craftmark",
            "certs-0-number": "CM-9",
            "certs-0-document": upload("cert.pdf", PDF, "application/pdf"),
        },
    )
    response = client.post(reverse("catalogue:dashboard_listing_edit", args=[published.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    revision = ProductRevision.objects.get(product=published)
    gone = next(p for p in revision.new_photos if p["alt_text"] == "Deleted photo")
    # An administrator deletes the image and the certificate file before the approval.
    get_image_model().objects.get(pk=gone["image_id"]).delete()
    get_document_model().objects.get(pk=revision.certifications[0]["document_id"]).delete()
    client.force_login(official)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("catalogue:review_product", args=[published.pk]), {"action": "publish"}
        )
    assert response.status_code == 302
    published.refresh_from_db()
    assert published.name == "Katan silk saree, zari border"
    assert "Kept photo" in [p.alt_text for p in published.images.all()]
    assert "Deleted photo" not in [p.alt_text for p in published.images.all()]
    cert = Certification.objects.get(product=published)
    assert cert.number == "CM-9" and cert.document_id is None
    assert not ProductRevision.objects.filter(product=published).exists()
    queue = client.get(reverse("catalogue:review_queue")).content.decode()
    assert "Published without what no longer exists" in queue and "Deleted photo" in queue
    note = Notification.objects.get(user=seller_user, kind="listing_published")
    assert "Deleted photo" in note.body and "Craftmark" in note.body


def test_revision_naming_a_deleted_category_keeps_the_approved_one(
    official,
    seller_user,
    published,
    category,  # noqa: F811
):
    from tests.factories import CategoryFactory

    doomed = CategoryFactory(name="Doomed", slug="doomed", hs_chapter=category.hs_chapter)
    services.product_update(
        product=published, by=seller_user, fields={"name": "Renamed", "category": doomed}
    )
    assert ProductRevision.objects.get(product=published).fields["category_id"] == doomed.pk
    doomed.delete()
    product = services.product_publish(product=published, by=official)
    published.refresh_from_db()
    assert published.name == "Renamed" and published.category_id == category.pk
    assert any("category" in item for item in product.dropped_on_publish)


# --- Translations of a published listing are reviewed --------------------------------------


def _translate(client, product, language, name, description="Soie katan tissée main."):
    return client.post(
        reverse("catalogue:dashboard_listing_translation", args=[product.pk]),
        {"language": language, "name": name, "description": description, "save": "1"},
    )


def test_translated_name_of_a_published_listing_waits_for_the_official(
    client,
    seller_user,
    official,
    published,  # noqa: F811
):
    from catalogue.models import ProductTranslation

    ProductTranslation.objects.create(
        product=published, language="fr", name="Sari en soie katan", description="Soie."
    )
    client.force_login(seller_user)
    response = _translate(client, published, "fr", "Sacs de marque contrefaits, en gros")
    assert response.status_code == 302
    # Buyers still read the approved French name, on the page and in the API.
    assert ProductTranslation.objects.get(product=published, language="fr").name == (
        "Sari en soie katan"
    )
    client.logout()
    page = client.get("/fr" + published.get_absolute_url().removeprefix("/en")).content.decode()
    assert "Sari en soie katan" in page and "contrefaits" not in page
    # The seller sees the text waiting in the form.
    client.force_login(seller_user)
    edit = client.get(reverse("catalogue:dashboard_listing_edit", args=[published.pk]))
    html = edit.content.decode()
    assert "contrefaits" in html and 'data-testid="translation-waiting"' in html
    # The official sees before and after, then approves.
    client.force_login(official)
    preview = client.get(reverse("catalogue:review_product_preview", args=[published.pk]))
    diff = preview.content.decode()
    assert 'data-testid="translation-diff"' in diff
    assert "<del><strong>Sari en soie katan</strong>" in diff and "contrefaits" in diff
    client.post(reverse("catalogue:review_product", args=[published.pk]), {"action": "publish"})
    row = ProductTranslation.objects.get(product=published, language="fr")
    assert row.name == "Sacs de marque contrefaits, en gros" and not row.machine_aided
    assert not ProductRevision.objects.filter(product=published).exists()


def test_new_translation_sent_back_is_never_public(
    client,
    seller_user,
    official,
    published,  # noqa: F811
):
    from catalogue.models import ProductTranslation

    client.force_login(seller_user)
    _translate(client, published, "es", "Bolsos falsificados")
    assert not ProductTranslation.objects.filter(product=published).exists()
    services.product_reject(product=published, by=official, reason="El nombre no es el producto.")
    published.refresh_from_db()
    assert published.status == Product.Status.PUBLISHED
    assert not ProductTranslation.objects.filter(product=published).exists()
    revision = ProductRevision.objects.get(product=published)
    assert revision.status == "sent_back" and "es" in revision.translations


def test_translation_edit_and_field_edit_share_one_revision(
    seller_user,
    official,
    published,  # noqa: F811
):
    from catalogue.models import ProductTranslation

    row = services.product_translation_save(
        product=published, by=seller_user, language="hi", name="कतान रेशम साड़ी", description="रेशम"
    )
    assert row.waits_for_review and row.pk is None
    services.product_update(product=published, by=seller_user, fields={"name": "Katan saree"})
    revision = ProductRevision.objects.get(product=published)
    assert revision.fields["name"] == "Katan saree" and "hi" in revision.translations
    # Removing the waiting translation leaves the field edit waiting.
    assert services.product_translation_delete(product=published, by=seller_user, language="hi")
    revision.refresh_from_db()
    assert revision.translations == {} and revision.fields["name"] == "Katan saree"
    services.product_publish(product=published, by=official)
    assert not ProductTranslation.objects.filter(product=published).exists()


def test_translation_of_a_draft_or_a_trusted_sellers_listing_applies_at_once(
    seller,
    seller_user,
    official,
    published,
    category,  # noqa: F811
):
    from catalogue.models import ProductTranslation
    from sellers import services as seller_services
    from tests.factories import ProductFactory

    draft = ProductFactory(seller=seller, category=category, status=Product.Status.DRAFT)
    services.product_translation_save(
        product=draft, by=seller_user, language="fr", name="Brouillon", description="Texte"
    )
    assert ProductTranslation.objects.get(product=draft).name == "Brouillon"
    seller_services.seller_set_trusted(seller=seller, by=official, trusted=True)
    services.product_translation_save(
        product=published, by=seller_user, language="fr", name="Sari", description="Soie"
    )
    assert ProductTranslation.objects.get(product=published).name == "Sari"
    assert not ProductRevision.objects.exists()
