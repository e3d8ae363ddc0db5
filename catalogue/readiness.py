"""Export readiness of a product: what a seller must hold before shipping it abroad.

Pure functions over already-loaded objects (no queries, no clock: `today` is passed in), so
a district-wide report computes thousands of checklists from a few prefetched querysets.

The council/board that issues the RCMC for a product follows its HS chapter (and heading for
chapter 09 and a few others). This is our own simplified reading of the Foreign Trade Policy's
list of export promotion councils and commodity boards, not an official mapping; FIEO is the
fallback for anything without a product council.
"""

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

BODIES = {
    "apeda": _("APEDA"),
    "spices_board": _("Spices Board"),
    "tea_board": _("Tea Board"),
    "coffee_board": _("Coffee Board"),
    "mpeda": _("MPEDA"),
    "epch": _("EPCH (handicrafts)"),
    "aepc": _("AEPC (apparel)"),
    "hepc": _("HEPC (handloom)"),
    "cepc": _("CEPC (carpets)"),
    "isepc": _("ISEPC (silk)"),
    "texprocil": _("TEXPROCIL (cotton textiles)"),
    "cle": _("Council for Leather Exports"),
    "gjepc": _("GJEPC (gems and jewellery)"),
    "shefexil": _("SHEFEXIL (shellac and forest products)"),
    "eepc": _("EEPC (engineering)"),
    "fieo": _("FIEO"),
}
BODY_CHOICES = list(BODIES.items())

_BY_HEADING = {
    "0901": "coffee_board",
    "0902": "tea_board",
    "1604": "mpeda",
    "1605": "mpeda",
    "7117": "epch",  # imitation jewellery is a handicraft, not GJEPC's
    "7418": "epch",  # brass and copper art ware
    "9503": "epch",
}
_BY_CHAPTER = {
    **dict.fromkeys(["03"], "mpeda"),
    **dict.fromkeys(["09"], "spices_board"),
    **dict.fromkeys(["13", "14"], "shefexil"),
    **dict.fromkeys(
        [
            "01",
            "02",
            "04",
            "05",
            "06",
            "07",
            "08",
            "10",
            "11",
            "12",
            "15",
            "16",
            "17",
            "18",
            "19",
            "20",
            "21",
            "22",
            "23",
        ],
        "apeda",
    ),
    **dict.fromkeys(["41", "42", "43", "64"], "cle"),
    "50": "isepc",
    "52": "texprocil",
    "57": "cepc",
    **dict.fromkeys(["44", "46", "58", "67", "69", "70", "83", "95", "96", "97"], "epch"),
    **dict.fromkeys(["61", "62"], "aepc"),
    "63": "hepc",
    "71": "gjepc",
    **dict.fromkeys(
        [
            "72",
            "73",
            "74",
            "75",
            "76",
            "78",
            "79",
            "80",
            "81",
            "82",
            "84",
            "85",
            "86",
            "87",
            "88",
            "89",
            "90",
        ],
        "eepc",
    ),
}
# Food for human consumption: FSSAI licence needed to export.
FOOD_CHAPTERS = frozenset(
    ["02", "03", "04", "07", "08", "09", "10", "11", "15", "16", "17", "18", "19", "20", "21", "22"]
)
# Handloom and textile chapters where the Handloom Mark helps buyers (recommended only).
HANDLOOM_CHAPTERS = frozenset(["50", "52", "57", "58", "63"])

OK, MISSING, EXPIRED, UNVERIFIED = "ok", "missing", "expired", "unverified"


@dataclass(frozen=True)
class CheckItem:
    key: str
    label: str
    status: str
    required: bool = True
    hint: str = ""

    @property
    def ok(self) -> bool:
        return self.status == OK


@dataclass(frozen=True)
class Checklist:
    items: tuple[CheckItem, ...]

    @property
    def missing(self) -> list[CheckItem]:
        return [item for item in self.items if item.required and not item.ok]

    @property
    def ready(self) -> bool:
        return not self.missing

    @property
    def score(self) -> int:
        """Percentage of required items in order."""
        required = [item for item in self.items if item.required]
        return round(100 * sum(item.ok for item in required) / len(required)) if required else 100


