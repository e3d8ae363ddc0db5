"""A small, realistic catalogue for the search contract tests (built with factories)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from catalogue.models import Certification, Product
from sellers.models import Seller
from tests.factories import (
    CategoryFactory,
    DistrictFactory,
    GIProductFactory,
    ProductFactory,
    SellerFactory,
    StateFactory,
)

VERIFIED = Seller.Verification.VERIFIED


def build_catalogue() -> dict[str, Product]:
    """Nine published products (and two hidden ones) across five states."""
    karnataka = StateFactory(iso_code="IN-KA", name="Karnataka", slug="karnataka", gst_code="29")
    andhra = StateFactory(iso_code="IN-AP", name="Andhra Pradesh", slug="andhra-pradesh")
    up = StateFactory(iso_code="IN-UP", name="Uttar Pradesh", slug="uttar-pradesh")
    wb = StateFactory(iso_code="IN-WB", name="West Bengal", slug="west-bengal")
    assam = StateFactory(iso_code="IN-AS", name="Assam", slug="assam")
    telangana = StateFactory(iso_code="IN-TG", name="Telangana", slug="telangana")
    rajasthan = StateFactory(iso_code="IN-RJ", name="Rajasthan", slug="rajasthan")
    maharashtra = StateFactory(iso_code="IN-MH", name="Maharashtra", slug="maharashtra")

    def district(state, name):
        return DistrictFactory(state=state, name=name, slug=name.lower().replace(" ", "-"))

    ramanagara = district(karnataka, "Ramanagara")
    ntr = district(andhra, "NTR")
    meerut = district(up, "Meerut")
    varanasi = district(up, "Varanasi")
    darjeeling = district(wb, "Darjeeling")
    dibrugarh = district(assam, "Dibrugarh")
    yadadri = district(telangana, "Yadadri Bhuvanagiri")
    jaipur = district(rajasthan, "Jaipur")
    ratnagiri = district(maharashtra, "Ratnagiri")

    handicrafts = CategoryFactory(name="Handicrafts", slug="handicrafts")
    toys = CategoryFactory(name="Toys and dolls", slug="toys", parent=handicrafts)
    agri = CategoryFactory(name="Agricultural produce", slug="agri")
    tea = CategoryFactory(name="Tea", slug="tea", parent=agri)
    fruit = CategoryFactory(name="Fresh fruit", slug="fruit", parent=agri)
    textiles = CategoryFactory(name="Textiles", slug="textiles")
    sarees = CategoryFactory(name="Sarees", slug="sarees", parent=textiles)
    home = CategoryFactory(name="Home furnishings", slug="home-textiles", parent=textiles)

    def gi(name, slug, alt=""):
        return GIProductFactory(name=name, slug=slug, alt_names=alt)

    gi_channapatna = gi("Channapatna Toys & Dolls", "channapatna-toys-dolls")
    gi_kondapalli = gi(
        "Kondapalli Bommallu", "kondapalli-bommallu", "Kondapalli Toys; Kondapalli Bommalu"
    )
    gi_darjeeling = gi("Darjeeling Tea", "darjeeling-tea")
    gi_pochampalli = gi("Pochampalli Ikat", "pochampalli-ikat", "Pochampally Ikat")
    gi_banaras = gi("Banaras Brocades and Sarees", "banaras-brocades", "Banarasi Sarees")
    gi_sanganeri = gi("Sanganeri Hand Block Printing", "sanganeri-hand-block-printing")
    gi_alphonso = gi("Alphonso", "alphonso", "Hapus")

    def seller(name, dist, kind, verified=False, crafts=""):
        return SellerFactory(
            name=name,
            slug=name.lower().replace(" ", "-"),
            district=dist,
            business_type=kind,
            gstin_status=VERIFIED if verified else Seller.Verification.UNVERIFIED,
            crafts=crafts,
        )

    s_toys = seller("Channapatna Toy Artisans", ramanagara, "artisan", True, "lacquered wood toys")
    s_kond = seller("Kondapalli Crafts", ntr, "cooperative", False, "wooden figurines")
    s_meerut = seller("Meerut Moulders", meerut, "msme", False, "plastic toys")
    s_tea = seller("Himalayan Tea Growers", darjeeling, "fpo", True, "tea gardens")
    s_assam = seller("Brahmaputra Estates", dibrugarh, "exporter", False, "orthodox tea")
    s_ikat = seller("Pochampalli Weavers", yadadri, "cooperative", True, "ikat handloom")
    s_kashi = seller("Kashi Silk House", varanasi, "msme", False, "brocade weaving")
    s_block = seller("Sanganer Printers", jaipur, "artisan", True, "hand block printing")
    s_mango = seller("Konkan Orchards", ratnagiri, "fpo", False, "mango orchards")

    now = timezone.now()

    def product(key, name, sel, category, gi_obj, price, moq, days_ago, materials="", desc=""):
        p = ProductFactory(
            name=name,
            slug=key,
            seller=sel,
            district=sel.district,
            category=category,
            gi=gi_obj,
            price_min_inr=Decimal(price),
            price_max_inr=Decimal(price) * Decimal("1.2"),
            moq=moq,
            materials=materials,
            description=desc or f"{name} made in {sel.district.name}.",
            published_at=now - timedelta(days=days_ago),
        )
        return p

    catalogue = {
        "channapatna": product(
            "channapatna-wooden-toys",
            "Channapatna wooden toys set",
            s_toys,
            toys,
            gi_channapatna,
            "800",
            50,
            5,
            "ivory wood, vegetable lacquer",
        ),
        "kondapalli": product(
            "kondapalli-toy-figurines",
            "Kondapalli wooden toy figurines",
            s_kond,
            toys,
            gi_kondapalli,
            "1200",
            20,
            3,
            "tella poniki wood",
        ),
        "meerut": product(
            "moulded-toy-cars", "Moulded toy cars", s_meerut, toys, None, "150", 500, 1, "plastic"
        ),
        "darjeeling": product(
            "darjeeling-first-flush",
            "Darjeeling first flush black tea",
            s_tea,
            tea,
            gi_darjeeling,
            "2500",
            10,
            8,
            desc="Spring-picked leaves from high gardens.",
        ),
        "assam": product(
            "assam-orthodox-tea", "Assam orthodox tea", s_assam, tea, None, "600", 100, 2
        ),
        "pochampalli": product(
            "pochampalli-ikat-saree",
            "Pochampalli ikat silk saree",
            s_ikat,
            sarees,
            gi_pochampalli,
            "8000",
            5,
            4,
            "mulberry silk",
        ),
        "banarasi": product(
            "banarasi-brocade-sari",
            "Banarasi brocade silk sari",
            s_kashi,
            sarees,
            gi_banaras,
            "15000",
            2,
            6,
            "silk, zari",
        ),
        "sanganeri": product(
            "sanganeri-bedsheet",
            "Sanganeri bedsheet",
            s_block,
            home,
            gi_sanganeri,
            "1500",
            20,
            7,
            "cotton",
            "Hand block printed cotton bedsheet with natural dyes.",
        ),
        "alphonso": product(
            "ratnagiri-alphonso",
            "Ratnagiri Alphonso mangoes",
            s_mango,
            fruit,
            gi_alphonso,
            "900",
            1000,
            9,
        ),
    }
    for key, kinds in {
        "darjeeling": ["organic", "fssai"],
        "assam": ["fssai"],
        "pochampalli": ["handloom_mark"],
        "alphonso": ["organic"],
    }.items():
        for kind in kinds:
            Certification.objects.create(product=catalogue[key], kind=kind)
    # Never visible: a withdrawn and a draft listing with matching words.
    catalogue["withdrawn"] = ProductFactory(
        name="Wooden toy train",
        slug="wooden-toy-train",
        seller=s_toys,
        category=toys,
        status=Product.Status.WITHDRAWN,
    )
    catalogue["draft"] = ProductFactory(
        name="Darjeeling green tea",
        slug="darjeeling-green",
        seller=s_tea,
        category=tea,
        status=Product.Status.DRAFT,
    )
    return catalogue


PUBLISHED_KEYS = (
    "channapatna",
    "kondapalli",
    "meerut",
    "darjeeling",
    "assam",
    "pochampalli",
    "banarasi",
    "sanganeri",
    "alphonso",
)
