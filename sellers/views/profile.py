"""The business profile page: registering a business, editing it (owners only), its photos
and its story in the site's other languages.

A new district moves the seller's listings along (`sellers.signals.seller_moved`, which
catalogue listens to); photos are checked and stored by `core.uploads`.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.uploads import save_wagtail_image
from sellers import services
from sellers.forms import SellerPhotoForm, SellerProfileForm, SellerTranslationForm
from sellers.models import SellerPhoto
from sellers.selectors import seller_for_user, user_is_seller_owner

from .common import owner_only, seller_view, translation_form_items, translation_post


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
            return redirect("marketplace:dashboard_profile")
    return render(request, "sellers/profile.html", _profile_context(seller, form, request))


def signup_initial(user, seller) -> dict:
    """A new business starts from the district its owner typed when signing up."""
    district = user.signup_district if seller is None else None
    return {"district": district, "state": district.state_id} if district else {}


def _save_profile(request, seller, data) -> str:
    if seller is None:
        services.seller_create(owner=request.user, fields=data)
        return _("Your business is registered. The district official will review it.")
    was_approved = seller.status == seller.Status.APPROVED
    seller = services.seller_update(seller=seller, by=request.user, fields=data)
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


def _seller_translation_forms(seller, bound=None) -> list[dict]:
    return translation_form_items(
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
            services.seller_add_photo(
                seller=seller, image=image, alt_text=form.cleaned_data["alt_text"]
            )
        messages.success(request, _("Photo added."))
        return redirect("marketplace:dashboard_profile")
    context = _profile_context(seller, SellerProfileForm(instance=seller), request, photo_form=form)
    return render(request, "sellers/profile.html", context, status=400)


@seller_view
@owner_only
@require_POST
def profile_photo_remove(request, seller, pk):
    photo = get_object_or_404(SellerPhoto, pk=pk, seller=seller)
    services.seller_remove_photo(photo=photo)
    messages.success(request, _("Photo removed."))
    return redirect("marketplace:dashboard_profile")


@seller_view
@owner_only
@require_POST
def profile_translation(request, seller):
    """Save or (with "remove") delete the business story in one other language."""
    done, form, chosen = translation_post(
        request,
        SellerTranslationForm,
        save=lambda data: services.seller_translation_save(
            seller=seller, by=request.user, language=data["language"], story=data["story"]
        ),
        delete=lambda language: services.seller_translation_delete(
            seller=seller, by=request.user, language=language
        ),
        done_url=reverse("marketplace:dashboard_profile") + "#translations",
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
    return render(request, "sellers/profile.html", context, status=400)
