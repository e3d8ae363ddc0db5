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
from tests.catalogue.test_trust_review import PDF, edit_data
from tests.factories import GIProductFactory, PriceTierFactory, ProductFactory
from tests.factories.catalogue import ProductImageFactory, upload


@pytest.fixture
def published(seller, category):
    product = ProductFactory(
        seller=seller, category=category, name="Katan silk saree", slug="katan-silk-saree"
    )
    PriceTierFactory(product=product, min_quantity=10, unit_price_inr="3000.00")
    ProductImageFactory(product=product, alt_text="Red saree")
    return product


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
    brocades,
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
    django_capture_on_commit_callbacks,
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
    category,
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
    published,
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
    published,
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
    published,
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


def test_translation_of_a_draft_applies_at_once_and_of_a_published_listing_waits_even_if_trusted(
    seller,
    seller_user,
    official,
    published,
    category,
):
    from catalogue.models import ProductTranslation
    from sellers import services as seller_services

    draft = ProductFactory(seller=seller, category=category, status=Product.Status.DRAFT)
    services.product_translation_save(
        product=draft, by=seller_user, language="fr", name="Brouillon", description="Texte"
    )
    assert ProductTranslation.objects.get(product=draft).name == "Brouillon"
    seller_services.seller_set_trusted(seller=seller, by=official, trusted=True)
    services.product_translation_save(
        product=published, by=seller_user, language="fr", name="Sari", description="Soie"
    )
    assert not ProductTranslation.objects.filter(product=published).exists()
    assert ProductRevision.objects.filter(product=published).exists()


# --- One kind wording for checks that are not confirmed ---------------------------------


def test_gstin_not_confirmed_reads_sent_back_for_changes_everywhere(
    client, seller, seller_user, official, django_capture_on_commit_callbacks
):
    from django.core import mail

    from core.notifications.models import Notification

    seller.gstin = "09AAACH7409R1ZZ"
    seller.save()
    client.force_login(official)
    form = client.get(reverse("catalogue:review_queue")).content.decode()
    assert "GSTIN: send back for changes" in form and "not valid" not in form
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("catalogue:review_seller", args=[seller.pk]), {"action": "reject_gstin"}
        )
    seller.refresh_from_db()
    assert seller.gstin_status == "rejected"
    preview = client.get(reverse("catalogue:review_seller_preview", args=[seller.pk]))
    assert "(Sent back for changes)" in preview.content.decode()
    assert "Rejected" not in preview.content.decode()
    note = Notification.objects.get(user=seller_user, kind="seller_gstin_rejected")
    assert note.subject == "GSTIN sent back for changes: Kashi Weavers"
    assert "could not confirm" in note.body
    assert any(
        m.subject.endswith("GSTIN sent back for changes: Kashi Weavers") for m in mail.outbox
    )
    client.force_login(seller_user)
    profile = client.get(reverse("marketplace:dashboard_profile")).content.decode()
    assert 'data-testid="gstin-check"' in profile and "GSTIN sent back for changes" in profile
    assert "Rejected" not in profile


def test_iec_sent_back_with_the_officials_reason(client, seller, seller_user, official):
    from core.notifications.models import Notification

    seller.iec = "0515012345"
    seller.save()
    client.force_login(official)
    client.post(
        reverse("catalogue:review_seller", args=[seller.pk]),
        {"action": "reject_iec", "reason": "The IEC belongs to another firm."},
    )
    note = Notification.objects.get(user=seller_user, kind="seller_iec_rejected")
    assert note.subject == "IEC sent back for changes: Kashi Weavers"
    assert note.body == "Sent back for changes: The IEC belongs to another firm."


def test_gi_claim_not_confirmed_reads_sent_back(
    client,
    seller_user,
    official,
    published,
    brocades,
):
    from core.notifications.models import Notification

    Product.objects.filter(pk=published.pk).update(
        gi=brocades, gi_authorised_user=True, gi_au_number="AU/1/GI/193/2019"
    )
    client.force_login(official)
    preview = client.get(reverse("catalogue:review_product_preview", args=[published.pk]))
    html = preview.content.decode()
    assert "GI claim: send back for changes" in html and "(GI application 110 / 193)" in html
    response = client.post(
        reverse("catalogue:review_product", args=[published.pk]),
        {"action": "reject_gi"},
        follow=True,
    )
    assert "sent back for changes" in response.content.decode()
    published.refresh_from_db()
    assert published.get_gi_au_status_display() == "Sent back for changes"
    note = Notification.objects.get(user=seller_user, kind="listing_gi_not_valid")
    assert note.subject == "GI claim sent back for changes: “Katan silk saree”"


# --- Demo translations (machine-aided drafts, loaded as approved) --------------------------


def test_demo_translations_load_as_approved_machine_aided_drafts(
    client, seller, category, django_capture_on_commit_callbacks
):
    from catalogue.demo import load_demo_translations
    from catalogue.models import ProductTranslation

    product = ProductFactory(
        seller=seller,
        category=category,
        name="Bhagalpur Silk, handwoven saree",
        slug="bhagalpur-silk-handwoven-saree",
    )
    PriceTierFactory(product=product)
    with django_capture_on_commit_callbacks(execute=True):
        result = load_demo_translations()
    assert result.created == 4 and any("darjeeling" in note for note in result.notes)
    rows = ProductTranslation.objects.filter(product=product)
    assert {r.language for r in rows} == {"fr", "es", "hi", "ar"}
    assert all(r.machine_aided for r in rows)
    assert not ProductRevision.objects.exists()  # the loader is no seller edit
    again = load_demo_translations()
    assert again.created == 0 and again.updated == 4
    page = client.get(f"/fr{product.get_absolute_url()}").content.decode()
    assert "Soie de Bhagalpur, sari tissé main" in page
    assert "Translation drafted with machine help." in page or "data-machine-aided" in page
    search = client.get("/fr/search/", {"q": "soie"}).content.decode()
    assert "Soie de Bhagalpur, sari tissé main" in search
