"""Demo sellers composed from real facts: a district, the craft or crop it is known for, and the
kind of business that typically sells it. Names, stories and registration numbers are invented
but plausible; GSTINs carry the real state code and a valid check character.

Everything is deterministic (derived from a stable key with SHA-256), so a second run computes
the same sellers and creates none.
"""

import hashlib
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from regions.models import District
from sellers.models import Seller
from sellers.validators import gstin_checksum

# Family names and first names common in each region, for the names of small businesses.
REGION_NAMES = {
    "north": (
        ("Sharma", "Verma", "Gupta", "Yadav", "Ansari", "Prajapati", "Vishwakarma", "Maurya"),
        ("Ramesh", "Sunita", "Mohammad Irfan", "Kamla", "Anil", "Rekha", "Shamim", "Santosh"),
    ),
    "punjab": (
        ("Singh", "Gill", "Sandhu", "Dhillon", "Kaur", "Bajwa"),
        ("Gurpreet", "Harjeet", "Manpreet", "Balwinder", "Simran"),
    ),
    "kashmir": (
        ("Bhat", "Dar", "Wani", "Mir", "Lone", "Shah"),
        ("Ghulam Nabi", "Mehraj", "Shabnam", "Bashir", "Rubina"),
    ),
    "ladakh": (
        ("Namgyal", "Dorjay", "Angmo", "Stanzin"),
        ("Tsering", "Padma", "Rigzin", "Sonam"),
    ),
    "hills": (
        ("Negi", "Thakur", "Rawat", "Bisht", "Chauhan", "Kumar"),
        ("Devi Ram", "Kamla", "Pushpa", "Mohan", "Jagdish"),
    ),
    "west": (
        ("Patel", "Shah", "Desai", "Mehta", "Parmar", "Khatri", "Rathod"),
        ("Jayesh", "Hansa", "Ismail", "Kanti", "Bhavna"),
    ),
    "rajasthan": (
        ("Meena", "Chhipa", "Kumawat", "Rathore", "Soni", "Jangid"),
        ("Bhanwar Lal", "Santosh", "Kailash", "Gulab", "Mamta"),
    ),
    "maharashtra": (
        ("Patil", "Deshmukh", "Jadhav", "Kulkarni", "Shinde", "Pawar"),
        ("Sunil", "Vaishali", "Prakash", "Sangita", "Rajesh"),
    ),
    "goa": (("Naik", "Fernandes", "Gaonkar", "D'Souza"), ("Anthony", "Savita", "Prakash")),
    "karnataka": (
        ("Gowda", "Shetty", "Hegde", "Naik", "Rao", "Kulkarni"),
        ("Manjunath", "Lakshmi", "Basavaraj", "Shobha", "Nagaraj"),
    ),
    "kerala": (
        ("Nair", "Menon", "Varghese", "Pillai", "Kurian", "Thomas"),
        ("Suresh", "Bindu", "Abdul Rahman", "Mini", "Joseph"),
    ),
    "tamil": (
        ("Murugan", "Subramanian", "Pillai", "Selvam", "Raman", "Natarajan"),
        ("Senthil", "Kavitha", "Muthu", "Meena", "Karthik"),
    ),
    "telugu": (
        ("Reddy", "Naidu", "Rao", "Chowdary", "Varma", "Setty"),
        ("Srinivas", "Padma", "Venkata Ramana", "Lakshmi", "Ravi"),
    ),
    "east": (
        ("Das", "Ghosh", "Mondal", "Pal", "Sarkar", "Biswas"),
        ("Tapan", "Mousumi", "Sukumar", "Rina", "Abdul Karim"),
    ),
    "odisha": (
        ("Mohanty", "Sahoo", "Behera", "Nayak", "Panda", "Meher"),
        ("Bijay", "Sabita", "Prafulla", "Jyotsna", "Ramesh"),
    ),
    "bihar": (
        ("Kumar", "Paswan", "Mahto", "Jha", "Ansari", "Sah"),
        ("Shanti", "Dilip", "Baua Devi", "Sanjay", "Rukhsana"),
    ),
    "assam": (
        ("Bora", "Kalita", "Gogoi", "Baruah", "Das", "Brahma"),
        ("Jintu", "Anjali", "Pranjal", "Rupa", "Bhaskar"),
    ),
    "northeast": (
        ("Sangma", "Lyngdoh", "Marak", "Lalremruata", "Angami", "Tayeng", "Debbarma"),
        ("Bina", "Lalthanzuala", "Kekhrie", "Daniel", "Tomba"),
    ),
    "sikkim": (("Bhutia", "Lepcha", "Rai", "Tamang"), ("Karma", "Pema", "Dawa", "Sushila")),
    "islands": (("Kujur", "Ekka", "Ali", "Naidu"), ("Rahul", "Mary", "Samuel", "Anita")),
}
STATE_REGION = {
    "Uttar Pradesh": "north", "Madhya Pradesh": "north", "Chhattisgarh": "north",
    "Jharkhand": "bihar", "Bihar": "bihar", "Haryana": "north", "Delhi": "north",
    "Chandigarh": "punjab", "Punjab": "punjab", "Jammu and Kashmir": "kashmir",
    "Ladakh": "ladakh", "Himachal Pradesh": "hills", "Uttarakhand": "hills",
    "Gujarat": "west", "Dadra and Nagar Haveli and Daman and Diu": "west",
    "Rajasthan": "rajasthan", "Maharashtra": "maharashtra", "Goa": "goa",
    "Karnataka": "karnataka", "Kerala": "kerala", "Lakshadweep": "kerala",
    "Tamil Nadu": "tamil", "Puducherry": "tamil", "Andhra Pradesh": "telugu",
    "Telangana": "telugu", "West Bengal": "east", "Tripura": "northeast", "Odisha": "odisha",
    "Assam": "assam", "Meghalaya": "northeast", "Manipur": "northeast",
    "Mizoram": "northeast", "Nagaland": "northeast", "Arunachal Pradesh": "northeast",
    "Sikkim": "sikkim", "Andaman and Nicobar Islands": "islands",
}  # fmt: skip
STATE_LANGUAGES = {
    "Uttar Pradesh": "Hindi, Urdu",
    "Madhya Pradesh": "Hindi",
    "Chhattisgarh": "Hindi, Chhattisgarhi",
    "Jharkhand": "Hindi, Santali",
    "Bihar": "Hindi, Maithili",
    "Haryana": "Hindi",
    "Delhi": "Hindi",
    "Chandigarh": "Hindi, Punjabi",
    "Punjab": "Punjabi, Hindi",
    "Jammu and Kashmir": "Kashmiri, Urdu",
    "Ladakh": "Ladakhi, Hindi",
    "Himachal Pradesh": "Hindi, Pahari",
    "Uttarakhand": "Hindi, Garhwali",
    "Gujarat": "Gujarati, Hindi",
    "Dadra and Nagar Haveli and Daman and Diu": "Gujarati, Hindi",
    "Rajasthan": "Hindi, Rajasthani",
    "Maharashtra": "Marathi, Hindi",
    "Goa": "Konkani, Marathi",
    "Karnataka": "Kannada",
    "Kerala": "Malayalam",
    "Lakshadweep": "Malayalam",
    "Tamil Nadu": "Tamil",
    "Puducherry": "Tamil, French",
    "Andhra Pradesh": "Telugu",
    "Telangana": "Telugu, Urdu",
    "West Bengal": "Bengali",
    "Tripura": "Bengali, Kokborok",
    "Odisha": "Odia",
    "Assam": "Assamese, Bodo",
    "Meghalaya": "Khasi, Garo",
    "Manipur": "Manipuri",
    "Mizoram": "Mizo",
    "Nagaland": "Nagamese",
    "Arunachal Pradesh": "Hindi",
    "Sikkim": "Nepali, Bhutia",
    "Andaman and Nicobar Islands": "Hindi, Bengali",
}

