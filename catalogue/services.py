"""Writes to the catalogue: listings, their photos, price tiers, certifications and review.

Review rule (documented in the seller dashboard): a listing goes to the district official of
the seller's district ("pending") unless the official has marked the seller as trusted
(`Seller.trusted_at`, set from the review page) and the seller is approved. A trusted seller's
submitted listings publish directly. Edits to a published listing keep it published.

Status changes go through `_move`, which holds the one table of allowed transitions.
Every function here runs in one transaction; listeners (search) hear `product_changed` after
the commit.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Min
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from catalogue.html import clean_html
from catalogue.models import (
    Certification,
    PriceTier,
    Product,
    ProductImage,
    ProductTranslation,
)
from catalogue.signals import product_changed
from catalogue.uploads import CleanImage, save_wagtail_image
from sellers.models import Seller
from sellers.services import clean_translated_text
from sellers.validators import validate_translation_language

S = Product.Status

TRANSITIONS: dict[str, set[str]] = {
    S.DRAFT: {S.PENDING, S.PUBLISHED, S.WITHDRAWN},
    S.PENDING: {S.PUBLISHED, S.REJECTED, S.WITHDRAWN},
    S.PUBLISHED: {S.WITHDRAWN},
    S.REJECTED: {S.PENDING, S.PUBLISHED, S.WITHDRAWN},
    S.WITHDRAWN: {S.PENDING, S.PUBLISHED},
}

PRODUCT_FIELDS = (
    "name",
    "district",
    "category",
    "hs_chapter",
    "hs_code",
    "gi",
    "gi_authorised_user",
    "description",
    "materials",
    "moq",
    "unit",
    "lead_time_days",
    "monthly_capacity",
    "sample_available",
    "sample_price_inr",
)


class InvalidTransition(ValueError):
    pass


@dataclass(frozen=True)
class TierData:
    min_quantity: int
    unit_price_inr: Decimal


@dataclass(frozen=True)
class PhotoData:
    image: CleanImage
    alt_text: str


@dataclass(frozen=True)
class CertificationData:
    kind: str
    number: str = ""
    valid_until: object = None
    document: object = None  # a wagtaildocs Document, already stored


def listing_needs_review(seller: Seller) -> bool:
    return not seller.is_trusted


def _announce(product_ids: Iterable[int]) -> None:
    ids = list(product_ids)
    transaction.on_commit(lambda: product_changed.send(sender=Product, product_ids=ids))


def _move(product: Product, to: str, *, by=None) -> None:
    if to not in TRANSITIONS.get(product.status, set()):
        raise InvalidTransition(f"A {product.status} listing cannot become {to}.")
    product.status = to
    if to == S.PUBLISHED:
        product.published_at = product.published_at or timezone.now()
        product.rejection_reason = ""


def unique_product_slug(name: str, seller: Seller, taken: set[str] | None = None) -> str:
    base = slugify(name)[:180] or "product"
    candidates = [base, f"{base}-{seller.slug}"[:210]]
    candidates += [f"{candidates[1]}-{n}" for n in range(2, 1000)]
    for slug in candidates:
        if taken is not None and slug in taken:
            continue
        if not Product.objects.filter(slug=slug).exists():
            if taken is not None:
                taken.add(slug)
            return slug
    raise ValueError("No free slug")  # pragma: no cover


def _apply_fields(product: Product, fields: dict) -> None:
    for key, value in fields.items():
        if key in PRODUCT_FIELDS or key.removesuffix("_id") in PRODUCT_FIELDS:
            setattr(product, key, value)
    product.description = clean_html(product.description)
    category = fields.get("category")  # an object (forms); imports pass ids and do their own
    if category is not None and not product.hs_chapter_id and category.hs_chapter_id:
        product.hs_chapter_id = category.hs_chapter_id


def _sync_price_range(product: Product) -> None:
    agg = PriceTier.objects.filter(product=product).aggregate(
        low=Min("unit_price_inr"), high=Max("unit_price_inr")
    )
    product.price_min_inr, product.price_max_inr = agg["low"], agg["high"]
    product.save(update_fields=["price_min_inr", "price_max_inr", "updated_at"])


def _set_tiers(product: Product, tiers: Sequence[TierData]) -> None:
    PriceTier.objects.filter(product=product).delete()
    PriceTier.objects.bulk_create(
        PriceTier(product=product, min_quantity=t.min_quantity, unit_price_inr=t.unit_price_inr)
        for t in sorted(tiers, key=lambda t: t.min_quantity)
    )
    _sync_price_range(product)


def _add_photos(product: Product, photos: Sequence[PhotoData], by) -> None:
    last = product.images.aggregate(m=Max("sort_order"))["m"] or 0
    for offset, photo in enumerate(photos, start=1):
        image = save_wagtail_image(photo.image, title=photo.alt_text or product.name, user=by)
        ProductImage.objects.create(
            product=product, image=image, alt_text=photo.alt_text, sort_order=last + offset
        )


def _set_certifications(product: Product, certifications: Sequence[CertificationData]) -> None:
    for cert in certifications:
        Certification.objects.update_or_create(
            product=product,
            kind=cert.kind,
            defaults={"number": cert.number, "valid_until": cert.valid_until}
            | ({"document": cert.document} if cert.document else {}),
        )


@transaction.atomic
def product_create(
    *,
    seller: Seller,
    by,
    fields: dict,
    tiers: Sequence[TierData] = (),
    photos: Sequence[PhotoData] = (),
    certifications: Sequence[CertificationData] = (),
    submit: bool = True,
) -> Product:
    """Create a listing; with `submit`, send it to review (or publish it for trusted sellers)."""
    product = Product(seller=seller, status=S.DRAFT)
    fields = {"district": seller.district, **fields}
    _apply_fields(product, fields)
    product.slug = unique_product_slug(product.name, seller)
    product.save()
    _set_tiers(product, tiers)
    _add_photos(product, photos, by)
    _set_certifications(product, certifications)
    if submit:
        product_submit(product=product, by=by)
    _announce([product.pk])
    return product


@transaction.atomic
def product_update(
    *,
    product: Product,
    by,
    fields: dict,
    tiers: Sequence[TierData] | None = None,
    photos: Sequence[PhotoData] = (),
    photo_changes: Sequence[tuple[ProductImage, str, int, bool]] = (),
    certifications: Sequence[CertificationData] = (),
    removed_certification_ids: Sequence[int] = (),
) -> Product:
    """Edit a listing. photo_changes: (photo, alt_text, sort_order, delete) for existing photos."""
    product = Product.objects.select_for_update().get(pk=product.pk)
    _apply_fields(product, fields)
    product.save()
    for photo, alt_text, sort_order, delete in photo_changes:
        if photo.product_id != product.pk:
            raise ValueError("Photo of another listing")
        if delete:
            image = photo.image
            photo.delete()
            image.delete()
        else:
            photo.alt_text, photo.sort_order = alt_text, sort_order
            photo.save(update_fields=["alt_text", "sort_order"])
    if tiers is not None:
        _set_tiers(product, tiers)
    _add_photos(product, photos, by)
    Certification.objects.filter(product=product, pk__in=removed_certification_ids).delete()
    _set_certifications(product, certifications)
    _announce([product.pk])
    return product


@transaction.atomic
def product_submit(*, product: Product, by) -> Product:
    """Draft, rejected or withdrawn → pending review, or published for a trusted seller."""
    target = S.PENDING if listing_needs_review(product.seller) else S.PUBLISHED
    _move(product, target, by=by)
    product.save()
    _announce([product.pk])
    return product


def _reviewed(product: Product, by) -> None:
    product.reviewed_by = by
    product.reviewed_at = timezone.now()


@transaction.atomic
def product_publish(*, product: Product, by) -> Product:
    product = Product.objects.select_for_update().get(pk=product.pk)
    _move(product, S.PUBLISHED, by=by)
    _reviewed(product, by)
    product.save()
    _announce([product.pk])
    return product


@transaction.atomic
def product_reject(*, product: Product, by, reason: str) -> Product:
    reason = (reason or "").strip()
    if not reason:
        raise ValueError("A rejection needs a reason the seller can act on.")
    product = Product.objects.select_for_update().get(pk=product.pk)
    _move(product, S.REJECTED, by=by)
    _reviewed(product, by)
    product.rejection_reason = reason
    product.save()
    _announce([product.pk])
    return product


@transaction.atomic
def product_withdraw(*, product: Product, by) -> Product:
    product = Product.objects.select_for_update().get(pk=product.pk)
    _move(product, S.WITHDRAWN, by=by)
    product.save()
    _announce([product.pk])
    return product


# Translations ------------------------------------------------------------------------
# Review rule for translations: the same as for edits of a published listing, which keep it
# published ("Edits to a published listing keep it published", above). A translation is the
# seller's own wording of text the listing already carries, it is sanitised here and again
# when rendered, and a buyer sees it only where the listing itself is visible (a pending or
# withdrawn listing's translations stay as unseen as the listing). Sending every translation
# to the official would hold back the original listing for wording officials often cannot
# read, with no protection the original's edits do not already get.

TRANSLATED_NAME_MAX = ProductTranslation._meta.get_field("name").max_length


@transaction.atomic
def product_translation_save(
    *, product: Product, by, language: str, name: str, description: str
) -> ProductTranslation:
    """Add or replace the listing's name and description in `language`; all or nothing."""
    validate_translation_language(language)
    name = " ".join((name or "").split())
    errors = {}
    try:
        description = clean_translated_text(description, field="description")
    except ValidationError as error:
        errors.update(error.message_dict)
    if not name:
        errors["name"] = [_("Enter the product's name in this language too.")]
    elif len(name) > TRANSLATED_NAME_MAX:
        errors["name"] = [_("Please keep the name under 200 characters.")]
    if errors:
        raise ValidationError(errors)
    # Lock the listing, as product_update does, so a concurrent edit cannot interleave.
    product = Product.objects.select_for_update().get(pk=product.pk)
    row, _created = ProductTranslation.objects.update_or_create(
        product=product, language=language, defaults={"name": name, "description": description}
    )
    _announce([product.pk])
    return row


