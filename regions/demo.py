"""Demo/reference data for regions: states, union territories and districts from regions/data/.

Plain functions called by `manage.py load_demo_data`. They are idempotent: rows are matched on
natural keys (ISO code; LGD code, else state + name), missing rows are created in bulk and
reference facts that changed in the CSV are updated; slugs are never changed once made, so
URLs stay stable.
"""

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils.text import slugify

from regions.models import District, State

DATA_DIR = Path(__file__).resolve().parent / "data"


def read_csv(name: str, folder: Path = DATA_DIR) -> list[dict[str, str]]:
    with open(folder / name, encoding="utf-8", newline="") as handle:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(handle)]


def split_multi(value: str) -> list[str]:
    """Multi-valued cells are separated by '; ' (text) or ' ; ' (URLs)."""
    return [part.strip() for part in re.split(r"\s*;\s*", value or "") if part.strip()]


def name_key(value: str) -> str:
    """Comparable form of a place name: 'Y.S.R.' and 'y s r', 'Kancheepuram' and 'KANCHEEPURAM'."""
    return re.sub(r"[^a-z0-9]+", "", (value or "").lower())


@dataclass
class LoadResult:
    created: int = 0
    updated: int = 0
    notes: list[str] = field(default_factory=list)


@transaction.atomic
def load_states(*, gst_code_by_iso: dict[str, str]) -> LoadResult:
    """gst_code_by_iso comes from sellers.validators (a higher layer), passed in by the caller."""
    result = LoadResult()
    existing = {s.iso_code: s for s in State.objects.all()}
    to_create, to_update = [], []
    fields = ["name", "iso_name", "kind", "previous_iso_code", "gst_code"]
    for row in read_csv("states.csv"):
        values = {
            "name": row["name"],
            "iso_name": row["iso_name"],
            "kind": State.Kind.UT if row["type"] == "UT" else State.Kind.STATE,
            "previous_iso_code": row["previous_iso_code"],
            "gst_code": gst_code_by_iso.get(row["iso_code"], ""),
        }
        state = existing.get(row["iso_code"])
        if state is None:
            to_create.append(State(iso_code=row["iso_code"], slug=slugify(row["name"]), **values))
        elif any(getattr(state, k) != v for k, v in values.items()):
            for key, value in values.items():
                setattr(state, key, value)
            to_update.append(state)
    State.objects.bulk_create(to_create)
    if to_update:
        State.objects.bulk_update(to_update, fields)
    result.created, result.updated = len(to_create), len(to_update)
    return result


def district_slugs(rows: list[dict[str, str]], states_by_name: dict[str, State]) -> list[str]:
    """Globally unique slugs: the name's slug, with the state's slug appended to every
    district whose name slug is shared (Bilaspur, Hamirpur...), so no one 'wins' the bare slug."""
    base = [slugify(row["district"]) for row in rows]
    counts: dict[str, int] = {}
    for slug in base:
        counts[slug] = counts.get(slug, 0) + 1
    return [
        f"{slug}-{states_by_name[row['state']].slug}" if counts[slug] > 1 else slug
        for slug, row in zip(base, rows, strict=True)
    ]


HINDI_NAMES_FILE = "district_names_hi.csv"
# The 49 districts the package's list predates (or redrew), written for this project: see
# SOURCES.md for how, and how sure.
HINDI_NAMES_ADDED_FILE = "district_names_hi_added.csv"


@transaction.atomic
def load_district_hindi_names() -> LoadResult:
    """Hindi (Devanagari) district names from district_names_hi.csv (an npm package's list,
    matched to the project's districts by state and name) and district_names_hi_added.csv
    (the districts that list lacks); see SOURCES.md. Nothing is transliterated here."""
    result = LoadResult()
    wanted = {
        (r["state"], r["district"]): r["name_hi"]
        for name in (HINDI_NAMES_FILE, HINDI_NAMES_ADDED_FILE)
        for r in read_csv(name)
    }
    changed = []
    for district in District.objects.select_related("state"):
        name = wanted.pop((district.state.name, district.name), None)
        if name is not None and district.name_hi != name:
            district.name_hi = name
            changed.append(district)
    District.objects.bulk_update(changed, ["name_hi"])
    result.updated = len(changed)
    result.notes.extend(f"Hindi name for unknown district {s} / {d}" for s, d in wanted)
    return result


@transaction.atomic
def load_districts() -> LoadResult:
    result = LoadResult()
    states = {s.name: s for s in State.objects.all()}
    rows = read_csv("districts.csv")
    aliases: dict[tuple[str, str], list[str]] = {}
    for row in read_csv("district_aliases.csv"):
        aliases.setdefault((row["state"], row["district"]), []).append(row["alias"])
    slugs = district_slugs(rows, states)

    existing = list(District.objects.select_related("state"))
    by_lgd = {d.lgd_code: d for d in existing if d.lgd_code}
    by_name = {(d.state.name, d.name): d for d in existing}
    taken_slugs = {d.slug for d in existing}
    to_create, to_update = [], []
    fields = ["name", "lgd_code", "previous_names", "aliases"]
    for row, slug in zip(rows, slugs, strict=True):
        state = states[row["state"]]
        lgd = int(row["lgd_code"]) if row["lgd_code"] else None
        values = {
            "name": row["district"],
            "lgd_code": lgd,
            "previous_names": "; ".join(split_multi(row["previous_names"])),
            "aliases": "; ".join(aliases.get((row["state"], row["district"]), [])),
        }
        district = by_lgd.get(lgd) if lgd else None
        district = district or by_name.get((row["state"], row["district"]))
        if district is None:
            if slug in taken_slugs:  # a hand-made district already holds the slug
                slug = f"{slug}-{state.slug}"
            taken_slugs.add(slug)
            to_create.append(District(state=state, slug=slug, **values))
        elif any(getattr(district, k) != v for k, v in values.items()):
            for key, value in values.items():
                setattr(district, key, value)
            to_update.append(district)
    District.objects.bulk_create(to_create)
    if to_update:
        District.objects.bulk_update(to_update, fields)
    result.created, result.updated = len(to_create), len(to_update)
    return result


class DistrictResolver:
    """Finds a district from a name as written in the sources: current name, former names
    (Ramanagara, Allahabad) or LGD spellings, within the given state(s) first."""

    def __init__(self):
        self.by_state: dict[str, dict[str, District]] = {}
        self.anywhere: dict[str, list[District]] = {}
        for district in District.objects.select_related("state").order_by("id"):
            keys = [district.name, *split_multi(district.previous_names)]
            keys += split_multi(district.aliases)
            state_map = self.by_state.setdefault(district.state.name, {})
            for key in map(name_key, keys):
                # The current name wins over another district's former name (Aurangabad).
                if key not in state_map or key == name_key(district.name):
                    state_map[key] = district
                self.anywhere.setdefault(key, []).append(district)

    def resolve(self, name: str, states: list[str] | None = None) -> District | None:
        key = name_key(name)
        for state in states or []:
            found = self.by_state.get(state, {}).get(key)
            if found:
                return found
        candidates = self.anywhere.get(key, [])
        return candidates[0] if len(candidates) == 1 else None

    def districts_of(self, state: str) -> list[District]:
        seen = {d.id: d for d in self.by_state.get(state, {}).values()}
        return sorted(seen.values(), key=lambda d: d.name)
