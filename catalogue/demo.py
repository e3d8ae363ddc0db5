"""Demo catalogue built from real facts in catalogue/data/ and regions/data/.

Plain functions called by `manage.py load_demo_data`:
- HS chapters and the two-level category tree (catalogue.demo_taxonomy);
- the 629 Indian GI registry entries, with their states and named districts;
- clusters (regions.Cluster): GI places, toy clusters, district ODOP/DEH products;
- one published listing for every GI entry and every district product, each with a composed
  seller, price tiers, certifications and an illustrative picture.

Idempotent: rows are matched on natural keys (chapter code, slug, gi_id) and only missing
rows are created. Existing listings, sellers and clusters are never changed, so what sellers
and officials edit survives a second run; reference facts (HS titles, GI years) are refreshed.
"""

import hashlib
import io
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from catalogue import demo_images
from catalogue.demo_taxonomy import KINDS, TOP_CATEGORIES, Kind, classify, price_band
from catalogue.models import (
    Category,
    Certification,
    GIProduct,
    HSChapter,
    PriceTier,
    Product,
    ProductImage,
    ProductTranslation,
)
from catalogue.signals import product_changed
from regions.demo import DATA_DIR as REGIONS_DATA
from regions.demo import DistrictResolver, LoadResult, read_csv, split_multi
from regions.models import Cluster, District, State
from sellers.demo import compose_seller, ensure_sellers, pick, stable_int
from sellers.models import Seller

DATA_DIR = Path(__file__).resolve().parent / "data"

# The demo seller account (seller@example.com) owns this seller: Varanasi's textile listings.
DEMO_SELLER_KEY = "varanasi:textiles"
DEMO_SELLER_NAME = "Varanasi Banarasi Silk Weavers Cooperative Society"

UNIT_PLURAL = {"piece": "pieces", "pair": "pairs", "set": "sets", "kg": "kg", "tonne": "tonnes",
               "metre": "metres", "litre": "litres", "dozen": "dozen"}  # fmt: skip
CERT_NUMBER = {
    "fssai": lambda n: f"{10000000000000 + n % 89999999999999}",
    "organic": lambda n: f"NPOP/NAB/{n % 900 + 100:03d}/{n % 90000 + 10000}",
    "handloom_mark": lambda n: f"HLM-{n % 900000 + 100000}",
    "craftmark": lambda n: f"CM/{n % 9000 + 1000}",
    "iso": lambda n: f"ISO 9001:2015 QMS-{n % 90000 + 10000}",
    "fair_trade": lambda n: f"FLO ID {n % 90000 + 10000}",
}


@transaction.atomic
def _demo_gi_check(spec, n: int, now) -> dict:
    if not (spec.authorised and spec.gi and spec.gi.registry_serial):
        return {}
    return {
        "gi_au_number": f"AU/{1000 + n % 9000}/GI/{spec.gi.registry_serial}/2021",
        "gi_au_status": "verified",
        "gi_au_checked_at": now - timedelta(days=30),
    }


