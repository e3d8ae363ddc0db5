"""`manage.py load_demo_data`: the demo marketplace built from real facts (see */data/SOURCES.md).

Safe to run again and again: every row is matched on a natural key and only missing rows are
created; nothing is deleted and nothing a user edited is overwritten.
"""

import csv
import datetime
import importlib.util
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from wagtail import hooks

from accounts.models import User
from buyers.models import BuyerCompany, ShortlistItem
from catalogue import demo as catalogue_demo
from catalogue.models import Product
from cms.hooks import DEMO_CONTENT_HOOK
from marketplace.reviews.demo import load_demo_reviews
from regions import demo as regions_demo
from regions.models import District, OfficialPost, State
from search import demo as search_demo
from sellers.models import Seller, SellerMembership
from sellers.validators import GST_STATE_CODES

# ISO code -> GST state code; 25 (old Daman and Diu) is a legacy alias of 26.
GST_CODE_BY_ISO = {iso: code for code, iso in GST_STATE_CODES.items() if code != "25"}

DEMO_ACCOUNTS = {
    "buyer": ("buyer@example.com", "Katrin Vogel"),
    "seller": ("seller@example.com", "Rafiq Ansari"),
    "official": ("official@example.com", "Anita Srivastava"),
    "admin": ("admin@example.com", "Site Administrator"),
    # Staff who review any district whose state has no official (coverage's last level).
    "reviewer": ("reviewer@example.com", "Staff Reviewer"),
}
DEMO_OFFICIALS_CSV = Path(settings.BASE_DIR) / "regions" / "data" / "demo_officials.csv"


def _demo_officials() -> int:
    """The official posts of regions/data/demo_officials.csv; returns users created."""
    lines = DEMO_OFFICIALS_CSV.read_text().splitlines()
    rows = [line for line in lines if not line.startswith("#")]
    made_count = 0
    states = {state.name: state for state in State.objects.all()}
    for row in csv.DictReader(rows):
        state = states.get(row["state"])
        if state is None:
            continue
        user, made = _user(row["email"], row["full_name"])
        made_count += made
        if row["district"]:
            district = District.objects.filter(state=state, name=row["district"]).first()
            if district is not None:
                OfficialPost.objects.get_or_create(
                    user=user, district=district, defaults={"title": row["title"]}
                )
        else:
            OfficialPost.objects.get_or_create(
                user=user, state=state, defaults={"title": row["title"]}
            )
    return made_count


def _user(email: str, full_name: str, **extra) -> tuple[User, bool]:
    """The demo user, created with DEMO_PASSWORD if missing; an existing user (and a password
    they changed) is left alone. The address is marked verified so sign-in works at once."""
    from allauth.account.models import EmailAddress

    user = User.objects.filter(email=email).first()
    created = user is None
    if created:
        user = User.objects.create_user(
            email=email, password=settings.DEMO_PASSWORD, full_name=full_name, **extra
        )
    EmailAddress.objects.get_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user, created


def load_accounts(stdout=None) -> dict[str, int]:
    """The four demo accounts of DESIGN.md and what they own."""
    counts = {"users": 0}
    buyer, made = _user(*DEMO_ACCOUNTS["buyer"], signup_role="buyer", preferred_currency="EUR")
    counts["users"] += made
    if made:
        # An established importer (three months on the site): the demo shows the enquiry
        # budget a returning buyer has, not the first week's (marketplace.selectors).
        User.objects.filter(pk=buyer.pk).update(
            date_joined=timezone.now() - datetime.timedelta(days=90)
        )
    BuyerCompany.objects.get_or_create(
        user=buyer,
        defaults={
            "name": "Vogel & Hansen Import GmbH",
            "country": "DE",
            "website": "https://vogel-hansen.example.com",
            "buyer_type": BuyerCompany.BuyerType.IMPORTER,
        },
    )
    seller_user, made = _user(*DEMO_ACCOUNTS["seller"], signup_role="seller")
    counts["users"] += made
    seller = Seller.objects.filter(slug=_demo_seller_slug()).first()
    if seller is not None:
        SellerMembership.objects.get_or_create(
            seller=seller,
            user=seller_user,
            defaults={"role": SellerMembership.Role.OWNER, "can_manage_payouts": True},
        )
        # The buyer has a few Varanasi listings shortlisted, so the dashboard is not empty.
        for product in Product.objects.filter(seller=seller).order_by("id")[:3]:
            ShortlistItem.objects.get_or_create(user=buyer, product=product)
    counts["users"] += _demo_officials()
    _reviewer, made = _user(*DEMO_ACCOUNTS["reviewer"], is_staff=True)
    counts["users"] += made
    _admin, made = _user(*DEMO_ACCOUNTS["admin"], is_staff=True, is_superuser=True)
    counts["users"] += made
    return counts


