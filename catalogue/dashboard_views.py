"""Seller dashboard pages for listings: listings, their translations, CSV import.

Every view resolves the signed-in user's business (`sellers.views.seller_view`) and reads
objects only through that business, so another seller's listing is a 404. A signed-in user
without a business sees a page saying so. The business profile, its photos and translations
are in `sellers.views`.
"""

from types import SimpleNamespace

from django.contrib import messages
from django.core.files.base import ContentFile
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from catalogue import selectors, services
from catalogue.forms import (
    CertificationFormSet,
    ExistingPhotoFormSet,
    ImportForm,
    NewPhotoFormSet,
    PriceTierFormSet,
    ProductForm,
    ProductTranslationForm,
    certification_data,
)
from catalogue.importer import COLUMNS, REQUIRED
from catalogue.models import ImportJob, Product
from catalogue.tasks import run_import
from core.uploads import CleanImage
from sellers.views import seller_view, translation_form_items, translation_post

# Listings ----------------------------------------------------------------------------


@seller_view
def listings(request, seller):
    context = {
        "seller": seller,
        "listings": list(selectors.seller_listings(seller)),
        "needs_review": services.listing_needs_review(seller),
    }
    return render(request, "dashboard/listings.html", context)


def _store_document(request, product_name):
    from wagtail.documents import get_document_model

    def store(upload, kind):
        document_model = get_document_model()
        title = f"{product_name} – {kind}"
        if isinstance(upload, CleanImage):
            document = document_model(title=title, uploaded_by_user=request.user)
            document.file.save(upload.filename, ContentFile(upload.data), save=False)
        else:
            document = document_model(title=title, file=upload, uploaded_by_user=request.user)
        document.save()
        return document

    return store


def _existing_photo_initial(product):
    revision = getattr(product, "revision", None)
    removed = set(revision.removed_photo_ids) if revision else set()
    return [
        {
            "photo_id": p.pk,
            "alt_text": p.alt_text,
            "sort_order": p.sort_order,
            "remove": p.pk in removed,
        }
        for p in product.images.all()
    ]


def _certification_initial(product):
    revision = getattr(product, "revision", None)
    if revision is not None and revision.certifications is not None:
        return [
            {"kind": c["kind"], "number": c["number"], "valid_until": c["valid_until"]}
            for c in revision.certifications
        ]
    return [
        {"kind": c.kind, "number": c.number, "valid_until": c.valid_until}
        for c in product.certifications.all()
    ]


@seller_view
@require_http_methods(["GET", "POST"])
def listing_edit(request, seller, pk=None):
    product = selectors.seller_listing(seller=seller, pk=pk) if pk else None
    data = request.POST if request.method == "POST" else None
    files = request.FILES if request.method == "POST" else None
    # The form shows a pending edit's values, so saving again keeps what waits for review.
    shown = services.revision_overlay(product) if product else None
    form, tiers, new_photos, existing, certs = _listing_forms(seller, shown, data, files)
    forms_valid = (
        all([f.is_valid() for f in (form, tiers, new_photos, existing, certs)])
        if data is not None
        else False
    )
    if forms_valid:
        product = _save_listing(
            request, seller, product, (form, tiers, new_photos, existing, certs)
        )
        messages.success(request, _status_message(product))
        return redirect("catalogue:dashboard_listings")
    context = _listing_context(seller, product, (form, tiers, new_photos, existing, certs))
    return render(request, "dashboard/listing_form.html", context, status=400 if data else 200)


def _save_listing(request, seller, product, forms):
    """Create or update the listing from valid forms (one transaction, documents included)."""
    form, tiers, new_photos, existing, certs = forms
    keep, remove = certification_data(
        certs, store_document=_store_document(request, form.cleaned_data["name"])
    )
    if product is None:
        with transaction.atomic():
            return services.product_create(
                seller=seller,
                by=request.user,
                fields=_listing_fields(request, form),
                tiers=tiers.tiers(),
                photos=new_photos.photos(),
                certifications=keep,
                submit="save_draft" not in request.POST,
            )
    photos_by_id = {p.pk: p for p in product.images.all()}
    changes = []
    for f in existing.forms:
        photo = photos_by_id.get(f.cleaned_data["photo_id"])
        if photo is None:
            raise Http404("No such photo")
        data = f.cleaned_data
        changes.append((photo, data["alt_text"], data["sort_order"], data["remove"]))
    with transaction.atomic():
        return services.product_update(
            product=product,
            by=request.user,
            fields=_listing_fields(request, form),
            tiers=tiers.tiers(),
            photos=new_photos.photos(),
            photo_changes=changes,
            certifications=keep,
            removed_certification_ids=list(
                product.certifications.filter(kind__in=remove).values_list("pk", flat=True)
            ),
        )


def _listing_fields(request, form) -> dict:
    """The service fields, with an uploaded GI authorised-user certificate stored."""
    fields = form.service_fields()
    upload = form.cleaned_data.get("gi_au_certificate_file")
    if upload and fields.get("gi_authorised_user"):
        store = _store_document(request, form.cleaned_data["name"])
        fields["gi_au_certificate"] = store(upload, "GI authorised user")
    return fields