# The fourth character of a PAN says who holds it: P person, F firm, C company, A association.
PAN_HOLDER = {"artisan": "P", "msme": "F", "exporter": "C", "fpo": "C", "cooperative": "A"}
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
TYPE_PHRASE = {
    "artisan": "a family workshop",
    "msme": "a small manufacturing unit",
    "exporter": "a merchant exporter",
    "fpo": "a farmer producer organisation",
    "cooperative": "a producers' cooperative",
}


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
    if not name:
        name = {
            "cooperative": f"{place} {craft} {makers} Cooperative Society",
            "fpo": f"{place} {craft} Farmer Producer Company",
            "msme": f"{surname} {craft} Industries",
            "artisan": f"{pick(first_names, 'first:' + key)} {surname} {craft} Workshop",
            "exporter": f"{place} {craft} Exports",
        }[business_type]
        name = _without_repeated_words(name)
    n = stable_int("seller:" + key)
    year = 1962 + n % 60
    team = {
        "artisan": 3 + n % 9,
        "msme": 12 + n % 60,
        "exporter": 15 + n % 90,
        "fpo": 150 + n % 900,
        "cooperative": 40 + n % 300,
    }[business_type]
    members = "members" if business_type in ("fpo", "cooperative") else "people"
    story = (
        f"{name} is {TYPE_PHRASE[business_type]} in {place}, {state}, founded in {year}. "
        f"Its {team} {members} make and sell {crafts}. {facts}"
    ).strip()
    pan = make_pan(key, PAN_HOLDER[business_type], surname if business_type == "artisan" else name)
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
