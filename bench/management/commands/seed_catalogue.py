"""`manage.py seed_catalogue --products N`: synthetic scale data for benchmarks (bench app:
`DJANGO_SETTINGS_MODULE=bench.settings`; bench/search_bench.py runs it).

Every synthetic listing is composed from real facts already loaded by `load_demo_data`
(GI registry entries, district products, categories, districts and sellers): its name is a
real product name with a maker's variant, its district and category are the fact's own.
Rows go in with bulk_create (no signals); run `search_index --rebuild` afterwards.
"""

import random
from datetime import timedelta
from decimal import Decimal

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from tqdm import tqdm

from catalogue.models import Category, Certification, GIProduct, Product

VARIANTS = (
    "handmade",
    "export grade",
    "premium",
    "classic",
    "heritage",
    "artisan-made",
    "traditional",
    "festive",
    "organic",
    "small-batch",
    "hand-finished",
    "natural",
)
FORMS = (
    "gift set",
    "collection",
    "assortment",
    "wholesale lot",
    "sampler",
    "bulk pack",
    "boutique range",
    "bestseller",
    "limited edition",
    "standard pack",
)
MATERIALS = (
    "cotton",
    "silk",
    "wool",
    "jute",
    "wood",
    "brass",
    "terracotta",
    "bamboo",
    "leather",
    "sandalwood",
    "handmade paper",
    "stone",
    "cane",
    "clay",
    "silver",
)