def _listing_forms(seller, product, data=None, files=None):
    """The listing form and its formsets: bound to `data`, or showing the saved listing."""
    form = ProductForm(data, files, instance=product, seller=seller)
    tiers = PriceTierFormSet(
        data,
        prefix="tiers",
        initial=[
            {"min_quantity": t.min_quantity, "unit_price_inr": t.unit_price_inr}
            for t in (product.price_tiers.all() if product else [])
        ],
    )
    new_photos = NewPhotoFormSet(data, files, prefix="photos")
    existing = ExistingPhotoFormSet(
        data, prefix="existing", initial=_existing_photo_initial(product) if product else []
    )
    certs = CertificationFormSet(
        data, files, prefix="certs", initial=_certification_initial(product) if product else []
    )
    return form, tiers, new_photos, existing, certs


def _listing_context(seller, product, forms, translation_form=None) -> dict:
    form, tiers, new_photos, existing, certs = forms
    return {
        "seller": seller,
        "product": product,
        "form": form,
        "tiers": tiers,
        "new_photos": new_photos,
        "existing": existing,
        "existing_photos": {p.pk: p for p in product.images.all()} if product else {},
        "certs": certs,
        "needs_review": services.listing_needs_review(seller),
        # A new listing gets translations once it is saved (they belong to a listing row).
        "translations": _product_translation_forms(product, translation_form) if product else [],
    }


def _product_translation_forms(product, bound=None) -> list[dict]:
    """Reads `product.translations.all()`, prefetched by selectors.seller_listing (no query)."""
    pending = {
        code: SimpleNamespace(**text)
        for code, text in services.pending_translations(product).items()
    }
    return translation_form_items(
        product.translations.all(),
        bound,
        lambda row, code: ProductTranslationForm(
            initial={"name": row.name, "description": row.description} if row else {},
            language=code,
        ),
        pending,
    )


@seller_view
@require_POST
def listing_translation(request, seller, pk):
    """Save or (with "remove") delete the listing's name and description in one language.

    On a published listing under review rules the text waits in the listing's revision: see
    catalogue.services (a translation follows the rule for edits)."""
    product = selectors.seller_listing(seller=seller, pk=pk)
    done, form, chosen = translation_post(
        request,
        ProductTranslationForm,
        save=lambda data: services.product_translation_save(
            product=product,
            by=request.user,
            language=data["language"],
            name=data["name"],
            description=data["description"],
        ),
        delete=lambda language: services.product_translation_delete(
            product=product, by=request.user, language=language
        ),
        done_url=reverse("catalogue:dashboard_listing_edit", args=[product.pk]) + "#translations",
    )
    if done:
        return done
    context = _listing_context(
        seller, product, _listing_forms(seller, product), form if chosen else None
    )
    context["translation_errors"] = None if chosen else form.non_field_errors()
    return render(request, "dashboard/listing_form.html", context, status=400)


def _status_message(product):
    if services.has_pending_revision(product):
        return _(
            "Saved. Your changes to “%(name)s” wait for the district official's review; "
            "buyers see the published version until then."
        ) % {"name": product.name}
    if product.status == Product.Status.PENDING:
        return _("Saved. “%(name)s” is waiting for the district official's review.") % {
            "name": product.name
        }
    if product.status == Product.Status.PUBLISHED:
        return _("Saved. “%(name)s” is published.") % {"name": product.name}
    return _("Saved as a draft.")


@seller_view
@require_POST
def listing_withdraw(request, seller, pk):
    product = selectors.seller_listing(seller=seller, pk=pk)
    try:
        services.product_withdraw(product=product, by=request.user)
    except services.InvalidTransition:
        messages.error(request, _("This listing is already withdrawn."))
    else:
        messages.success(
            request, _("“%(name)s” is withdrawn: buyers no longer see it.") % {"name": product.name}
        )
    return redirect("catalogue:dashboard_listings")


@seller_view
@require_POST
def listing_submit(request, seller, pk):
    product = selectors.seller_listing(seller=seller, pk=pk)
    try:
        services.product_submit(product=product, by=request.user)
    except services.InvalidTransition:
        messages.error(request, _("This listing is already submitted or published."))
    else:
        messages.success(request, _status_message(product))
    return redirect("catalogue:dashboard_listings")


# CSV import --------------------------------------------------------------------------


@seller_view
@require_http_methods(["GET", "POST"])
def listing_import(request, seller):
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        filename, text = form.cleaned_data["file"]
        job = ImportJob.objects.create(
            seller=seller, created_by=request.user, filename=filename[:255], content=text
        )
        # Enqueued after the job row is committed (no transaction is open here), so a worker
        # in another process finds it; the test backend runs it right here.
        run_import.enqueue(job.pk)
        return redirect("catalogue:dashboard_import_job", pk=job.pk)
    context = {
        "seller": seller,
        "form": form,
        "columns": COLUMNS,
        "required": REQUIRED,
        "jobs": list(ImportJob.objects.filter(seller=seller).defer("content")[:5]),
    }
    return render(request, "dashboard/import.html", context, status=400 if form.errors else 200)


@seller_view
def listing_import_job(request, seller, pk):
    job = selectors.seller_import_job(seller=seller, pk=pk)
    template = (
        "dashboard/includes/import_progress.html" if request.htmx else "dashboard/import_job.html"
    )
    return render(request, template, {"seller": seller, "job": job})