@transaction.atomic
def product_translation_delete(*, product: Product, by, language: str) -> bool:
    """Remove a translation; buyers reading that language see the original again, labelled."""
    deleted, _rows = ProductTranslation.objects.filter(product=product, language=language).delete()
    if deleted:
        _announce([product.pk])
    return bool(deleted)


@dataclass(frozen=True)
class ImportRow:
    fields: dict
    tiers: tuple[TierData, ...]


@transaction.atomic
def products_import(*, seller: Seller, by, rows: Sequence[ImportRow]) -> list[int]:
    """Write already-validated CSV rows, all or nothing, and submit them for review.

    Bulk inserts keep a 1,000-row file to a few seconds; the caller validated every row first.
    """
    status = S.PENDING if listing_needs_review(seller) else S.PUBLISHED
    now = timezone.now()
    taken: set[str] = set()
    bases = {slugify(row.fields["name"])[:180] or "product" for row in rows}
    candidates = bases | {f"{base}-{seller.slug}"[:210] for base in bases}
    # One query for the usual slugs; only clashes on both fall back to per-row queries.
    existing = set(Product.objects.filter(slug__in=candidates).values_list("slug", flat=True))
    products = []
    for row in rows:
        product = Product(seller=seller, status=status)
        _apply_fields(product, {"district": seller.district, **row.fields})
        base = slugify(product.name)[:180] or "product"
        free = [
            c for c in (base, f"{base}-{seller.slug}"[:210]) if c not in existing and c not in taken
        ]
        if free:
            product.slug = free[0]
            taken.add(free[0])
        else:
            product.slug = unique_product_slug(product.name, seller, taken)
        prices = [t.unit_price_inr for t in row.tiers]
        product.price_min_inr = min(prices) if prices else None
        product.price_max_inr = max(prices) if prices else None
        if status == S.PUBLISHED:
            product.published_at = now
        products.append(product)
    Product.objects.bulk_create(products, batch_size=200)
    # Some databases don't return primary keys from bulk_create; read them back by slug.
    ids = dict(Product.objects.filter(slug__in=taken).values_list("slug", "pk"))
    PriceTier.objects.bulk_create(
        [
            PriceTier(
                product_id=ids[p.slug], min_quantity=t.min_quantity, unit_price_inr=t.unit_price_inr
            )
            for p, row in zip(products, rows, strict=True)
            for t in row.tiers
        ],
        batch_size=500,
    )
    _announce(ids.values())
    return list(ids.values())
