"""load_demo_data builds the demo marketplace from the real facts, and a second run changes
nothing. The full load runs ONCE for this module (without pictures, which have their own test)
inside a transaction that is rolled back at the end, so other modules never see it."""

import io

import pytest
from django.db import transaction
from PIL import Image as PILImage

from accounts.models import User
from buyers.models import BuyerCompany
from catalogue import demo as catalogue_demo
from catalogue import demo_images
from catalogue.demo_taxonomy import KIND_BY_SLUG, classify
from catalogue.models import Category, GIProduct, HSChapter, PriceTier, Product, ProductImage
from cms.management.commands.load_demo_data import _demo_seller_slug, load_demo
from regions.demo import DistrictResolver, read_csv, split_multi
from regions.models import Cluster, District, OfficialPost, State
from sellers.models import Seller, SellerMembership
from sellers.validators import validate_gstin, validate_iec

COUNTED = [State, District, HSChapter, Category, GIProduct, Cluster, Seller, Product, PriceTier]


def _gi_listing(name: str) -> Product:
    """The GI's own listing (an ODOP listing may link the same GI too; GI listings come first)."""
    return Product.objects.filter(gi__name=name).order_by("id").first()


def _counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in COUNTED} | {
        "users": User.objects.count()
    }


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            results = load_demo(images=False)
            yield results
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


pytestmark = pytest.mark.django_db


def test_states_and_union_territories(demo):
    assert State.objects.count() == 36
    assert State.objects.filter(kind=State.Kind.UT).count() == 8
    up = State.objects.get(iso_code="IN-UP")
    assert (up.name, up.gst_code, up.slug) == ("Uttar Pradesh", "09", "uttar-pradesh")
    assert State.objects.get(iso_code="IN-OD").previous_iso_code == "IN-OR"
    assert not State.objects.filter(gst_code="").exists()


def test_all_districts_with_lgd_codes_former_names_and_unique_slugs(demo):
    assert District.objects.count() == 781
    varanasi = District.objects.get(slug="varanasi")
    assert varanasi.state.iso_code == "IN-UP"
    assert District.objects.get(name="Prayagraj").previous_names == "Allahabad"
    assert District.objects.filter(lgd_code__isnull=False).count() == 752
    # Bilaspur is a district of Chhattisgarh and of Himachal Pradesh: both get the state.
    assert set(District.objects.filter(name="Bilaspur").values_list("slug", flat=True)) == {
        "bilaspur-chhattisgarh",
        "bilaspur-himachal-pradesh",
    }
    assert "VISAKHAPATANAM" in District.objects.get(name="Visakhapatnam").aliases


def test_gi_registry_with_states_and_districts(demo):
    assert GIProduct.objects.count() == 629
    assert HSChapter.objects.count() == 97
    darjeeling = GIProduct.objects.get(gi_id="GI-IN-001")
    assert darjeeling.name == "Darjeeling Tea"
    assert list(darjeeling.states.values_list("name", flat=True)) == ["West Bengal"]
    assert list(darjeeling.districts.values_list("name", flat=True)) == ["Darjeeling"]
    basmati = GIProduct.objects.get(name="Basmati")
    assert basmati.states.count() == 7
    # Channapatna's source names Ramanagara, the district's former name.
    channapatna = GIProduct.objects.get(name="Channapatna Toys & Dolls")
    assert list(channapatna.districts.values_list("name", flat=True)) == ["Bengaluru South"]
    # The two entries sharing GI-IN-029 in the source both exist.
    assert set(
        GIProduct.objects.filter(gi_id__startswith="GI-IN-029").values_list("name", flat=True)
    ) == {"Srikalahasthi Kalamkari", "Orissa Ikat"}


def test_every_gi_has_a_published_listing(demo):
    without = GIProduct.objects.exclude(products__status=Product.Status.PUBLISHED)
    assert list(without.values_list("name", flat=True)) == []
    # A GI with no named place still gets a listing in a district of its state.
    pashmina = _gi_listing("Kashmir Pashmina")
    assert pashmina.district.state.name == "Jammu and Kashmir"