def _trade_documents_demo() -> int:
    """A completed demo order with its generated documents (marketplace.documents.demo)."""
    from marketplace.documents.demo import documents_demo_ensure

    buyer = User.objects.filter(email=DEMO_ACCOUNTS["buyer"][0]).first()
    if buyer is None:
        return 0
    return documents_demo_ensure(buyer=buyer, seller_slug=_demo_seller_slug())


def _demo_seller_slug() -> str:
    from django.utils.text import slugify

    return slugify(catalogue_demo.DEMO_SELLER_NAME)


class Command(BaseCommand):
    help = "Load the demo data (states, districts, GI registry, sellers, listings, accounts)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-images",
            action="store_true",
            help="Skip drawing product pictures (faster; listings get no image).",
        )

    def handle(self, *args, **options):
        started, cpu_started = time.monotonic(), time.process_time()
        out = self.stdout
        results = load_demo(images=not options["no_images"])
        data_seconds = time.monotonic() - started
        cpu_seconds = time.process_time() - cpu_started

        out.write("Demo data:")
        for label, key in LABELS:
            result = results[key]
            extra = f", {result.updated} updated" if result.updated else ""
            out.write(f"  {label:<14} {result.created} created{extra}")
        listings = results["listings"]
        out.write(f"  {'sellers':<14} {listings.sellers_created} created")
        out.write(
            f"  {'listings':<14} {listings.created} created "
            f"({listings.images_created} pictures in {listings.image_seconds:.1f} s)"
        )
        out.write(f"  {'demo accounts':<14} {results['accounts']['users']} created")
        out.write(f"  {'search phrases':<14} {results['keyword_landings']} created")
        out.write(f"  {'trade documents':<14} {results['trade_documents']} issued (demo order)")
        out.write(f"  {'demo reviews':<14} {results['demo_reviews']} orders created")
        for note in results["notes"][:10]:
            out.write(self.style.WARNING(f"  note: {note}"))
        out.write(
            f"  totals: {Product.objects.filter(status='published').count()} published "
            f"listings, {Seller.objects.count()} sellers; data loaded in {data_seconds:.1f} s "
            f"({cpu_seconds:.1f} s CPU)"
        )

        # The CMS helper owns cms/demo.py (page tree, officials' groups); call it when present.
        if importlib.util.find_spec("cms.demo") is None:
            out.write(self.style.WARNING("cms.demo not found: no page tree built."))
        else:
            from cms.demo import build_site

            build_site(stdout=self.stdout)
            # Languages and currencies (the world helper's cms/i18n.py): rates, locales, rights.
            from cms.i18n import world_demo_ensure

            world_demo_ensure(stdout=self.stdout)
            # Apps built on the CMS add theirs (cms.officials: the Varanasi action plan, an
            # event, illustrative export figures) through DEMO_CONTENT_HOOK (cms/hooks.py).
            for demo_content in hooks.get_hooks(DEMO_CONTENT_HOOK):
                demo_content(stdout=self.stdout)
            # Varanasi's storefront, plan and an article in hi/fr/es/ar (wagtail-localize).
            from cms.demo_translations import varanasi_translations_ensure

            varanasi_translations_ensure(stdout=self.stdout)
        out.write(
            self.style.SUCCESS(f"load_demo_data finished in {time.monotonic() - started:.1f} s")
        )


LABELS = [
    ("states/UTs", "states"),
    ("districts", "districts"),
    ("Hindi names", "hindi_names"),
    ("HS chapters", "chapters"),
    ("categories", "categories"),
    ("GI entries", "gis"),
    ("clusters", "clusters"),
    ("translations", "translations"),
]


@transaction.atomic
def load_demo(*, images: bool = True) -> dict:
    """Everything but the page tree, in one transaction: a failed run leaves nothing half-made."""
    results = {
        "states": regions_demo.load_states(gst_code_by_iso=GST_CODE_BY_ISO),
        "districts": regions_demo.load_districts(),
    }
    results["hindi_names"] = regions_demo.load_district_hindi_names()
    resolver = regions_demo.DistrictResolver()
    results["chapters"] = catalogue_demo.load_hs_chapters()
    results["categories"] = catalogue_demo.load_categories()
    results["gis"] = catalogue_demo.load_gi_registry(resolver)
    results["clusters"] = catalogue_demo.load_clusters(resolver)
    specs, notes = catalogue_demo.build_listing_specs(resolver)
    results["listings"] = catalogue_demo.load_listings(
        specs, gst_codes=GST_CODE_BY_ISO, images=images
    )
    results["translations"] = catalogue_demo.load_demo_translations()
    results["accounts"] = load_accounts()
    results["trade_documents"] = _trade_documents_demo()
    results["keyword_landings"] = search_demo.load_keyword_landings()
    # Delivered demo orders with reviews (marked as demo), so ratings show from the start.
    results["demo_reviews"] = load_demo_reviews()
    results["notes"] = [
        *results["gis"].notes,
        *results["clusters"].notes,
        *notes,
        *results["translations"].notes,
        *results["hindi_names"].notes,
    ]
    return results
