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
    client, seller_user, published, category, brocades  # noqa: F811
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