def test_every_district_product_has_a_listing(demo):
    published = set(
        Product.objects.filter(status=Product.Status.PUBLISHED).values_list(
            "district__state__name", "district__name", "name"
        )
    )
    names = {(state, district): set() for state, district, _ in published}
    for state, district, name in published:
        names[(state, district)].add(name.lower())
    districts = set(District.objects.values_list("state__name", "name"))
    missing = []
    for file in ("district_products.csv", "odop_products.csv"):
        for row in read_csv(file, catalogue_demo.DATA_DIR):
            place = (row["state"], row["district"])
            listing = f"{row['product']} from {row['district']}".lower()
            if place not in districts or listing not in names.get(place, set()):
                missing.append((row["district"], row["product"]))
    assert missing == []


def test_listings_are_complete_and_priced_in_step_with_tiers(demo):
    assert Product.objects.count() == demo["listings"].created > 1000
    sample = Product.objects.filter(status="published").select_related("category__parent")[:200]
    for product in sample:
        tiers = list(product.price_tiers.values_list("min_quantity", "unit_price_inr"))
        assert len(tiers) == 3
        assert product.moq == tiers[0][0]
        assert product.price_min_inr == min(p for _, p in tiers)
        assert product.price_max_inr == max(p for _, p in tiers)
        assert product.category.parent is not None
        assert product.description and "lorem" not in product.description.lower()
        assert product.lead_time_days > 0 and product.monthly_capacity
    assert Product.objects.filter(gi_authorised_user=True).exists()
    assert Product.objects.filter(gi_authorised_user=False, gi__isnull=False).exists()
    assert Product.objects.filter(certifications__isnull=False).distinct().count() > 300
    assert Product.objects.filter(sample_available=True).count() > 300


def test_categories_follow_the_facts(demo):
    tea = _gi_listing("Darjeeling Tea").category
    assert (tea.parent.name, tea.name) == ("Food", "Tea")
    saree = _gi_listing("Banaras Brocades and Sarees").category
    assert saree.parent.slug == "textiles"
    toys = _gi_listing("Channapatna Toys & Dolls").category
    assert toys.slug == "wooden-toys"
    # Sector decides between food and craft readings of the same word.
    assert classify("Banana fibre products", sector="handicraft").slug == "bamboo-fibre"
    assert classify("Banana", sector="agri").slug == "fruit-nuts"
    assert classify("Kashmir Walnut Wood Carving", sector="Handicraft").slug == "wood-craft"


def test_seller_gstins_and_iecs_are_valid_for_their_state(demo):
    sellers = Seller.objects.select_related("district__state")
    assert sellers.count() > 500
    assert {s.business_type for s in sellers} == set(Seller.BusinessType.values)
    for seller in sellers:
        validate_gstin(seller.gstin, state_iso_code=seller.district.state.iso_code)
        if seller.iec:
            validate_iec(seller.iec)
            assert seller.iec == seller.gstin[2:12]  # an IEC is the business PAN
        assert seller.district.name in seller.story or seller.district.name in seller.name


def test_demo_accounts(demo, settings):
    seller_user = User.objects.get(email="seller@example.com")
    membership = SellerMembership.objects.get(user=seller_user)
    assert membership.role == SellerMembership.Role.OWNER
    assert membership.seller.district.slug == "varanasi"
    assert membership.seller.products.filter(gi__name="Banaras Brocades and Sarees").exists()
    official = User.objects.get(email="official@example.com")
    assert OfficialPost.objects.get(user=official).district.slug == "varanasi"
    assert not official.is_staff
    # Officials in several states, district and state posts, and a staff reviewer, so each
    # level of coverage shows: Bihar's districts fall to its state official, Tamil Nadu's
    # (but Kancheepuram) to staff.
    from regions.selectors import STAFF, STATE, official_scope

    posts = OfficialPost.objects.select_related("district__state", "state")
    assert {(p.district or p.state).slug for p in posts if p.state_id} >= {"bihar", "rajasthan"}
    assert len({(p.district.state if p.district else p.state) for p in posts}) >= 4
    reviewer = User.objects.get(email="reviewer@example.com")
    assert reviewer.is_staff and not reviewer.is_superuser
    bhagalpur = District.objects.get(name="Bhagalpur")
    madurai = District.objects.get(name="Madurai")
    scope = official_scope(reviewer)
    assert scope.level(bhagalpur.pk, bhagalpur.state_id) == STATE
    assert scope.level(madurai.pk, madurai.state_id) == STAFF
    assert official_scope(User.objects.get(email="bihar.official@example.com")).is_duty(
        bhagalpur.pk, bhagalpur.state_id
    )
    assert BuyerCompany.objects.get(user__email="buyer@example.com").country == "DE"
    assert User.objects.get(email="admin@example.com").is_superuser
    for email in ("buyer", "seller", "official", "admin", "reviewer", "bihar.official"):
        user = User.objects.get(email=f"{email}@example.com")
        assert user.check_password(settings.DEMO_PASSWORD)
        assert user.emailaddress_set.filter(verified=True, primary=True).count() == 1


