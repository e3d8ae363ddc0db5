"""Issue 19 item 14: Wagtail's admin API lists only the images and documents the user may
choose in the admin (collection permissions), not every file on the site."""

import pytest
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.models import Collection

from cms.permissions import district_collection_name
from tests.factories import UserFactory
from tests.factories.catalogue import ProductImageFactory, wagtail_image
from tests.factories.officials import make_official, make_storefront

pytestmark = pytest.mark.django_db


@pytest.fixture
def districts():
    varanasi = make_storefront("Varanasi", 187)
    agra = make_storefront("Agra", 118, state_page=varanasi.get_parent().specific)
    official = make_official(varanasi.district, email="official@varanasi.example")
    make_official(agra.district, email="official@agra.example")
    return varanasi.district, agra.district, official


def in_collection(obj, district):
    obj.collection = Collection.objects.get(name=district_collection_name(district))
    obj.save()
    return obj


def titles(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return {item["title"] for item in response.json()["items"]}


def test_images_api_lists_only_the_officials_collection(client, districts):
    varanasi, agra, official = districts
    in_collection(wagtail_image("Ghats banner"), varanasi)
    in_collection(wagtail_image("Taj banner"), agra)
    hidden = ProductImageFactory(image=wagtail_image("Draft listing photo"))  # unpublished
    client.force_login(official)

    listed = titles(client, "/admin/api/main/images/")

    assert listed == {"Ghats banner"}
    assert hidden.image.title not in listed
    other = in_collection(wagtail_image("Agra detail"), agra)
    assert client.get(f"/admin/api/main/images/{other.pk}/").status_code == 404


def test_documents_api_lists_only_the_officials_collection(client, districts):
    varanasi, agra, official = districts
    documents = get_document_model()
    for title, district in (("Varanasi plan", varanasi), ("Agra plan", agra), ("Root", None)):
        doc = documents(title=title)
        doc.file.save(f"{title}.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
        doc.save()
        if district:
            in_collection(doc, district)
    client.force_login(official)

    assert titles(client, "/admin/api/main/documents/") == {"Varanasi plan"}


def test_staff_still_see_everything(client, districts):
    varanasi, agra, _official = districts
    in_collection(wagtail_image("Ghats banner"), varanasi)
    in_collection(wagtail_image("Taj banner"), agra)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    assert {"Ghats banner", "Taj banner"} <= titles(client, "/admin/api/main/images/")


def test_state_official_gets_every_district_collection_of_the_state_only(client, districts):
    """Issue 18: a state post (regions.OfficialPost) gives the state reviewers' group the
    collections of all the state's districts, and nothing of another state's."""
    from cms.services import official_grant
    from regions.models import District, OfficialPost
    from tests.factories import StateOfficialFactory

    varanasi, agra, _official = districts
    # A district of the state with no official and no collection yet.
    District.objects.create(state=varanasi.state, name="Bhadohi", slug="bhadohi", lgd_code=171)
    from tests.factories import StateFactory
    from tests.factories.cms import make_state_page

    bihar = StateFactory(iso_code="IN-BR", name="Bihar", slug="bihar", gst_code="10")
    elsewhere = make_storefront("Bhagalpur", 211, state_page=make_state_page(state=bihar))
    make_official(elsewhere.district, email="official@bhagalpur.example")
    state_official = StateOfficialFactory(state=varanasi.state).user
    official_grant(official=state_official)
    official_grant(official=state_official)  # idempotent
    bhadohi = Collection.objects.get(name="Bhadohi, " + varanasi.state.name)
    group = state_official.groups.get()
    assert group.collection_permissions.filter(collection=bhadohi).count() == 6
    assert group.collection_permissions.count() == 3 * 6
    in_collection(wagtail_image("Ghats banner"), varanasi)
    in_collection(wagtail_image("Taj banner"), agra)
    in_collection(wagtail_image("Silk city"), elsewhere.district)
    client.force_login(state_official)
    assert titles(client, "/admin/api/main/images/") == {"Ghats banner", "Taj banner"}
    assert client.get("/admin/images/multiple/add/").status_code == 200
    # The post goes, the collections go with the group.
    OfficialPost.objects.filter(user=state_official).delete()
    official_grant(official=state_official)
    client.force_login(type(state_official).objects.get(pk=state_official.pk))
    assert client.get("/admin/api/main/images/").status_code in (302, 403)
