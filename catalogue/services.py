"""Writes to the catalogue: listings, their photos, price tiers, certifications and review.

Review rule (documented in the seller dashboard): a listing goes to the district official of
the seller's district ("pending") unless the official has marked the seller as trusted
(`Seller.trusted_at`, set from the review page) and the seller is approved. A trusted seller's
submitted listings publish directly. A listing's district is always its seller's, so it is
reviewed where the seller is.

Material edits of a published listing (MATERIAL_FIELDS, photos added or removed,
certificates, translations), by any seller, trusted or not, go into a `ProductRevision`:
trust speeds up new listings, but what buyers already see never changes unreviewed (a
published listing renamed "Counterfeit branded handbags" stayed public under a trusted
account: issue 18). The
listing row keeps the approved version, which pages, search and the API go on serving, until the
official publishes the revision (`product_publish` applies it) or sends it back. Other
edits (prices, MOQ, lead time, HS code, materials, photo captions) apply at once.

A GI claim (gi, gi_authorised_user, the registration number and certificate) is checked by
an official (`product_verify_gi_claim`); any change to it clears the check.

Status changes go through `_move`, which holds the one table of allowed transitions.
Every function here runs in one transaction; listeners (search) hear `product_changed` after
the commit.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Min
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from catalogue.gi import validate_au_number
from catalogue.html import clean_html
from catalogue.models import (
    Category,
    Certification,
    GIProduct,
    PriceTier,
    Product,
    ProductImage,
    ProductRevision,
    ProductTranslation,
)
from catalogue.signals import listing_reviewed, product_changed
from core.uploads import CleanImage, save_wagtail_image
from sellers.models import Seller
from sellers.services import ReviewRefused, check_not_own_business, clean_translated_text
from sellers.signals import seller_moved
from sellers.validators import validate_translation_language

S = Product.Status

TRANSITIONS: dict[str, set[str]] = {
    S.DRAFT: {S.PENDING, S.PUBLISHED, S.WITHDRAWN},
    S.PENDING: {S.PUBLISHED, S.REJECTED, S.WITHDRAWN},
    S.PUBLISHED: {S.WITHDRAWN, S.REJECTED},  # REJECTED: taken down (product_take_down)
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
    "gi_au_number",
    "gi_au_certificate",
    "description",
    "materials",
    "moq",
    "unit",
    "lead_time_days",
    "monthly_capacity",
    "sample_available",
    "sample_price_inr",
)


# Edits of these on a published listing wait for the official (attribute names on the row).
MATERIAL_FIELDS = (
    "name",
    "description",
    "category_id",
    "gi_id",
    "gi_authorised_user",
    "gi_au_number",
    "gi_au_certificate_id",
)
GI_CLAIM_FIELDS = ("gi_id", "gi_authorised_user", "gi_au_number", "gi_au_certificate_id")
UNVERIFIED = Seller.Verification.UNVERIFIED


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
    """Copy the allowed fields onto the row. The district is never taken from `fields`: a
    listing's district is its seller's (it is reviewed by that district's officials)."""
    for key, value in fields.items():
        if key.removesuffix("_id") == "district":
            continue
        if key in PRODUCT_FIELDS or key.removesuffix("_id") in PRODUCT_FIELDS:
            setattr(product, key, value)
    product.district_id = product.seller.district_id
    product.description = clean_html(product.description)
    if product.gi_au_number:
        product.gi_au_number = validate_au_number(product.gi_au_number, product.gi)
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


def _material(product: Product) -> dict:
    return {name: getattr(product, name) for name in MATERIAL_FIELDS}


def _certification_state(product: Product) -> list[dict]:
    return sorted(
        (
            {
                "kind": c.kind,
                "number": c.number,
                "valid_until": c.valid_until.isoformat() if c.valid_until else None,
                "document_id": c.document_id,
            }
            for c in Certification.objects.filter(product=product)
        ),
        key=lambda c: c["kind"],
    )


def _proposed_certifications(current, certifications, removed_ids, product) -> list[dict]:
    removed_kinds = set(
        Certification.objects.filter(product=product, pk__in=removed_ids).values_list(
            "kind", flat=True
        )
    )
    by_kind = {c["kind"]: dict(c) for c in current if c["kind"] not in removed_kinds}
    for cert in certifications:
        row = by_kind.setdefault(cert.kind, {"kind": cert.kind, "document_id": None})
        row["number"] = cert.number
        row["valid_until"] = cert.valid_until.isoformat() if cert.valid_until else None
        if cert.document is not None:
            row["document_id"] = cert.document.pk
    return sorted(by_kind.values(), key=lambda c: c["kind"])


def _reset_gi_check_if_changed(product: Product, before: dict) -> None:
    if any(getattr(product, name) != before[name] for name in GI_CLAIM_FIELDS):
        product.gi_au_status = UNVERIFIED
        product.gi_au_checked_at = None
        product.gi_au_checked_by = None


def has_pending_revision(product: Product) -> bool:
    return ProductRevision.objects.filter(
        product=product, status=ProductRevision.Status.PENDING
    ).exists()


def edits_need_review(product: Product) -> bool:
    """Material edits of this listing wait for the official, whoever the seller is (see the
    module docstring)."""
    return product.status == S.PUBLISHED


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
    """Edit a listing. photo_changes: (photo, alt_text, sort_order, delete) for existing photos.

    For a published listing (of any seller, trusted or not), the material part of the edit is
    stored as the listing's revision (replacing the fields of an earlier one) and the row
    keeps the approved version; the rest applies at once."""
    product = Product.objects.select_for_update().select_related("seller").get(pk=product.pk)
    review = edits_need_review(product)
    approved = _material(product)
    _apply_fields(product, fields)
    if review:
        proposed = _material(product)
        for name, value in approved.items():
            setattr(product, name, value)  # the row keeps the approved version
    else:
        _reset_gi_check_if_changed(product, approved)
    product.save()
    removed_photo_ids = []
    for photo, alt_text, sort_order, delete in photo_changes:
        if photo.product_id != product.pk:
            raise ValueError("Photo of another listing")
        if delete and review:
            removed_photo_ids.append(photo.pk)
        elif delete:
            image = photo.image
            photo.delete()
            image.delete()
        else:
            photo.alt_text, photo.sort_order = alt_text, sort_order
            photo.save(update_fields=["alt_text", "sort_order"])
    if tiers is not None:
        _set_tiers(product, tiers)
    if review:
        current_certs = _certification_state(product)
        certs = _proposed_certifications(
            current_certs, certifications, removed_certification_ids, product
        )
        _revision_save(
            product,
            by=by,
            fields={k: v for k, v in proposed.items() if v != _comparable(approved, k)},
            new_photos=[_store_photo(photo, product, by) for photo in photos],
            removed_photo_ids=removed_photo_ids,
            certifications=None if certs == current_certs else certs,
        )
    else:
        _add_photos(product, photos, by)
        Certification.objects.filter(product=product, pk__in=removed_certification_ids).delete()
        _set_certifications(product, certifications)
    _announce([product.pk])
    return product


def _comparable(approved: dict, name: str):
    """The approved value as an edit would leave it: a description saved before cleaning
    (demo data, older rows) is compared cleaned, so an untouched one is no change."""
    value = approved[name]
    return clean_html(value) if name == "description" else value


def _store_photo(photo: PhotoData, product: Product, by) -> dict:
    image = save_wagtail_image(photo.image, title=photo.alt_text or product.name, user=by)
    return {"image_id": image.pk, "alt_text": photo.alt_text}


def _revision_save(product, *, by, fields, new_photos, removed_photo_ids, certifications):
    """Record (or replace) the listing's pending revision; no material change deletes it.

    The form shows the revision's values, so `fields` is the whole proposal; photos added
    in earlier edits are kept."""
    revision = ProductRevision.objects.filter(product=product).first()
    kept_photos = revision.new_photos if revision else []
    kept_translations = revision.translations if revision else {}
    if not (
        fields
        or new_photos
        or kept_photos
        or removed_photo_ids
        or certifications
        or kept_translations
    ):
        if revision:
            revision.delete()
        return None
    revision = revision or ProductRevision(product=product)
    revision.fields = fields
    revision.new_photos = kept_photos + new_photos
    revision.removed_photo_ids = removed_photo_ids
    revision.certifications = certifications
    revision.status = ProductRevision.Status.PENDING
    revision.reason = ""
    revision.submitted_by = by
    revision.save()
    return revision


def revision_overlay(product: Product) -> Product:
    """A copy of the listing with its pending revision's fields applied (never saved): what
    the seller's edit form and the official's "after" column show."""
    revision = getattr(product, "revision", None)
    if revision is None:
        return product
    clone = copy.copy(product)
    clone._state = copy.copy(product._state)
    # Its own cache of related rows: setting category_id below drops the stale category
    # from the clone's cache only.
    clone._state.fields_cache = dict(product._state.fields_cache)
    for name, value in revision.fields.items():
        setattr(clone, name, value)
    return clone


# Foreign keys a revision may name that can vanish before the official approves it (an
# image or document deleted in the admin, a category merged away): what is gone is left out
# and named in the result, never an IntegrityError at publish time.
_REVISION_FOREIGN_KEYS = {
    "category_id": (lambda: Category, _lazy("category")),
    "gi_id": (lambda: GIProduct, _lazy("GI")),
    "gi_au_certificate_id": (get_document_model, _lazy("GI authorised-user certificate")),
}


def _existing(model, ids) -> set[int]:
    ids = {i for i in ids if i}
    if not ids:
        return set()
    return set(model.objects.filter(pk__in=ids).values_list("pk", flat=True))


def _apply_revision(product: Product, revision: ProductRevision, by) -> list[str]:
    """Apply the revision to the listing; returns what it named that no longer exists
    (left out, in words for the official and the seller)."""
    dropped: list[str] = []
    before = _material(product)
    for name, value in revision.fields.items():
        if name in _REVISION_FOREIGN_KEYS and value:
            model, label = _REVISION_FOREIGN_KEYS[name]
            if value not in _existing(model(), [value]):
                dropped.append(_("the new %(thing)s (it was deleted)") % {"thing": label})
                continue
        setattr(product, name, value)
    product.district_id = product.seller.district_id
    _reset_gi_check_if_changed(product, before)
    for photo in ProductImage.objects.filter(product=product, pk__in=revision.removed_photo_ids):
        image = photo.image
        photo.delete()
        image.delete()
    images = _existing(get_image_model(), [p["image_id"] for p in revision.new_photos])
    for photo in revision.new_photos:
        if photo["image_id"] not in images:
            dropped.append(_("the photo “%(alt)s” (it was deleted)") % {"alt": photo["alt_text"]})
    last = product.images.aggregate(m=Max("sort_order"))["m"] or 0
    ProductImage.objects.bulk_create(
        ProductImage(
            product=product,
            image_id=photo["image_id"],
            alt_text=photo["alt_text"],
            sort_order=last + offset,
        )
        for offset, photo in enumerate(
            (p for p in revision.new_photos if p["image_id"] in images), start=1
        )
    )
    if revision.certifications is not None:
        documents = _existing(
            get_document_model(), [c.get("document_id") for c in revision.certifications]
        )
        kinds = dict(Certification.Kind.choices)
        for c in revision.certifications:
            if c.get("document_id") and c["document_id"] not in documents:
                dropped.append(
                    _("the document of the %(kind)s certificate (it was deleted)")
                    % {"kind": kinds.get(c["kind"], c["kind"])}
                )
        Certification.objects.filter(product=product).delete()
        Certification.objects.bulk_create(
            Certification(
                product=product,
                kind=c["kind"],
                number=c["number"] or "",
                valid_until=c["valid_until"],
                document_id=c["document_id"] if c.get("document_id") in documents else None,
            )
            for c in revision.certifications
        )
    _apply_translations(product, revision.translations)
    revision.delete()
    return dropped


def _apply_translations(product: Product, translations: dict) -> None:
    """{"fr": {"name", "description"}} replaces that language's text; None removes it."""
    for language, text in (translations or {}).items():
        if text is None:
            ProductTranslation.objects.filter(product=product, language=language).delete()
        else:
            ProductTranslation.objects.update_or_create(
                product=product,
                language=language,
                defaults={
                    "name": text["name"],
                    "description": text["description"],
                    "machine_aided": False,
                },
            )


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


def _pending_revision(product: Product) -> ProductRevision | None:
    return ProductRevision.objects.filter(
        product=product, status=ProductRevision.Status.PENDING
    ).first()


@transaction.atomic
def product_publish(*, product: Product, by) -> Product:
    """Publish a pending listing, or a published one's pending revision (applied here)."""
    product = Product.objects.select_for_update().select_related("seller").get(pk=product.pk)
    check_not_own_business(seller_id=product.seller_id, by=by)
    revision = _pending_revision(product)
    dropped: list[str] = []
    if revision is not None and product.status == S.PUBLISHED:
        dropped = _apply_revision(product, revision, by)
    else:
        _move(product, S.PUBLISHED, by=by)
        if revision is not None:
            dropped = _apply_revision(product, revision, by)
    _reviewed(product, by)
    product.save()
    # Read by the review view and the seller's notice: what the edit named that was gone.
    product.dropped_on_publish = dropped
    listing_reviewed.send(
        sender=Product, product=product, decision="published", reason="", dropped=dropped
    )
    _announce([product.pk])
    return product


@transaction.atomic
def product_reject(*, product: Product, by, reason: str) -> Product:
    """Send a pending listing (or a published one's revision) back with a reason; a
    published listing stays public in its approved version."""
    reason = (reason or "").strip()
    if not reason:
        raise ValueError(_("Tell the seller what to change."))
    product = Product.objects.select_for_update().select_related("seller").get(pk=product.pk)
    check_not_own_business(seller_id=product.seller_id, by=by)
    revision = _pending_revision(product)
    if product.status == S.PUBLISHED and revision is None:
        # Nothing waits for review: taking a published listing off the site is its own,
        # deliberate step (product_take_down), never a stale "send back" form.
        raise InvalidTransition("A published listing without a pending edit is not in review.")
    if revision is not None and product.status == S.PUBLISHED:
        _send_back_revision(revision, reason)
    else:
        _move(product, S.REJECTED, by=by)
        product.rejection_reason = reason
    return _decided(product, by=by, decision="sent_back", reason=reason)


def _send_back_revision(revision: ProductRevision, reason: str) -> None:
    revision.status = ProductRevision.Status.SENT_BACK
    revision.reason = reason
    revision.save(update_fields=["status", "reason", "updated_at"])


def _decided(product: Product, *, by, decision: str, reason: str) -> Product:
    """Record a reviewer's decision: who and when, the seller's notice, the index."""
    _reviewed(product, by)
    product.save()
    listing_reviewed.send(sender=Product, product=product, decision=decision, reason=reason)
    _announce([product.pk])
    return product


@transaction.atomic
def product_take_down(*, product: Product, by, reason: str) -> Product:
    """A reviewer takes a published listing off the site (a counterfeit, a complaint, a
    listing that slipped through): it goes back to the seller with the reason, out of pages,
    search and the API at once; the seller may fix it and submit it again. An edit waiting
    for review is sent back with it."""
    reason = (reason or "").strip()
    if not reason:
        raise ValueError(_("Tell the seller why the listing was taken down."))
    product = Product.objects.select_for_update().select_related("seller").get(pk=product.pk)
    check_not_own_business(seller_id=product.seller_id, by=by)
    if product.status != S.PUBLISHED:
        raise InvalidTransition(f"A {product.status} listing is not on the site.")
    revision = _pending_revision(product)
    if revision is not None:
        _send_back_revision(revision, reason)
    _move(product, S.REJECTED, by=by)
    product.rejection_reason = reason
    return _decided(product, by=by, decision="taken_down", reason=reason)


@transaction.atomic
def product_verify_gi_claim(*, product: Product, by, verified: bool) -> Product:
    """Record the official's check of the GI claim against the registry (who and when: the
    badge shows the date). Refused, with a reason, when there is nothing complete to check."""
    product = (
        Product.objects.select_for_update(of=("self",))
        .select_related("seller", "gi")
        .get(pk=product.pk)
    )
    check_not_own_business(seller_id=product.seller_id, by=by)
    if not (product.gi_id and product.gi_authorised_user):
        raise ReviewRefused(_("This listing claims no GI authorised-user registration."))
    if verified:
        if not (product.gi_au_number and product.gi_au_certificate_id):
            raise ReviewRefused(
                _("A GI claim is verified only with its registration number and certificate.")
            )
        try:
            validate_au_number(product.gi_au_number, product.gi)
        except ValidationError as error:
            raise ReviewRefused(error.messages[0]) from error
    product.gi_au_status = (
        Seller.Verification.VERIFIED if verified else Seller.Verification.REJECTED
    )
    product.gi_au_checked_at = timezone.now()
    product.gi_au_checked_by = by
    product.save(update_fields=["gi_au_status", "gi_au_checked_at", "gi_au_checked_by"])
    decision = "gi_verified" if verified else "gi_not_valid"
    listing_reviewed.send(sender=Product, product=product, decision=decision, reason="")
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
# Review rule for translations: the rule for material edits. On a published listing of a
# seller who is not trusted, a new or changed translation waits in the listing's revision
# (`ProductRevision.translations`) and the approved translation stays what buyers read until
# the official publishes the revision; otherwise it applies at once (a draft or pending
# listing is reviewed whole before anyone sees it). Removing a translation needs no review:
# buyers then read the approved original, labelled with its language.

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
    product = Product.objects.select_for_update().select_related("seller").get(pk=product.pk)
    if edits_need_review(product):
        return _translation_to_revision(product, by, language, name, description)
    row, _created = ProductTranslation.objects.update_or_create(
        product=product,
        language=language,
        defaults={"name": name, "description": description, "machine_aided": False},
    )
    _announce([product.pk])
    return row


def _translation_to_revision(product, by, language, name, description) -> ProductTranslation:
    """A published listing's translation waits in its revision like a renamed original
    (a translated name is as visible as the name); the approved row stays public. Returns
    the approved row (or an unsaved one), marked `waits_for_review`."""
    approved = ProductTranslation.objects.filter(product=product, language=language).first()
    revision = ProductRevision.objects.filter(product=product).first()
    pending = dict(revision.translations) if revision else {}
    if approved and (approved.name, approved.description) == (name, description):
        pending.pop(language, None)  # back to the approved text: nothing waits for it
    else:
        pending[language] = {"name": name, "description": description}
    _revision_set_translations(product, revision, pending, by)
    row = approved or ProductTranslation(product=product, language=language)
    row.waits_for_review = language in pending
    return row


def _revision_set_translations(product, revision, pending: dict, by) -> None:
    if revision is None:
        if not pending:
            return
        revision = ProductRevision(product=product)
    revision.translations = pending
    if not (
        revision.fields
        or revision.new_photos
        or revision.removed_photo_ids
        or revision.certifications is not None
        or pending
    ):
        if revision.pk:
            revision.delete()
        return
    revision.status = ProductRevision.Status.PENDING
    revision.reason = ""
    revision.submitted_by = by
    revision.save()


def pending_translations(product: Product) -> dict:
    """{"fr": {"name", "description"}} waiting in the listing's revision (for its forms)."""
    revision = getattr(product, "revision", None)
    return dict(revision.translations) if revision is not None else {}


@transaction.atomic
def product_translation_delete(*, product: Product, by, language: str) -> bool:
    """Remove a translation; buyers reading that language see the original again, labelled.
    Removing shows buyers only the approved original, so it needs no review; a version of
    that language waiting in the revision goes too."""
    product = Product.objects.select_for_update().get(pk=product.pk)
    revision = ProductRevision.objects.filter(product=product).first()
    waited = bool(revision and language in revision.translations)
    if waited:
        pending = dict(revision.translations)
        pending.pop(language)
        _revision_set_translations(product, revision, pending, by)
    deleted, _rows = ProductTranslation.objects.filter(product=product, language=language).delete()
    if deleted:
        _announce([product.pk])
    return bool(deleted) or waited


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
        _apply_fields(product, row.fields)
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


# The business profile -----------------------------------------------------------------


def listings_follow_seller(*, seller: Seller) -> list[int]:
    """Keep every listing in the seller's district: a move takes the listings along, to the
    new district's officials. Returns the ids of the listings moved.

    Called, through `sellers.signals.seller_moved` (connected in CatalogueConfig.ready),
    inside the transaction of the profile edit that changed the district."""
    moved = list(
        Product.objects.filter(seller=seller)
        .exclude(district_id=seller.district_id)
        .values_list("pk", flat=True)
    )
    if moved:
        Product.objects.filter(pk__in=moved).update(district_id=seller.district_id)
        _announce(moved)
    return moved


def _on_seller_moved(sender, *, seller: Seller, **kwargs) -> None:
    listings_follow_seller(seller=seller)


def connect() -> None:
    """Listen to the sellers layer (called once, from CatalogueConfig.ready)."""
    seller_moved.connect(_on_seller_moved, dispatch_uid="catalogue-listings-follow-seller")