def test_second_run_changes_nothing_and_keeps_user_edits(demo):
    product = _gi_listing("Darjeeling Tea")
    product.description = "Our own words about our tea."
    product.save()
    seller = product.seller
    seller.story = "Written by the seller."
    seller.save()
    before = _counts()

    again = load_demo(images=False)

    assert _counts() == before
    assert again["listings"].created == 0 and again["gis"].created == 0
    product.refresh_from_db()
    seller.refresh_from_db()
    assert product.description == "Our own words about our tea."
    assert seller.story == "Written by the seller."


def test_pictures_are_stored_as_wagtail_images_and_differ_by_category(demo, settings):
    from wagtail.images import get_image_model

    tea = _gi_listing("Darjeeling Tea")
    toys = _gi_listing("Channapatna Toys & Dolls")
    specs, _ = catalogue_demo.build_listing_specs(catalogue_demo.DistrictResolver())
    by_slug = {s.slug: s for s in specs}
    for product in (tea, toys):
        product._demo_spec = by_slug[product.slug]

    assert catalogue_demo.attach_images([tea, toys]) == 2

    pictures = []
    for product in (tea, toys):
        row = ProductImage.objects.get(product=product)
        assert product.name in row.alt_text
        image = get_image_model().objects.get(pk=row.image_id)
        assert (image.width, image.height) == (800, 600)
        with image.open_file() as handle:
            picture = PILImage.open(io.BytesIO(handle.read()))
            assert picture.format == "JPEG"
            pictures.append(picture.convert("RGB"))
    # Compare the pattern area above the caption: different families, different pixels.
    top = (0, 0, 800, 300)
    tea_px, toy_px = (list(p.crop(top).resize((80, 30)).get_flattened_data()) for p in pictures)
    differing = sum(1 for a, b in zip(tea_px, toy_px, strict=True) if a != b)
    assert differing > 0.8 * len(tea_px)


def test_same_family_variants_are_not_identical():
    kind = KIND_BY_SLUG["silk-sarees"]
    one = demo_images.render(motif=kind.motif, palette=kind.palette, variant=0, title="A")
    two = demo_images.render(motif=kind.motif, palette=kind.palette, variant=1, title="A")
    assert one != two


def test_a_missing_listing_is_recreated_for_the_same_seller(demo):
    product = Product.objects.filter(gi__isnull=True).order_by("-id").first()
    slug, seller_id = product.slug, product.seller_id
    sellers = Seller.objects.count()
    product.delete()

    again = load_demo(images=False)

    assert again["listings"].created == 1
    assert Seller.objects.count() == sellers
    assert Product.objects.get(slug=slug).seller_id == seller_id


def test_demo_names_places_and_samples_read_true(demo):
    """Issue 17 item 12: "Toy Toy Makers", a Baluchari saree under Darjeeling, samples
    dearer than a unit."""
    from sellers.models import Seller

    repeated = [
        name
        for name in Seller.objects.values_list("name", flat=True)
        if any(a.lower() == b.lower() for a, b in zip(name.split(), name.split()[1:], strict=False))
    ]
    assert repeated == []
    # Woven at Bishnupur, Bankura district (not Darjeeling, nor a guess such as Uttar Dinajpur).
    baluchari = _gi_listing("Baluchari Saree")
    assert (baluchari.district.name, baluchari.district.state.name) == ("Bankura", "West Bengal")
    assert list(baluchari.gi.districts.values_list("name", flat=True)) == ["Bankura"]
    dearer = [
        product.slug
        for product in Product.objects.filter(sample_available=True).prefetch_related("price_tiers")
        if product.sample_price_inr > max(tier.unit_price_inr for tier in product.price_tiers.all())
    ]
    assert dearer == []


