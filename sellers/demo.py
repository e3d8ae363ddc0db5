"""Demo sellers composed from real facts: a district, the craft or crop it is known for, and the
kind of business that typically sells it. Names, stories and registration numbers are invented
but plausible; GSTINs carry the real state code and a valid check character.

Everything is deterministic (derived from a stable key with SHA-256), so a second run computes
the same sellers and creates none. The words (regional names, the states' languages, each kind
of business's name, story phrase and team size) are data: `sellers/data/demo_sellers.json`.
"""

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from regions.models import District
from sellers.models import Seller
from sellers.validators import gstin_checksum

DATA = Path(__file__).resolve().parent / "data" / "demo_sellers.json"
_data = json.loads(DATA.read_text(encoding="utf-8"))
# Region -> (family names, first names), for the names of small businesses.
REGION_NAMES = {
    region: (tuple(names["surnames"]), tuple(names["first_names"]))
    for region, names in _data["regions"].items()
}
STATE_REGION = {state: facts["region"] for state, facts in _data["states"].items()}
STATE_LANGUAGES = {state: facts["languages"] for state, facts in _data["states"].items()}
# Per business type: PAN holder letter, story phrase, name template, team size, team word.
BUSINESS_TYPES: dict[str, dict] = _data["business_types"]
del _data
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def stable_int(key: str) -> int:
    """A number derived from `key` that is the same in every process (unlike hash())."""
    return int(hashlib.sha256(key.encode()).hexdigest()[:12], 16)


def pick(options, key: str):
    return options[stable_int(key) % len(options)]


def make_pan(key: str, holder: str, name: str) -> str:
    """PAN format: 3 letters, the holder type, the first letter of the name, 4 digits, a letter."""
    n = stable_int("pan:" + key)
    first = "".join(LETTERS[(n >> (5 * i)) % 26] for i in range(3))
    initial = next((c for c in name.upper() if c in LETTERS), "X")
    digits = f"{(n >> 15) % 9000 + 1000}"
    return f"{first}{holder}{initial}{digits}{LETTERS[(n >> 30) % 26]}"


def make_gstin(gst_state_code: str, pan: str, entity: str = "1") -> str:
    first14 = f"{gst_state_code}{pan}{entity}Z"
    return first14 + gstin_checksum(first14)


@dataclass
class SellerSpec:
    key: str
    district: District
    name: str
    slug: str
    business_type: str
    crafts: str
    story: str
    languages: str
    year_founded: int
    team_size: int
    gstin: str
    iec: str
    verified: bool


def _without_repeated_words(name: str) -> str:
    """'Toy Toy Makers' -> 'Toy Makers', 'Darjeeling Darjeeling Tea Exports' -> 'Darjeeling
    Tea Exports': the craft word, the makers' word and the place often share a word."""
    words = name.split()
    kept = [word for n, word in enumerate(words) if n == 0 or word.lower() != words[n - 1].lower()]
    return " ".join(kept)


def compose_seller(
    *,
    key: str,
    district: District,
    craft: str,
    makers: str,
    crafts: str,
    business_types: tuple[str, ...],
    facts: str,
    gst_state_code: str,
    name: str = "",
    business_type: str = "",
) -> SellerSpec:
    """A seller for `crafts` in `district`; `facts` is a sentence about what makes the
    product known (its GI or ODOP status) that the story quotes."""
    state = district.state.name
    region = STATE_REGION.get(state, "north")
    surnames, first_names = REGION_NAMES[region]
    business_type = business_type or pick(business_types, "type:" + key)
    surname = pick(surnames, "surname:" + key)
    place = district.name
    kind = BUSINESS_TYPES[business_type]
    if not name:
        first_name = pick(first_names, "first:" + key)
        name = kind["name"].format(
            place=place, craft=craft, makers=makers, surname=surname, first_name=first_name
        )
        name = _without_repeated_words(name)
    n = stable_int("seller:" + key)
    year = 1962 + n % 60
    smallest, spread = kind["team_size"]
    team = smallest + n % spread
    story = (
        f"{name} is {kind['phrase']} in {place}, {state}, founded in {year}. "
        f"Its {team} {kind['team']} make and sell {crafts}. {facts}"
    ).strip()
    pan = make_pan(key, kind["pan_holder"], surname if business_type == "artisan" else name)
    exports = business_type == "exporter" or n % 3 == 0
    return SellerSpec(
        key=key,
        district=district,
        name=name[:200],
        slug=slugify(name)[:200],
        business_type=business_type,
        crafts=crafts[:300],
        story=story,
        languages=f"{STATE_LANGUAGES.get(state, 'Hindi')}, English",
        year_founded=year,
        team_size=team,
        gstin=make_gstin(gst_state_code, pan, entity=str(1 + n % 3)),
        iec=pan if exports else "",
        verified=n % 10 < 7,
    )


@transaction.atomic
def ensure_sellers(
    specs: list[SellerSpec], needed: set[str] | None = None
) -> tuple[dict[str, Seller], int]:
    """Sellers for the specs in `needed` (default: all), keyed by spec key. Slugs are settled
    over ALL specs, so a partial run gives every seller the same slug as a full one. Existing
    sellers (matched by slug) are kept as they are, edits included; missing ones are created
    in one bulk insert."""
    by_slug: dict[str, SellerSpec] = {}
    for spec in specs:
        slug = spec.slug
        if slug in by_slug and by_slug[slug].key != spec.key:
            slug = f"{spec.slug}-{spec.district.slug}"[:220]
        spec.slug = slug
        by_slug.setdefault(slug, spec)
    if needed is not None:
        specs = [spec for spec in specs if spec.key in needed]
        by_slug = {spec.slug: by_slug[spec.slug] for spec in specs}
    existing = {s.slug: s for s in Seller.objects.filter(slug__in=list(by_slug))}
    now = timezone.now()
    new = [
        Seller(
            name=spec.name,
            slug=spec.slug,
            business_type=spec.business_type,
            district=spec.district,
            story=spec.story,
            crafts=spec.crafts,
            languages=spec.languages,
            year_founded=spec.year_founded,
            team_size=spec.team_size,
            status=Seller.Status.APPROVED,
            gstin=spec.gstin,
            gstin_status=Seller.Verification.VERIFIED if spec.verified else "unverified",
            gstin_checked_at=now if spec.verified else None,
            iec=spec.iec,
            iec_status=(
                Seller.Verification.VERIFIED if spec.iec and spec.verified else "unverified"
            ),
            iec_checked_at=now if spec.iec and spec.verified else None,
        )
        for slug, spec in by_slug.items()
        if slug not in existing
    ]
    Seller.objects.bulk_create(new)
    sellers = {**existing, **{s.slug: s for s in new}}
    return {spec.key: sellers[spec.slug] for spec in specs}, len(new)