def load_hs_chapters() -> LoadResult:
    result = LoadResult()
    existing = {c.code: c for c in HSChapter.objects.all()}
    new, changed = [], []
    for row in read_csv("hs_chapters.csv", DATA_DIR):
        values = {
            "short_title": row["short_title"],
            "title": row["title"],
            "section": row["section"],
            "section_title": row["section_title"],
        }
        chapter = existing.get(row["chapter"])
        if chapter is None:
            new.append(HSChapter(code=row["chapter"], **values))
        elif any(getattr(chapter, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(chapter, k, v)
            changed.append(chapter)
    HSChapter.objects.bulk_create(new)
    if changed:
        HSChapter.objects.bulk_update(changed, list(values))
    result.created, result.updated = len(new), len(changed)
    return result


@transaction.atomic
def load_categories() -> LoadResult:
    """Families (Textiles, Food...) with their kinds underneath; created only when missing,
    so an official's renamed category keeps its name."""
    result = LoadResult()
    existing = {c.slug: c for c in Category.objects.all()}
    tops = [Category(slug=s, name=n) for s, n in TOP_CATEGORIES.items() if s not in existing]
    Category.objects.bulk_create(tops)
    existing.update({c.slug: c for c in tops})
    chapters = set(HSChapter.objects.values_list("code", flat=True))
    kinds = [
        Category(
            slug=kind.slug,
            name=kind.name,
            parent=existing[kind.top],
            hs_chapter_id=kind.hs if kind.hs in chapters else None,
        )
        for kind in KINDS
        if kind.slug not in existing
    ]
    Category.objects.bulk_create(kinds)
    result.created = len(tops) + len(kinds)
    return result


def gi_rows() -> list[dict[str, str]]:
    """The GI rows. Two registry entries share serial 29 in the source list (Srikalahasthi
    Kalamkari and Orissa Ikat, both GI-IN-029); the later one becomes GI-IN-029B so every one
    of the 629 GIs keeps a unique natural key."""
    rows, seen = [], set()
    for row in read_csv("gi_products.csv", DATA_DIR):
        gi_id, suffix = row["gi_id"], "B"
        while gi_id in seen:
            gi_id = f"{row['gi_id']}{suffix}"
            suffix = chr(ord(suffix) + 1)
        seen.add(gi_id)
        rows.append({**row, "gi_id": gi_id})
    return rows


def gi_production_places() -> dict[str, list[str]]:
    """{gi_id: [district, ...]}: where a GI whose registered name names no place is made
    (gi_production_places.csv: the Baluchari saree is woven at Bishnupur, Bankura)."""
    places: dict[str, list[str]] = {}
    for row in read_csv("gi_production_places.csv", DATA_DIR):
        places.setdefault(row["gi_id"], []).append(row["district"])
    return places


def gi_place_districts(row: dict[str, str], production: dict[str, list[str]]) -> list[str]:
    """The districts a GI belongs to: the place its name gives (named_place_districts), else
    its known production centre. Empty when neither is known (the listing then falls back to
    a guess within its state, `_fallback_district`)."""
    return split_multi(row["named_place_districts"]) or production.get(row["gi_id"], [])


def _gi_slugs(rows: list[dict[str, str]]) -> dict[str, str]:
    seen: dict[str, int] = {}
    for row in rows:
        slug = slugify(row["name"])[:200]
        seen[slug] = seen.get(slug, 0) + 1
    out = {}
    for row in rows:
        slug = slugify(row["name"])[:200]
        out[row["gi_id"]] = f"{slug}-{row['gi_id'].lower()}" if seen[slug] > 1 else slug
    return out


@transaction.atomic
def load_gi_registry(resolver: DistrictResolver) -> LoadResult:
    """The GI registry entries; states and named-place districts are linked for new entries.
    Names the resolver cannot place are reported in the result's notes."""
    result = LoadResult()
    rows = gi_rows()
    production = gi_production_places()
    slugs = _gi_slugs(rows)
    states = {s.name: s for s in State.objects.all()}
    existing = {g.gi_id: g for g in GIProduct.objects.all()}
    taken = set(GIProduct.objects.values_list("slug", flat=True))
    new, changed, links = [], [], []
    fields = ["name", "alt_names", "category", "registry_serial", "also_registered_serials",
              "registration_year", "registration_fy", "source_url"]  # fmt: skip
    for row in rows:
        values = {
            "name": row["name"],
            "alt_names": row["alt_names"],
            "category": row["category"],
            "registry_serial": int(row["registry_serial"]) if row["registry_serial"] else None,
            "also_registered_serials": row.get("also_registered_serials") or "",
            "registration_year": (
                int(row["registration_year"]) if row["registration_year"] else None
            ),
            "registration_fy": row["registration_fy"],
            "source_url": row["source_url"],
        }
        gi = existing.get(row["gi_id"])
        if gi is not None:
            if any(getattr(gi, k) != v for k, v in values.items()):
                for k, v in values.items():
                    setattr(gi, k, v)
                changed.append(gi)
            continue
        slug = slugs[row["gi_id"]]
        if slug in taken:
            slug = f"{slug}-{row['gi_id'].lower()}"
        taken.add(slug)
        gi = GIProduct(gi_id=row["gi_id"], slug=slug, **values)
        new.append(gi)
        gi_states = split_multi(row["states"])
        district_ids = []
        for name in gi_place_districts(row, production):
            district = resolver.resolve(name, gi_states)
            if district is None:
                result.notes.append(f"{row['gi_id']}: district '{name}' not found")
            else:
                district_ids.append(district.id)
        links.append((gi, [states[s].id for s in gi_states if s in states], district_ids))
    GIProduct.objects.bulk_create(new)
    if changed:
        GIProduct.objects.bulk_update(changed, fields)
    StateLink = GIProduct.states.through
    DistrictLink = GIProduct.districts.through
    StateLink.objects.bulk_create(
        [StateLink(giproduct_id=gi.id, state_id=s) for gi, ids, _ in links for s in ids]
    )
    DistrictLink.objects.bulk_create(
        [
            DistrictLink(giproduct_id=gi.id, district_id=d)
            for gi, _, ids in links
            for d in dict.fromkeys(ids)
        ]
    )
    result.created, result.updated = len(new), len(changed)
    return result


def _district_product_rows() -> list[dict[str, str]]:
    """District ODOP/DEH products from both files, the same (district, product) once."""
    rows, seen = [], set()
    for name in ("district_products.csv", "odop_products.csv"):
        for row in read_csv(name, DATA_DIR):
            key = (row["state"], row["district"], row["product"].lower())
            if key not in seen:
                seen.add(key)
                rows.append(row)
    return rows


@transaction.atomic
def load_clusters(resolver: DistrictResolver) -> LoadResult:
    """Clusters: the toy clusters, the district ODOP/DEH products, and the GI places."""
    result = LoadResult()
    existing = set(Cluster.objects.values_list("district_id", "name"))
    taken = set(Cluster.objects.values_list("slug", flat=True))
    new: list[Cluster] = []

    def add(district: District, name: str, kind: str, slug: str, **extra):
        name = name[:200]
        if (district.id, name) in existing:
            return
        slug = slugify(slug)[:200]
        if slug in taken:
            slug = f"{slug}-{district.slug}"[:220]
        if slug in taken:
            return
        existing.add((district.id, name))
        taken.add(slug)
        new.append(Cluster(district=district, name=name, slug=slug, kind=kind, **extra))

    for row in read_csv("toy_clusters.csv", REGIONS_DATA):
        district = resolver.resolve(row["district"], [row["state"]])
        if district is None:
            result.notes.append(f"toy cluster {row['cluster']}: no district in the source")
            continue
        kind = "traditional" if row["cluster_type"] == "traditional" else "modern"
        text = f"A {kind} toy-making cluster at {row['locality'] or row['cluster']}, {district}."
        if row["material"]:
            text += f" Material: {row['material']}."
        if row["related_gi"]:
            text += f" Registered GI: {row['related_gi']}."
        add(
            district,
            f"{row['cluster']} toy cluster",
            Cluster.Kind.TOY,
            f"{row['cluster']}-toy-cluster",
            locality=row["locality"],
            material=row["material"][:500],
            description=text,
            source_url=row["source_url"],
        )

    for row in _district_product_rows():
        district = resolver.resolve(row["district"], [row["state"]])
        if district is None:
            result.notes.append(f"{row['product']}: district {row['district']} not found")
            continue
        sector = row["sector"]
        kind = (
            Cluster.Kind.AGRI
            if sector in ("agri", "food", "marine")
            else Cluster.Kind.TOY
            if sector == "toy"
            else Cluster.Kind.CRAFT
        )
        text = f"{row['product']}: the {row['programme']} product of {district}."
        if row["related_gi"]:
            text += f" Related GI: {row['related_gi']}."
        product = row["product"][:1].upper() + row["product"][1:]
        add(
            district,
            product,
            kind,
            f"{district.slug}-{row['product']}",
            description=text,
            source_url=row["source_url"],
        )

    for gi in GIProduct.objects.prefetch_related("districts__state"):
        for district in gi.districts.all():
            text = (
                f"Producers of {gi.name}, a registered Geographical Indication "
                f"({gi.category.lower()}) of {district.state.name}."
            )
            add(
                district,
                gi.name,
                Cluster.Kind.GI,
                gi.slug,
                description=text,
                source_url=gi.source_url,
            )
    Cluster.objects.bulk_create(new)
    result.created = len(new)
    return result


# ---------------------------------------------------------------- listings


@dataclass
class ListingSpec:
    slug: str
    name: str
    kind: Kind
    district: District
    text: str  # what the price overrides look at
    facts: str  # the opening paragraph: GI registry or ODOP facts
    seller_key: str
    gi: GIProduct | None = None
    hs: str = ""
    materials: str = ""
    authorised: bool = False
    extra: dict = field(default_factory=dict)


def _fallback_district(
    resolver: DistrictResolver,
    name: str,
    states: list[str],
    key: str,
    same_kind: dict | None = None,
    known_for_other: frozenset = frozenset(),
):
    """A GI with no named place: a district of its first state whose name appears in the GI
    name ('Meghalaya Garo Textile' has none, 'Kashmir Pashmina' neither), else a district of
    the state whose own district product is of the same kind (`same_kind`: {state: {district,
    ...}}), else a stable pick among the districts not known for something else
    (`known_for_other`): a Baluchari saree is never listed under Darjeeling's tea gardens."""
    same_kind = same_kind or {}
    for state in states:
        districts = resolver.districts_of(state)
        lowered = name.lower()
        for district in districts:
            if district.name.lower() in lowered:
                return district
    for state in states:
        districts = sorted(same_kind.get(state, ()), key=lambda d: d.pk)
        if districts:
            return pick(districts, "district:" + key)
    for state in states:
        districts = resolver.districts_of(state)
        free = [district for district in districts if district not in known_for_other]
        if free or districts:
            return pick(free or districts, "district:" + key)
    return None


def _districts_by_kind(resolver: DistrictResolver) -> dict[str, dict[str, set]]:
    """{kind slug: {state name: {districts whose district product is of that kind}}}."""
    found: dict[str, dict[str, set]] = {}
    for row in _district_product_rows():
        district = resolver.resolve(row["district"], [row["state"]])
        if district is None:
            continue
        kind = classify(row["product"], sector=row["sector"])
        found.setdefault(kind.slug, {}).setdefault(row["state"], set()).add(district)
    return found


def _year_text(row: dict[str, str]) -> str:
    if row["registration_year"]:
        return f", registered in {row['registration_year']}"
    if row["registration_fy"]:
        return f", registered in financial year {row['registration_fy']}"
    return ""


def build_listing_specs(resolver: DistrictResolver) -> tuple[list[ListingSpec], list[str]]:
    """One listing per GI entry and per district product, computed in memory."""
    notes: list[str] = []
    gis = {g.gi_id: g for g in GIProduct.objects.all()}
    gi_by_name = {g.name.lower(): g for g in gis.values()}
    toy_material = {
        r["related_gi"].lower(): r["material"]
        for r in read_csv("toy_clusters.csv", REGIONS_DATA)
        if r["related_gi"] and r["material"]
    }
    specs: list[ListingSpec] = []
    kind_districts = _districts_by_kind(resolver)

    def known_for_other(kind_slug: str) -> frozenset:
        return frozenset(
            district
            for slug, by_state in kind_districts.items()
            if slug != kind_slug
            for districts in by_state.values()
            for district in districts
        )

    production = gi_production_places()
    for row in gi_rows():
        gi = gis.get(row["gi_id"])
        if gi is None:
            continue
        states = split_multi(row["states"])
        districts = [resolver.resolve(n, states) for n in gi_place_districts(row, production)]
        district = next((d for d in districts if d), None)
        kind = classify(f"{row['name']} {row['alt_names']}", sector=row["category"])
        district = district or _fallback_district(
            resolver,
            row["name"],
            states,
            row["gi_id"],
            same_kind=kind_districts.get(kind.slug, {}),
            known_for_other=known_for_other(kind.slug),
        )
        if district is None:
            notes.append(f"{row['gi_id']}: no district for a listing")
            continue
        variant = pick(kind.variants, "variant:" + row["gi_id"]) if kind.variants else ""
        name = f"{row['name']}, {variant}" if variant else row["name"]
        state_text = " and ".join(
            [", ".join(states[:-1]), states[-1]] if len(states) > 1 else states
        )
        facts = (
            f"{row['name']} is a registered Geographical Indication of {state_text} "
            f"({row['category'].lower()} class, registry serial {row['registry_serial']}"
            f"{_year_text(row)})."
        )
        if row["alt_names"]:
            facts += f" Also known as {row['alt_names'].replace('; ', ', ')}."
        specs.append(
            ListingSpec(
                slug=slugify(f"{row['name']} {variant}")[:200],
                name=name[:200],
                kind=kind,
                district=district,
                text=row["name"],
                facts=facts,
                seller_key=f"{district.slug}:{kind.slug}",
                gi=gi,
                hs=kind.hs,
                materials=toy_material.get(row["name"].lower(), kind.materials),
                authorised=stable_int("authorised:" + row["gi_id"]) % 2 == 0,
            )
        )
    for row in _district_product_rows():
        district = resolver.resolve(row["district"], [row["state"]])
        if district is None:
            notes.append(f"{row['product']}: district {row['district']} not found")
            continue
        kind = classify(row["product"], sector=row["sector"])
        gi = gi_by_name.get(row["related_gi"].lower()) if row["related_gi"] else None
        product = row["product"][:1].upper() + row["product"][1:]
        facts = (
            f"{product} is the One District One Product item of {district.name} district, "
            f"{district.state.name} ({row['programme']})."
        )
        if gi:
            facts += f" The district is also home to the registered GI {gi.name}."
        specs.append(
            ListingSpec(
                slug=slugify(f"{row['product']} from {district.slug}")[:200],
                name=f"{product} from {district.name}"[:200],
                kind=kind,
                district=district,
                text=row["product"],
                facts=facts,
                seller_key=f"{district.slug}:{kind.slug}",
                gi=gi,
                hs=row["hs_chapter"] or kind.hs,
                materials=kind.materials,
                authorised=False,
            )
        )
    slugs: set[str] = set()
    for spec in specs:  # a clash (two GIs of one name) gets the district, then a number
        base = spec.slug
        if spec.slug in slugs:
            spec.slug = f"{base}-{spec.district.slug}"[:210]
        counter = 2
        while spec.slug in slugs:
            spec.slug = f"{base}-{counter}"
            counter += 1
        slugs.add(spec.slug)
    for spec in specs:  # the demo seller takes all of Varanasi's textiles
        if spec.district.slug == "varanasi" and spec.kind.top == "textiles":
            spec.seller_key = DEMO_SELLER_KEY
            if spec.gi is not None:
                spec.authorised = True
    return specs, notes


def _round_price(value: float) -> Decimal:
    step = 1 if value < 100 else 5 if value < 1000 else 50 if value < 20000 else 500
    return Decimal(max(step, round(value / step) * step))


def _tiers(spec: ListingSpec, n: int) -> list[tuple[int, Decimal]]:
    lo, hi = price_band(spec.kind, spec.text)
    # Skewed towards the low end: most listings are everyday qualities, a few are premium.
    base = lo + (hi - lo) * ((n % 1000) / 1000) ** 2
    moq = spec.kind.moq
    return [
        (moq, _round_price(base)),
        (moq * 5, _round_price(base * 0.9)),
        (moq * 20, _round_price(base * 0.82)),
    ]


def _description(spec: ListingSpec, seller: Seller, tiers, lead: int, cap: int, sample) -> str:
    kind = spec.kind
    unit = UNIT_PLURAL.get(kind.unit, kind.unit)
    parts = [spec.facts, f"{kind.story}."]
    who = f"Offered by {seller.name}, based in {spec.district.name}, {spec.district.state.name}."
    if spec.authorised and spec.gi:
        who += f" The seller is a registered authorised user of the {spec.gi.name} GI."
    parts.append(who)
    terms = (
        f"Minimum order {tiers[0][0]} {unit}; lower unit prices from {tiers[1][0]} and "
        f"{tiers[2][0]} {unit}. Lead time about {lead} days; capacity about {cap} {unit} a month."
    )
    if sample is not None:
        terms += f" A sample can be sent for INR {sample}."
    parts.append(terms)
    return "\n\n".join(parts)


@dataclass
class ListingResult(LoadResult):
    sellers_created: int = 0
    images_created: int = 0
    image_seconds: float = 0.0


def load_listings(
    specs: list[ListingSpec], *, gst_codes: dict[str, str], images: bool = True
) -> ListingResult:
    """Sellers and published listings for the specs; only missing listings are created, and
    tiers, certifications and pictures are added to the listings created now."""
    result = ListingResult()
    seen, unique = set(), []
    for spec in specs:
        if spec.slug not in seen:
            seen.add(spec.slug)
            unique.append(spec)
    existing = set(Product.objects.filter(slug__in=list(seen)).values_list("slug", flat=True))
    todo = [s for s in unique if s.slug not in existing]
    if not todo:
        return result

    with transaction.atomic():
        sellers = _ensure_sellers(unique, {s.seller_key for s in todo}, gst_codes, result)
        products = _create_products(todo, sellers)
        result.created = len(products)
        if images:
            started = time.monotonic()
            result.images_created = attach_images(products)
            result.image_seconds = time.monotonic() - started
        # bulk_create sends no post_save: tell listeners (search) about the new listings.
        ids = [p.pk for p in products]
        transaction.on_commit(lambda: product_changed.send(sender=Product, product_ids=ids))
    return result


def _ensure_sellers(specs: list[ListingSpec], needed: set[str], gst_codes, result: ListingResult):
    by_key: dict[str, list[ListingSpec]] = {}
    for spec in specs:
        by_key.setdefault(spec.seller_key, []).append(spec)
    seller_specs = []
    for key, group in by_key.items():
        first = group[0]
        kind = first.kind
        names = list(dict.fromkeys([s.gi.name if s.gi else s.text.lower() for s in group]))
        facts_bits = [s.gi.name for s in group if s.gi]
        if facts_bits:
            facts = f"It works within the registered GI {facts_bits[0]}."
        else:
            facts = f"Its district lists {first.text.lower()} as its One District One Product."
        demo = key == DEMO_SELLER_KEY
        seller_specs.append(
            compose_seller(
                key=key,
                district=first.district,
                craft=kind.craft,
                makers=kind.makers,
                crafts=_join(names)[:300],
                business_types=kind.business_types,
                facts=facts,
                gst_state_code=gst_codes.get(first.district.state.iso_code, "09"),
                name=DEMO_SELLER_NAME if demo else "",
                business_type="cooperative" if demo else "",
            )
        )
    sellers, created = ensure_sellers(seller_specs, needed)
    result.sellers_created = created
    return sellers


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def _create_products(todo: list[ListingSpec], sellers: dict[str, Seller]) -> list[Product]:
    categories = {c.slug: c for c in Category.objects.filter(slug__in=[k.slug for k in KINDS])}
    chapters = set(HSChapter.objects.values_list("code", flat=True))
    now = timezone.now()
    products, tiers, certs = [], [], []
    for spec in todo:
        n = stable_int("product:" + spec.slug)
        seller = sellers[spec.seller_key]
        kind = spec.kind
        spec_tiers = _tiers(spec, n)
        lead = kind.lead_days[0] + n % (kind.lead_days[1] - kind.lead_days[0] + 1)
        cap = kind.moq * (20 + n % 180)
        sample = None
        if kind.unit != "tonne" and n % 5 < 3:
            # One unit at the smallest tier's price: a sample never costs more than a unit.
            sample = spec_tiers[0][1]
        hs = spec.hs if spec.hs in chapters else None
        product = Product(
            seller=seller,
            district=spec.district,
            category=categories[kind.slug],
            hs_chapter_id=hs,
            hs_code=kind.hs6 if hs and kind.hs6 and kind.hs6.startswith(hs) else "",
            gi=spec.gi,
            gi_authorised_user=spec.authorised,
            # The demo's claims come checked, so the dated badge shows (catalogue.gi format).
            **_demo_gi_check(spec, n, now),
            name=spec.name,
            slug=spec.slug,
            description=_description(spec, seller, spec_tiers, lead, cap, sample),
            materials=spec.materials[:300],
            moq=spec_tiers[0][0],
            unit=kind.unit,
            lead_time_days=lead,
            monthly_capacity=cap,
            sample_available=sample is not None,
            sample_price_inr=sample,
            price_min_inr=min(p for _, p in spec_tiers),
            price_max_inr=max(p for _, p in spec_tiers),
            status=Product.Status.PUBLISHED,
            published_at=now - timedelta(days=n % 400, minutes=n % 1440),
        )
        product._demo_spec = spec
        products.append(product)
        for qty, price in spec_tiers:
            tiers.append((product, qty, price))
        for i, cert in enumerate(kind.certs[:2]):
            if (n >> (4 + i)) % 10 < (7 if i == 0 else 3):
                certs.append((product, cert, CERT_NUMBER[cert](n >> 8), 365 + (n >> 3) % 900))
    Product.objects.bulk_create(products, batch_size=500)
    PriceTier.objects.bulk_create(
        [PriceTier(product=p, min_quantity=q, unit_price_inr=v) for p, q, v in tiers],
        batch_size=1000,
    )
    today = now.date()
    Certification.objects.bulk_create(
        [
            Certification(product=p, kind=k, number=num, valid_until=today + timedelta(days=d))
            for p, k, num, d in certs
        ],
        batch_size=1000,
    )
    return products


def _render(product: Product) -> bytes:
    spec: ListingSpec = product._demo_spec
    kind = spec.kind
    return demo_images.render(
        motif=kind.motif,
        palette=kind.palette,
        variant=demo_images.variant_for(spec.slug),
        title=product.name,
        subtitle=f"{spec.district.name}, {spec.district.state.name} · {kind.name}",
    )


def attach_images(products: list[Product]) -> int:
    """One picture per new listing, stored as a Wagtail image. Drawing runs on two threads
    (Pillow releases the GIL while encoding); rows are inserted in bulk."""
    from wagtail.images import get_image_model
    from wagtail.models import Collection

    Image = get_image_model()
    storage = Image._meta.get_field("file").storage
    root = Collection.get_first_root_node()
    with ThreadPoolExecutor(max_workers=2) as pool:
        blobs = list(pool.map(_render, products))
    images = []
    for product, blob in zip(products, blobs, strict=True):
        # max_length: long slugs (or a name taken by an earlier run) must still fit the
        # 100-character column; PostgreSQL refuses what SQLite silently accepts.
        name = storage.save(
            f"original_images/demo-{product.slug}.jpg",
            io.BytesIO(blob),
            max_length=Image._meta.get_field("file").max_length,
        )
        images.append(
            Image(
                title=product.name[:255],
                file=name,
                width=demo_images.WIDTH,
                height=demo_images.HEIGHT,
                file_size=len(blob),
                file_hash=hashlib.sha1(blob, usedforsecurity=False).hexdigest(),
                collection=root,
            )
        )
    with transaction.atomic():
        Image.objects.bulk_create(images, batch_size=500)
        ProductImage.objects.bulk_create(
            [
                ProductImage(
                    product=product,
                    image=image,
                    alt_text=(
                        f"Illustration for {product.name}: {product._demo_spec.kind.name.lower()}"
                        f" from {product._demo_spec.district.name}"
                    )[:250],
                    sort_order=0,
                )
                for product, image in zip(products, images, strict=True)
            ],
            batch_size=500,
        )
    return len(images)


DEMO_TRANSLATIONS_FILE = "demo_translations.csv"


@transaction.atomic
def load_demo_translations() -> LoadResult:
    """Sellers' translations (fr, es, hi, ar) for a handful of demo listings: machine-aided
    drafts (catalogue/data/SOURCES.md), loaded as approved rows with `machine_aided` set. The
    loader is not a seller's edit, so nothing goes through review; listings the demo did not
    create are skipped. Re-running updates the rows."""
    result = LoadResult()
    rows = read_csv(DEMO_TRANSLATIONS_FILE, DATA_DIR)
    products = {p.slug: p for p in Product.objects.filter(slug__in={row["slug"] for row in rows})}
    for row in rows:
        product = products.get(row["slug"])
        if product is None:
            result.notes.append(f"{row['slug']}: no such demo listing, translation skipped")
            continue
        _row, created = ProductTranslation.objects.update_or_create(
            product=product,
            language=row["language"],
            defaults={
                "name": row["name"],
                "description": row["description"],
                "machine_aided": True,
            },
        )
        if created:
            result.created += 1
        else:
            result.updated += 1
    ids = [p.pk for p in products.values()]
    # Search indexes the translated names too (stemmed per language).
    transaction.on_commit(lambda: product_changed.send(sender=Product, product_ids=ids))
    return result
