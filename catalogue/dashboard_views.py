"""Seller dashboard pages: profile, photos, listings, translations, CSV import.

Every view resolves the signed-in user's business through SellerMembership and reads objects
only through that business, so another seller's listing is a 404. A signed-in user without a
business sees a page saying so (and, on the profile page, the form to register one).
"""

from functools import wraps
from types import SimpleNamespace

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
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
    SellerPhotoForm,
    certification_data,
)
from catalogue.importer import COLUMNS, REQUIRED
from catalogue.models import ImportJob, Product
from catalogue.tasks import run_import
from catalogue.uploads import CleanImage, save_wagtail_image
from sellers import services as seller_services
from sellers.forms import SellerProfileForm, SellerTranslationForm
from sellers.models import SellerPhoto
from sellers.selectors import seller_for_user, user_is_seller_owner
from sellers.validators import translation_languages


def seller_view(view):
    """Login required; passes the user's Seller, or shows the 'no business' page (403)."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        seller = seller_for_user(request.user)
        if seller is None:
            return render(request, "dashboard/no_seller.html", status=403)
        return view(request, seller, *args, **kwargs)

    return wrapper


# Profile -----------------------------------------------------------------------------


def owner_only(view):
    """Only the business's owners change its profile, photos and story (staff get 403)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        seller = seller_for_user(request.user)
        if request.method == "POST" and seller and not user_is_seller_owner(request.user, seller):
            return render(request, "dashboard/no_seller.html", {"member_of": seller}, status=403)
        return view(request, *args, **kwargs)

    return wrapper


@login_required
@owner_only
@require_http_methods(["GET", "POST"])
def profile(request):
    seller = seller_for_user(request.user)
    form = SellerProfileForm(
        request.POST or None, instance=seller, initial=signup_initial(request.user, seller)
    )
    if request.method == "POST" and form.is_valid():
        try:
            message = _save_profile(request, seller, form.cleaned_data)
        except ValidationError as error:
            form.add_error("gstin" if "gstin" in str(error.code or "") else None, error)
        else:
            messages.success(request, message)
            return redirect("catalogue:dashboard_profile")
    return render(request, "dashboard/profile.html", _profile_context(seller, form, request))


def signup_initial(user, seller) -> dict:
    """A new business starts from the district its owner typed when signing up."""
    district = user.signup_district if seller is None else None
    return {"district": district, "state": district.state_id} if district else {}


def _save_profile(request, seller, data) -> str:
    if seller is None:
        seller_services.seller_create(owner=request.user, fields=data)
        return _("Your business is registered. The district official will review it.")
    was_approved = seller.status == seller.Status.APPROVED
    seller = services.seller_profile_save(seller=seller, by=request.user, fields=data)
    if was_approved and seller.status != seller.Status.APPROVED:
        return _(
            "Profile saved. A new name, district or GSTIN is checked by the district official: "
            "your page and listings are hidden from buyers until they approve it."
        )
    return _("Profile saved.")


def _profile_context(seller, form, request=None, *, photo_form=None, translation_form=None) -> dict:
    return {
        "form": form,
        "seller": seller,
        "is_owner": seller is None or user_is_seller_owner(request.user, seller),
        "photo_form": photo_form or SellerPhotoForm(),
        "photos": list(seller.photos.select_related("image")) if seller else [],
        "translations": _seller_translation_forms(seller, translation_form) if seller else [],
    }


def _translation_forms(rows, bound, make_form, pending=None) -> list[dict]:
    """One form per language other than the original; `bound` replaces its language's.
    `make_form(row, code)` builds the unbound form from the saved row (None if none), or
    from the text waiting for review in `pending` ({code: row-like}) when there is one."""
    by_language = {row.language: row for row in rows}
    pending = pending or {}
    items = []
    for code, name in translation_languages():
        row = by_language.get(code)
        shown = pending.get(code, row)
        form = bound if bound is not None and bound.language == code else make_form(shown, code)
        items.append(
            {
                "language": code,
                "language_name": name,
                "form": form,
                "exists": row or pending.get(code),
                "waiting": code in pending,
            }
        )
    return items


def _seller_translation_forms(seller, bound=None) -> list[dict]:
    return _translation_forms(
        seller.translations.all(),
        bound,
        lambda row, code: SellerTranslationForm(
            initial={"story": row.story} if row else {}, language=code
        ),
    )


@seller_view
@owner_only
@require_POST
def profile_photo_add(request, seller):
    form = SellerPhotoForm(request.POST, request.FILES)
    if form.is_valid():
        with transaction.atomic():
            image = save_wagtail_image(
                form.cleaned_data["photo"], title=form.cleaned_data["alt_text"], user=request.user
            )
            seller_services.seller_add_photo(
                seller=seller, image=image, alt_text=form.cleaned_data["alt_text"]
            )
        messages.success(request, _("Photo added."))
        return redirect("catalogue:dashboard_profile")
    context = _profile_context(seller, SellerProfileForm(instance=seller), request, photo_form=form)
    return render(request, "dashboard/profile.html", context, status=400)


@seller_view
@owner_only
@require_POST
def profile_photo_remove(request, seller, pk):
    photo = get_object_or_404(SellerPhoto, pk=pk, seller=seller)
    seller_services.seller_remove_photo(photo=photo)
    messages.success(request, _("Photo removed."))
    return redirect("catalogue:dashboard_profile")


def _translation_language(request) -> tuple[str, str] | None:
    """The posted language as (code, name) when it is one a seller may translate into."""
    code = request.POST.get("language", "")
    name = dict(translation_languages()).get(code)
    return (code, name) if name else None


def _translation_post(request, form_class, *, save, delete, done_url):
    """The save/remove flow shared by the listing's and the profile's Translations sections.

    Returns (redirect, form, chosen): a redirect when the change is done, else None with the
    bound form and the chosen (code, name) for the page to show its errors."""
    chosen = _translation_language(request)
    form = form_class(request.POST, language=chosen[0] if chosen else None)
    if "remove" in request.POST and chosen:
        delete(language=chosen[0])
        messages.success(request, _("Translation removed: %(language)s.") % {"language": chosen[1]})
        return redirect(done_url), form, chosen
    if form.is_valid():
        try:
            row = save(form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if getattr(row, "waits_for_review", False):
                done = _(
                    "Translation saved: %(language)s. It waits for the district official's "
                    "review; buyers read the published version until then."
                )
            else:
                done = _("Translation saved: %(language)s.")
            messages.success(request, done % {"language": chosen[1]})
            return redirect(done_url), form, chosen
    return None, form, chosen


@seller_view
@owner_only
@require_POST
def profile_translation(request, seller):
    """Save or (with "remove") delete the business story in one other language."""
    done, form, chosen = _translation_post(
        request,
        SellerTranslationForm,
        save=lambda data: seller_services.seller_translation_save(
            seller=seller, by=request.user, language=data["language"], story=data["story"]
        ),
        delete=lambda language: seller_services.seller_translation_delete(
            seller=seller, by=request.user, language=language
        ),
        done_url=reverse("catalogue:dashboard_profile") + "#translations",
    )
    if done:
        return done
    context = _profile_context(
        seller,
        SellerProfileForm(instance=seller),
        request,
        translation_form=form if chosen else None,
    )
    context["translation_errors"] = None if chosen else form.non_field_errors()
    return render(request, "dashboard/profile.html", context, status=400)


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
    return _translation_forms(
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
    done, form, chosen = _translation_post(
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