def chapter_of(hs_code: str, hs_chapter: str | None) -> str | None:
    code = (hs_code or "").strip()
    return (code[:2] if len(code) >= 2 else None) or hs_chapter or None


def rcmc_body(hs_code: str, hs_chapter: str | None) -> str:
    code = (hs_code or "").strip()
    if len(code) >= 4 and code[:4] in _BY_HEADING:
        return _BY_HEADING[code[:4]]
    return _BY_CHAPTER.get(chapter_of(code, hs_chapter) or "", "fieo")


def _dated(valid_until: dt.date | None, today: dt.date) -> str:
    return EXPIRED if valid_until and valid_until < today else OK


def product_checklist(
    *,
    product,
    seller,
    certifications: Iterable,
    registrations: Mapping[str, dt.date | None],
    today: dt.date,
) -> Checklist:
    """The checklist of one product.

    `certifications` are the product's catalogue.Certification rows; `registrations` maps a
    council/board code of BODIES to its validity date (None = no expiry) for the seller.
    """
    chapter = chapter_of(product.hs_code, product.hs_chapter_id)
    certs = {cert.kind: cert.valid_until for cert in certifications}
    items = []

    def registration(key, label, value, verification, verified):
        if not value:
            status = MISSING
        elif verification != verified:
            status = UNVERIFIED
        else:
            status = OK
        items.append(CheckItem(key, label, status))

    verified = "verified"
    registration("iec", _("Importer-Exporter Code (IEC)"), seller.iec, seller.iec_status, verified)
    registration("gst", _("GST registration (GSTIN)"), seller.gstin, seller.gstin_status, verified)
    body = rcmc_body(product.hs_code, product.hs_chapter_id)
    rcmc_status = _dated(registrations[body], today) if body in registrations else MISSING
    items.append(
        CheckItem(
            f"rcmc:{body}",
            _("RCMC with %(body)s") % {"body": BODIES[body]},
            rcmc_status,
            hint=_("Register with the council or board for this product's HS chapter."),
        )
    )
    code_digits = len((product.hs_code or "").strip())
    items.append(
        CheckItem(
            "hs_code",
            _("HS code with at least 6 digits"),
            OK if code_digits >= 6 else MISSING,
            hint=_("The shipping bill needs the 6- or 8-digit code."),
        )
    )
    if chapter in FOOD_CHAPTERS:
        items.append(
            CheckItem(
                "cert:fssai",
                _("FSSAI licence"),
                _dated(certs["fssai"], today) if "fssai" in certs else MISSING,
            )
        )
    if getattr(product, "gi_id", None):
        items.append(
            CheckItem(
                "gi_authorised_user",
                _("GI authorised user registration"),
                OK if getattr(product, "gi_au_verified", False) else MISSING,
                hint=_("Only authorised users may sell under the GI name."),
            )
        )
    if chapter in HANDLOOM_CHAPTERS:
        items.append(
            CheckItem(
                "cert:handloom_mark",
                _("Handloom Mark"),
                _dated(certs["handloom_mark"], today) if "handloom_mark" in certs else MISSING,
                required=False,
            )
        )
    for kind, label in (("organic", _("Organic (NPOP)")), ("iso", _("ISO"))):
        if kind in certs:
            items.append(
                CheckItem(f"cert:{kind}", label, _dated(certs[kind], today), required=False)
            )
    return Checklist(tuple(items))


@dataclass(frozen=True)
class ReadinessSummary:
    products: int
    ready: int
    missing_by_item: dict[str, tuple[str, int]]  # key -> (label, products missing it)

    @property
    def ready_percent(self) -> int:
        return round(100 * self.ready / self.products) if self.products else 0


def summarise(checklists: Iterable[Checklist]) -> ReadinessSummary:
    products = ready = 0
    missing: dict[str, list] = {}
    for checklist in checklists:
        products += 1
        ready += checklist.ready
        for item in checklist.missing:
            entry = missing.setdefault(item.key, [item.label, 0])
            entry[1] += 1
    ordered = dict(sorted(((k, tuple(v)) for k, v in missing.items()), key=lambda kv: -kv[1][1]))
    return ReadinessSummary(products, ready, ordered)
