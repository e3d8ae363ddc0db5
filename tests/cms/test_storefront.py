"""A district storefront shows the district's facts, products, sellers, clusters and GIs."""

import pytest
from wagtail import hooks

from cms.models import STOREFRONT_SECTIONS_HOOK, StorefrontSection
from regions.models import Cluster
from tests.factories import GIProductFactory, ProductFactory, SellerFactory
from tests.factories.cms import make_cluster_page, make_image, make_products


def test_storefront_shows_its_facts(client, varanasi_page, agra_page):
    district = varanasi_page.district
    seller = SellerFactory(district=district, name="Kashi Silk Weavers", crafts="Brocade saris")
    gi = GIProductFactory(name="Banaras Brocades and Sarees")
    gi.districts.add(district)
    make_products(district, 2, seller=seller)
    ProductFactory(district=district, seller=seller, name="Zari stole", gi=gi)
    ProductFactory(district=district, seller=seller, name="Draft thing", status="draft")
    ProductFactory(district=agra_page.district, name="Agra marble inlay box")
    cluster = Cluster.objects.create(
        district=district, name="Sarai Mohana weaving cluster", slug="sarai-mohana", kind="gi"
    )
    make_cluster_page(varanasi_page, cluster)

    response = client.get(varanasi_page.url)

    assert response.status_code == 200
    html = response.content.decode()
    assert '<h1 class="hero__title">Varanasi</h1>' in html
    assert "Zari stole" in html
    assert "Kashi Silk Weavers" in html
    assert "Banaras Brocades and Sarees" in html
    assert 'href="/uttar-pradesh/varanasi/sarai-mohana/"' in html
    assert "/rfq/new/?district=varanasi" in html
    assert "Draft thing" not in html  # only published listings are shown
    assert "Agra marble inlay box" not in html
    assert response.context["storefront"].product_count == 3
    # The product cards use WebP renditions with several widths.
    assert 'srcset="' in html and ".webp" in html


def test_state_and_home_pages_list_districts_with_counts(client, home, up_page, varanasi_page):
    make_products(varanasi_page.district, 3)

    state_html = client.get(up_page.url).content.decode()
    home_html = client.get("/").content.decode()

    assert 'href="/uttar-pradesh/varanasi/"' in state_html
    assert "3 products" in state_html
    assert 'href="/uttar-pradesh/"' in home_html
    assert "Featured districts" in home_html
    assert "Visit the Varanasi storefront" in home_html


def test_official_chosen_products_and_blocks_render(client, varanasi_page):
    product = make_products(varanasi_page.district, 1)[0]
    seller = product.seller
    image = make_image("Ghat")
    varanasi_page.story = "<p>City of the oldest looms.</p>"
    varanasi_page.body = [
        ("featured_products", {"heading": "Our picks", "products": [product]}),
        ("seller", seller),
        ("quote", {"quote": "We weave with gold.", "attribution": "A weaver"}),
        ("image", {"image": image, "alt_text": "The ghats at dawn", "caption": ""}),
        (
            "call_to_action",
            {"heading": "Visit us", "text": "", "link_label": "Search", "url": "/search/"},
        ),
    ]
    varanasi_page.save_revision().publish()

    html = client.get(varanasi_page.url).content.decode()

    assert "City of the oldest looms." in html
    assert "Our picks" in html
    assert html.count(product.name) >= 2  # in the chosen block and the automatic list
    assert "We weave with gold." in html
    assert 'alt="The ghats at dawn"' in html
    assert 'href="/search/"' in html


def test_call_to_action_refuses_offsite_links():
    from wagtail.blocks import StructBlockValidationError

    from cms.blocks import CallToActionBlock

    block = CallToActionBlock()
    value = block.to_python(
        {"heading": "x", "text": "", "link_label": "go", "url": "javascript:alert(1)"}
    )
    with pytest.raises(StructBlockValidationError):
        block.clean(value)


def test_other_apps_fill_the_action_plan_slot(client, varanasi_page, tmp_path, settings):
    template_dir = tmp_path / "templates"
    (template_dir / "t").mkdir(parents=True)
    (template_dir / "t" / "plan.html").write_text("<p>Plan: {{ section.context.target }}</p>")
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], template_dir]}
    ]

    def plan_section(page, request):
        return [StorefrontSection("action_plan", "t/plan.html", {"target": "USD 40 million"})]

    with hooks.register_temporarily(STOREFRONT_SECTIONS_HOOK, plan_section):
        html = client.get(varanasi_page.url).content.decode()

    assert "Plan: USD 40 million" in html
    assert "has not been published here yet" not in html


def test_cluster_links_go_to_the_live_page_in_the_readers_language(client, varanasi_page):
    district = varanasi_page.district
    with_page = Cluster.objects.create(
        district=district, name="Sarai Mohana weaving cluster", slug="sarai-mohana", kind="gi"
    )
    make_cluster_page(varanasi_page, with_page)
    without_page = Cluster.objects.create(
        district=district, name="Lohta wooden toy cluster", slug="lohta", kind="toy"
    )
    # Chosen in the body too: the chooser block reads its clusters as the storefront does.
    varanasi_page.body = [("cluster", with_page), ("cluster", without_page)]
    varanasi_page.save_revision().publish()

    english = client.get(varanasi_page.url).content.decode()
    french = client.get("/fr" + varanasi_page.url).content.decode()

    link = '<a href="{}uttar-pradesh/varanasi/sarai-mohana/">Sarai Mohana weaving cluster</a>'
    assert english.count(link.format("/")) == 2  # the clusters section and the chosen block
    assert french.count(link.format("/fr/")) == 2
    assert english.count("<strong>Lohta wooden toy cluster</strong>") == 2
    assert "/lohta/" not in english
