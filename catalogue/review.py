"""What the official sees of a listing under review beyond its public facts: the before and
after of a pending edit (ProductRevision) and the GI claim checked against the registry.

A fixed number of queries: one per kind of id a revision names (categories, GI products,
documents, images), whatever the number of changes.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from catalogue.gi import validate_au_number
from catalogue.models import Category, Certification, GIProduct, Product

FIELD_LABELS = {
    "name": _("Name"),
    "description": _("Description"),
    "category_id": _("Category"),
    "gi_id": _("Geographical Indication (GI)"),
    "gi_authorised_user": _("GI authorised user claimed"),
    "gi_au_number": _("Authorised user registration number"),
    "gi_au_certificate_id": _("Authorised user certificate"),
}


@dataclass(frozen=True)
class Change:
    field: str
    label: str
    before: object
    after: object


def _named(model, ids) -> dict:
    ids = {i for i in ids if i}
    return {obj.pk: obj for obj in model.objects.filter(pk__in=ids)} if ids else {}


def _display(field: str, value, lookups: dict):
    if field in lookups:
        return lookups[field].get(value)
    if field == "gi_authorised_user":
        return _("yes") if value else _("no")
    return value


def revision_changes(product: Product) -> list[Change]:
    revision = getattr(product, "revision", None)
    if revision is None:
        return []
    fields = revision.fields
    current = {name: getattr(product, name) for name in fields}
    both = [*fields.values(), *current.values()]
    lookups = {
        "category_id": _named(Category, [v for v in both if isinstance(v, int)]),
        "gi_id": _named(GIProduct, [v for v in both if isinstance(v, int)]),
        "gi_au_certificate_id": _named(
            get_document_model(), [v for v in both if isinstance(v, int)]
        ),
    }
    return [
        Change(
            field=name,
            label=FIELD_LABELS.get(name, name),
            before=_display(name, current[name], lookups),
            after=_display(name, value, lookups),
        )
        for name, value in fields.items()
    ]


def _certificate_rows(revision) -> list[dict] | None:
    if revision is None or revision.certifications is None:
        return None
    documents = _named(
        get_document_model(), [c.get("document_id") for c in revision.certifications]
    )
    kinds = dict(Certification.Kind.choices)
    return [
        {**c, "label": kinds.get(c["kind"], c["kind"]), "document": documents.get(c["document_id"])}
        for c in revision.certifications
    ]


def gi_claim_check(product: Product) -> str:
    """ "" when the claim's number fits the GI named, else the reason it does not."""
    if not (product.gi_authorised_user and product.gi_id):
        return ""
    if not product.gi_au_number:
        return str(_("No registration number given."))
    try:
        validate_au_number(product.gi_au_number, product.gi)
    except ValidationError as error:
        return error.messages[0]
    return ""


@dataclass(frozen=True)
class TranslationChange:
    language: str
    language_name: str
    before: object  # the published ProductTranslation, or None
    after: dict  # {"name", "description"}


def translation_changes(product: Product) -> list[TranslationChange]:
    """Translations waiting in the revision beside what buyers read now (prefetched rows)."""
    revision = getattr(product, "revision", None)
    if revision is None or not revision.translations:
        return []
    published = {row.language: row for row in product.translations.all()}
    names = dict(settings.LANGUAGES)
    return [
        TranslationChange(code, names.get(code, code), published.get(code), text)
        for code, text in sorted(revision.translations.items())
    ]


def listing_review_facts(product: Product) -> dict:
    revision = getattr(product, "revision", None)
    new_ids = [p["image_id"] for p in revision.new_photos] if revision else []
    images = _named(get_image_model(), new_ids)
    removed = set(revision.removed_photo_ids) if revision else set()
    return {
        "revision": revision,
        "changes": revision_changes(product),
        "translation_changes": translation_changes(product),
        "new_photos": [
            {"image": images[p["image_id"]], "alt_text": p["alt_text"]}
            for p in (revision.new_photos if revision else [])
            if p["image_id"] in images
        ],
        "removed_photos": [p for p in product.images.all() if p.pk in removed],
        "proposed_certifications": _certificate_rows(revision),
        "gi_problem": gi_claim_check(product),
        "tiers": list(product.price_tiers.all()),
        "certifications": list(product.certifications.all()),
    }
