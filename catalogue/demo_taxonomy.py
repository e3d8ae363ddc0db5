"""How the demo loader turns a fact (a GI name, an ODOP product) into a category and a listing.

A two-level category tree (family › kind) with, per kind: the HS chapter, the selling unit, a
plausible minimum order and INR price band, default materials, certifications that fit, the
words used to name sellers, and the picture motif. Rules are tried in order; the first whose
pattern matches the product's text wins, so specific crafts come before generic food words
('Kashmir Walnut Wood Carving' is wood, not walnuts).

The facts themselves (the tree, the kinds in rule order, the fallbacks by GI class or ODOP
sector, the price exceptions) are data: `catalogue/data/demo_taxonomy.json`. This module
reads them once and holds the logic.
"""

import json
import re
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Kind:
    slug: str
    top: str
    name: str
    hs: str
    unit: str
    moq: int
    price: tuple[int, int]  # INR per unit at the MOQ
    materials: str
    craft: str  # a word for seller names: "Handloom", "Tea", "Pottery"
    makers: str  # "Weavers", "Growers", "Potters"
    motif: str
    palette: str
    certs: tuple[str, ...] = ()
    business_types: tuple[str, ...] = ("cooperative", "msme", "artisan", "exporter")
    variants: tuple[str, ...] = ()
    hs6: str = ""
    pattern: str = ""
    lead_days: tuple[int, int] = (21, 60)
    story: str = ""
    regex: re.Pattern = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        object.__setattr__(self, "regex", re.compile(self.pattern, re.IGNORECASE))


DATA = Path(__file__).resolve().parent / "data" / "demo_taxonomy.json"


def _kind(row: dict) -> Kind:
    # JSON has lists where the dataclass keeps tuples (hashable, immutable).
    return Kind(**{k: tuple(v) if isinstance(v, list) else v for k, v in row.items()})


_data = json.loads(DATA.read_text(encoding="utf-8"))
TOP_CATEGORIES: dict[str, str] = _data["top_categories"]
# In rule order: tried first to last.
KINDS: list[Kind] = [_kind(row) for row in _data["kinds"]]
KIND_BY_SLUG = {k.slug: k for k in KINDS}
# Fallbacks when no rule matches, by GI class or ODOP sector.
FALLBACK: dict[str, str] = _data["fallback"]
FOOD_SECTORS = set(_data["food_sectors"])
# A few products whose prices are far outside their kind's band (INR per unit).
PRICE_OVERRIDES = [
    (re.compile(row["pattern"], re.IGNORECASE), tuple(row["price"]))
    for row in _data["price_overrides"]
]
del _data


def classify(text: str, *, sector: str = "") -> Kind:
    """The kind of product named by `text`. Kinds of the sector's group (food or craft) are
    tried first, then all, so 'Banana fibre products' (handicraft) is fibre, 'Banana' (agri) is
    fruit, and 'Teak wood' (agri) still finds timber."""
    if sector:
        food = sector in FOOD_SECTORS
        for kind in KINDS:
            if (kind.top == "food") == food and kind.regex.search(text):
                return kind
    for kind in KINDS:
        if kind.regex.search(text):
            return kind
    return KIND_BY_SLUG[FALLBACK.get(sector, "wood-craft")]


def price_band(kind: Kind, text: str) -> tuple[int, int]:
    for pattern, band in PRICE_OVERRIDES:
        if pattern.search(text):
            return band
    return kind.price