class Command(BaseCommand):
    help = "Add N synthetic published products built from the loaded real product facts."

    def add_arguments(self, parser):
        parser.add_argument("--products", type=int, required=True)
        parser.add_argument("--seed", type=int, default=42)
        parser.add_argument("--batch-size", type=int, default=5000)
        parser.add_argument("--bootstrap", action="store_true")

    @staticmethod
    def _templates() -> list[dict]:
        return list(
            Product.objects.filter(status=Product.Status.PUBLISHED).values(
                "seller_id",
                "district_id",
                "category_id",
                "hs_chapter_id",
                "gi_id",
                "name",
                "materials",
                "unit",
                "description",
            )
        )

    def _bootstrap(self) -> None:
        """One listing per GI registry entry and per district product, from the data files
        (catalogue/data, regions/data) only: states, districts, categories and sellers as
        the facts name them. For benchmark databases where the demo loader is not wanted."""
        import csv
        from pathlib import Path

        from django.conf import settings
        from django.utils.text import slugify

        from regions.models import District, State
        from sellers.models import Seller

        base = Path(settings.BASE_DIR)
        states = {}
        for row in csv.DictReader((base / "regions/data/states.csv").open(encoding="utf-8")):
            states[row["name"]] = State.objects.get_or_create(
                iso_code=row["iso_code"],
                defaults={"name": row["name"], "slug": slugify(row["name"])},
            )[0]
        districts, categories, sellers, rows = {}, {}, {}, []

        def district(state_name, name):
            state = states.get(state_name)
            if state is None or not name:
                return None
            key = (state_name, name)
            if key not in districts:
                districts[key] = District.objects.get_or_create(
                    state=state,
                    name=name[:100],
                    defaults={"slug": f"{slugify(name)[:100]}-{state.iso_code[3:].lower()}"},
                )[0]
            return districts[key]

        def category(name):
            if name not in categories:
                categories[name] = Category.objects.get_or_create(
                    slug=slugify(name)[:140], defaults={"name": name[:120]}
                )[0]
            return categories[name]

        def seller(place):
            if place.pk not in sellers:
                sellers[place.pk] = Seller.objects.get_or_create(
                    slug=f"{place.slug}-makers",
                    defaults={
                        "name": f"{place.name} Makers Collective",
                        "business_type": Seller.BusinessType.COOPERATIVE,
                        "district": place,
                        "status": Seller.Status.APPROVED,
                    },
                )[0]
            return sellers[place.pk]

        gi_file = base / "catalogue/data/gi_products.csv"
        for n, row in enumerate(csv.DictReader(gi_file.open(encoding="utf-8"))):
            state_name = row["states"].split(";")[0].strip()
            place = district(state_name, row["named_place_districts"].split(";")[0].strip())
            if place is None:
                continue
            gi = GIProduct.objects.get_or_create(
                gi_id=row["gi_id"],
                defaults={
                    "name": row["name"],
                    "slug": f"{slugify(row['name'])[:200]}-{n}",
                    "alt_names": row["alt_names"],
                    "category": row["category"],
                },
            )[0]
            rows.append((place, category(row["category"] or "Other"), gi, row["name"]))
        dp_file = base / "catalogue/data/district_products.csv"
        for row in csv.DictReader(dp_file.open(encoding="utf-8")):
            place = district(row["state"], row["district"])
            if place is not None:
                rows.append((place, category(row["sector"] or "Other"), None, row["product"]))
        now = timezone.now()
        Product.objects.bulk_create(
            [
                Product(
                    seller=seller(place),
                    district=place,
                    category=cat,
                    gi=gi,
                    name=name[:200],
                    slug=f"fact-{i}",
                    description=f"{name} from {place.name}.",
                    status=Product.Status.PUBLISHED,
                    published_at=now,
                    price_min_inr=Decimal(500),
                    price_max_inr=Decimal(600),
                )
                for i, (place, cat, gi, name) in enumerate(rows)
            ]
        )

    def handle(self, *args, products, seed, batch_size, bootstrap, **options):
        rng = random.Random(seed)  # nosec B311: synthetic data, not security
        templates = list(
            Product.objects.filter(status=Product.Status.PUBLISHED).values(
                "seller_id",
                "district_id",
                "category_id",
                "hs_chapter_id",
                "gi_id",
                "name",
                "materials",
                "unit",
                "description",
            )
        )
        if not templates and bootstrap:
            self._bootstrap()
            templates = self._templates()
        if not templates:
            raise CommandError(
                "No published products to build from: run load_demo_data first "
                "(or pass --bootstrap to start from the registry data files alone)."
            )
        gi_names = dict(GIProduct.objects.values_list("id", "name"))
        start = Product.objects.count()
        now = timezone.now()
        kinds = [k for k, _label in Certification.Kind.choices]
        progress = tqdm(total=products, desc="Seeding", unit="product", file=self.stderr._out)
        made = 0
        while made < products:
            size = min(batch_size, products - made)
            rows = []
            for i in range(size):
                n = start + made + i
                base = rng.choice(templates)
                material = rng.choice(MATERIALS)
                name = f"{base['name']} – {rng.choice(VARIANTS)} {rng.choice(FORMS)}"
                price = Decimal(rng.randrange(50, 60000))
                gi_name = gi_names.get(base["gi_id"], "")
                rows.append(
                    Product(
                        seller_id=base["seller_id"],
                        district_id=base["district_id"],
                        category_id=base["category_id"],
                        hs_chapter_id=base["hs_chapter_id"],
                        gi_id=base["gi_id"],
                        name=name[:200],
                        slug=f"seed-{n}",
                        description=(
                            f"{base['description']} This {material} edition"
                            f"{' of ' + gi_name if gi_name else ''} is made to order for "
                            "importers and retailers."
                        ),
                        materials=", ".join(filter(None, [base["materials"], material]))[:300],
                        moq=rng.choice((1, 5, 10, 25, 50, 100, 250, 500, 1000, 2000)),
                        unit=base["unit"],
                        status=Product.Status.PUBLISHED,
                        published_at=now - timedelta(minutes=rng.randrange(0, 525_600)),
                        price_min_inr=price,
                        price_max_inr=(price * Decimal("1.25")).quantize(Decimal("0.01")),
                    )
                )
            with transaction.atomic():
                created = Product.objects.bulk_create(rows, batch_size=1000)
                certs = [
                    Certification(product_id=p.pk, kind=kind)
                    for p in created
                    if rng.random() < 0.2
                    for kind in rng.sample(kinds, rng.choice((1, 1, 2)))
                ]
                Certification.objects.bulk_create(certs, batch_size=2000, ignore_conflicts=True)
            made += size
            progress.update(size)
        progress.close()
        self.stdout.write(self.style.SUCCESS(f"Added {made} products ({start + made} in all)."))
