"""build_site makes the whole tree once, points the Site at it and grants officials' rights."""

from io import StringIO

from wagtail.models import Page, Site

from cms.demo import build_site
from cms.models import ClusterPage, DistrictPage, HomePage, StatePage
from regions.models import Cluster
from tests.factories import DistrictFactory, DistrictOfficialFactory, StateFactory


def test_build_site_is_complete_and_idempotent(db):
    up = StateFactory()
    goa = StateFactory(iso_code="IN-GA", name="Goa", slug="goa", gst_code="30")
    varanasi = DistrictFactory(state=up, name="Varanasi", slug="varanasi")
    DistrictFactory(state=up, name="Agra", slug="agra")
    DistrictFactory(state=goa, name="North Goa", slug="north-goa")
    Cluster.objects.create(district=varanasi, name="Toy cluster", slug="toy-cluster", kind="toy")
    official = DistrictOfficialFactory(district=varanasi).user
    out = StringIO()

    home = build_site(stdout=out)
    build_site(stdout=out)  # the second run creates nothing

    assert Site.objects.get(is_default_site=True).root_page_id == home.pk
    assert HomePage.objects.count() == 1
    assert set(StatePage.objects.values_list("slug", flat=True)) == {"uttar-pradesh", "goa"}
    assert DistrictPage.objects.count() == 3
    assert ClusterPage.objects.get().url == "/uttar-pradesh/varanasi/toy-cluster/"
    assert Page.find_problems() == ([], [], [], [], [])
    assert "0 state, 0 district and 0 cluster pages created" in out.getvalue()
    assert official.groups.filter(name="Officials: Varanasi, Uttar Pradesh").exists()
    # Bulk-made pages are real pages: they render and Wagtail's tree methods agree.
    varanasi_page = DistrictPage.objects.get(district=varanasi)
    assert varanasi_page.get_parent().specific.state == up
    assert varanasi_page.get_parent().get_children().count() == 2


def test_bulk_made_pages_render_and_accept_new_children(client, db):
    up = StateFactory()
    varanasi = DistrictFactory(state=up, name="Varanasi", slug="varanasi")
    build_site()
    page = DistrictPage.objects.get(district=varanasi)

    assert client.get("/uttar-pradesh/varanasi/").status_code == 200
    extra = DistrictFactory(state=up, name="Zzz", slug="zzz")
    state_page = page.get_parent()
    added = state_page.add_child(instance=DistrictPage(title="Zzz", slug="zzz", district=extra))
    assert added.get_parent().pk == state_page.pk
    assert Page.find_problems() == ([], [], [], [], [])