def test_demo_has_delivered_orders_with_reviews_marked_as_demo(demo):
    from marketplace.models import Order, Review

    assert demo["demo_reviews"] >= 5
    orders = Order.objects.filter(number__startswith="DEMO-R")
    assert orders.count() == demo["demo_reviews"]
    assert {o.status for o in orders} <= {"delivered", "completed"}
    reviews = Review.objects.filter(order__in=orders)
    assert reviews.count() >= 4
    assert all(r.text.startswith("Demo review, not a real trade") for r in reviews)
    assert all(o.quotation.enquiry.subject.startswith("Demo order") for o in orders)
    demo_seller = Seller.objects.get(name=catalogue_demo.DEMO_SELLER_NAME)
    assert demo_seller.rating_count == 3 and demo_seller.rating_average is not None
    assert demo_seller.response_rate == 100
    # The demo buyer has a delivered order still waiting for a review, to try the form.
    waiting = orders.filter(buyer__email="buyer@example.com", review__isnull=True)
    assert waiting.filter(status="delivered").exists()
    # The people who left the other reviews cannot sign in.
    assert not User.objects.get(email="demo.buyer.maya@example.com").has_usable_password()
    assert load_demo(images=False)["demo_reviews"] == 0


def test_every_gi_with_a_known_place_lands_in_that_district(demo):
    """Every GI whose place is known (the place its name gives, or its production centre in
    gi_production_places.csv) is listed in that district and linked to exactly those
    districts, each within one of the GI's states; a guess is only for the rest."""
    resolver = DistrictResolver()
    production = catalogue_demo.gi_production_places()
    listings = {
        gi_id: district_id
        for gi_id, district_id in Product.objects.order_by("-id").values_list(
            "gi__gi_id", "district_id"
        )
    }  # the first listing of each GI wins (GI listings come before ODOP ones)
    linked: dict[str, set[int]] = {}
    for gi_id, district_id in GIProduct.districts.through.objects.values_list(
        "giproduct__gi_id", "district_id"
    ):
        linked.setdefault(gi_id, set()).add(district_id)
    wrong, checked = [], 0
    for row in catalogue_demo.gi_rows():
        names = catalogue_demo.gi_place_districts(row, production)
        if not names:
            continue
        states = split_multi(row["states"])
        districts = [resolver.resolve(name, states) for name in names]
        if any(d is None or d.state.name not in states for d in districts):
            wrong.append((row["gi_id"], row["name"], names, "not a district of its states"))
            continue
        if listings.get(row["gi_id"]) != districts[0].id:
            wrong.append((row["gi_id"], row["name"], names, "listed elsewhere"))
        if linked.get(row["gi_id"]) != {d.id for d in districts}:
            wrong.append((row["gi_id"], row["name"], names, "linked to other districts"))
        checked += 1
    assert wrong == []
    named = sum(1 for row in catalogue_demo.gi_rows() if row["named_place_districts"])
    assert checked == named + len(production) > 450


def test_production_places_only_fill_gaps_of_the_registry_list():
    """gi_production_places.csv names a GI by its id and registered name, within one of its
    states, and never overrides a place the GI's own name gives."""
    gis = {row["gi_id"]: row for row in catalogue_demo.gi_rows()}
    for row in read_csv("gi_production_places.csv", catalogue_demo.DATA_DIR):
        gi = gis[row["gi_id"]]
        assert gi["name"] == row["name"], row
        assert row["state"] in split_multi(gi["states"]), row
        assert gi["named_place_districts"] == "", row
        assert row["basis"] in ("checked", "unchecked"), row
        assert bool(row["source_url"]) == (row["basis"] == "checked"), row


def test_a_completed_demo_order_with_issued_documents(demo):
    from marketplace.documents.demo import SUBJECT
    from marketplace.documents.models import DocumentKind, TradeDocument
    from marketplace.models import Order

    order = Order.objects.get(quotation__enquiry__subject=SUBJECT)
    assert "demo data" in SUBJECT
    assert order.status == "completed" and order.buyer.email == "buyer@example.com"
    assert order.seller.slug == _demo_seller_slug()
    assert "(demo data)" in order.seller.legal_name
    kinds = sorted(
        TradeDocument.objects.filter(quotation=order.quotation).values_list("kind", "version")
    )
    assert kinds == [
        (DocumentKind.COMMERCIAL_INVOICE, 1),
        (DocumentKind.COMMERCIAL_INVOICE, 2),  # the same invoice again, in Arabic
        (DocumentKind.PACKING_LIST, 1),
        (DocumentKind.PROFORMA, 1),
    ]
    assert demo["trade_documents"] == 4
    assert load_demo(images=False)["trade_documents"] == 0  # a second run issues nothing
    assert TradeDocument.objects.filter(quotation=order.quotation).count() == 4
