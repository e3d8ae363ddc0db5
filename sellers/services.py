"""Writes to seller businesses. Views and commands call these; nothing else saves a Seller."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from accounts.models import User
from core.html import clean_html
from sellers.models import (
    Seller,
    SellerInvitation,
    SellerMembership,
    SellerPhoto,
    SellerTranslation,
)
from sellers.signals import seller_moved, seller_reviewed
from sellers.tasks import send_invitation
from sellers.validators import (
    MAX_TRANSLATED_TEXT,
    normalise_bank_code,
    normalise_gstin,
    validate_bank_account,
    validate_gstin,
    validate_ifsc,
    validate_swift,
    validate_translation_language,
)

# Changing one of these sends an approved business back to the official (issue 18): they are
# what the official approved, and what the GSTIN/IEC checks were made against.
REVIEWED_FIELDS = ("name", "district", "gstin")

PROFILE_FIELDS = (
    "name",
    "business_type",
    "district",
    "story",
    "crafts",
    "languages",
    "year_founded",
    "team_size",
    "website",
    "gstin",
    "iec",
)


def _unique_slug(name: str) -> str:
    base = slugify(name)[:200] or "seller"
    slug, n = base, 2
    while Seller.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _check_gstin_state(gstin: str, district) -> None:
    """A GSTIN starts with its state's GST code, which must be the district's state."""
    if gstin and district is not None:
        validate_gstin(gstin, state_iso_code=district.state.iso_code)


@transaction.atomic
def seller_create(*, owner, fields: dict) -> Seller:
    """Onboarding: a new business (awaiting the district official) owned by `owner`."""
    data = {k: v for k, v in fields.items() if k in PROFILE_FIELDS}
    data["gstin"] = normalise_gstin(data.get("gstin", ""))
    data["iec"] = normalise_gstin(data.get("iec", ""))
    data["story"] = clean_html(data.get("story", ""))
    _check_gstin_state(data["gstin"], data.get("district"))
    seller = Seller.objects.create(
        slug=_unique_slug(data["name"]), status=Seller.Status.PENDING, **data
    )
    SellerMembership.objects.create(seller=seller, user=owner, role=SellerMembership.Role.OWNER)
    return seller


@transaction.atomic
def seller_update(*, seller: Seller, by, fields: dict) -> Seller:
    """Edit the profile. A changed GSTIN or IEC loses its verification: it must be rechecked.

    A new name, district or GSTIN of an approved business sends it back to review (not
    public, listings included, until approved again; no longer trusted) and clears the
    checks made against the old values: a name or district change clears the GSTIN and IEC
    checks (the registrations name the business and its state). The approved values are
    kept (`approved_values`) for the reviewer's before/after until the next approval; more
    edits before then keep the first ones. Saving the profile after the official sent it
    back puts it in the queue again. A new district sends `seller_moved` (catalogue moves
    the listings along) inside this transaction. Raises ValidationError when the GSTIN's
    state is not the district's."""
    seller = Seller.objects.select_for_update().select_related("district").get(pk=seller.pk)
    before = _reviewed_values(seller)
    for key, value in fields.items():
        if key not in PROFILE_FIELDS:
            continue
        if key in ("gstin", "iec"):
            value = normalise_gstin(value)
            if value != getattr(seller, key):
                _clear_check(seller, key)
        if key == "story":
            value = clean_html(value)
        setattr(seller, key, value)
    _check_gstin_state(seller.gstin, seller.district)
    after = _reviewed_values(seller)
    changed = {key for key in REVIEWED_FIELDS if after[key] != before[key]}
    if changed & {"name", "district"}:
        for field in ("gstin", "iec"):
            _clear_check(seller, field)
    if changed and seller.status == Seller.Status.APPROVED:
        seller.status = Seller.Status.PENDING
        seller.trusted_at, seller.trusted_by = None, None
        seller.approved_values = seller.approved_values or before
    seller.review_note = ""
    seller.save()
    if "district" in changed:
        seller_moved.send(sender=Seller, seller=seller, previous_district_id=before["district"])
    return seller


def _reviewed_values(seller: Seller) -> dict:
    """The reviewed facts as stored (the district by its id): JSON for `approved_values`."""
    return {key: getattr(seller, Seller._meta.get_field(key).attname) for key in REVIEWED_FIELDS}


# The fact a verification is about, when it is not the field of the same name.
VERIFIED_VALUE = {"bank": "bank_account_number"}


def _clear_check(seller: Seller, field: str) -> None:
    setattr(seller, f"{field}_status", Seller.Verification.UNVERIFIED)
    setattr(seller, f"{field}_checked_at", None)
    setattr(seller, f"{field}_checked_by", None)


def _verify(seller: Seller, *, field: str, by, verified: bool, reason: str = "") -> Seller:
    seller = Seller.objects.select_for_update().get(pk=seller.pk)
    check_not_own_business(seller_id=seller.pk, by=by)
    if not getattr(seller, VERIFIED_VALUE.get(field, field)):
        raise ValueError(f"The seller has no {field.upper()} details to check.")
    status = Seller.Verification.VERIFIED if verified else Seller.Verification.REJECTED
    setattr(seller, f"{field}_status", status)
    setattr(seller, f"{field}_checked_at", timezone.now())
    setattr(seller, f"{field}_checked_by", by)
    seller.save()
    seller_reviewed.send(
        sender=Seller,
        seller=seller,
        decision=f"{field}_{status}",
        reason="" if verified else (reason or "").strip(),
        by=by,
    )
    return seller


@transaction.atomic
def seller_verify_gstin(*, seller: Seller, by, verified: bool = True, reason: str = "") -> Seller:
    """Record the official's check of the GSTIN (who and when: the badge shows the date);
    not confirmed, it is sent back for changes with the official's reason, if any."""
    return _verify(seller, field="gstin", by=by, verified=verified, reason=reason)


@transaction.atomic
def seller_verify_iec(*, seller: Seller, by, verified: bool = True, reason: str = "") -> Seller:
    return _verify(seller, field="iec", by=by, verified=verified, reason=reason)


@transaction.atomic
def seller_verify_bank(*, seller: Seller, by, verified: bool = True, reason: str = "") -> Seller:
    """Record the official's check of the bank details (against a cancelled cheque or bank
    letter): who and when, shown to buyers with the details."""
    return _verify(seller, field="bank", by=by, verified=verified, reason=reason)


BANK_FIELDS = ("bank_account_name", "bank_name", "bank_account_number", "bank_ifsc", "bank_swift")


def clean_bank_details(fields: dict) -> dict:
    """Normalised bank details, or ValidationError naming each wrong field. The account holder,
    bank and account number are required; IFSC (Indian transfers) and SWIFT (from abroad) are
    checked when given."""
    cleaned = {key: (fields.get(key) or "").strip() for key in BANK_FIELDS}
    for key in ("bank_account_number", "bank_ifsc", "bank_swift"):
        cleaned[key] = normalise_bank_code(cleaned[key])
    errors: dict[str, list] = {}
    for key in ("bank_account_name", "bank_name", "bank_account_number"):
        if not cleaned[key]:
            errors[key] = [_("This is needed for the buyer's transfer.")]
    checks = {
        "bank_account_number": validate_bank_account,
        "bank_ifsc": validate_ifsc,
        "bank_swift": validate_swift,
    }
    for key, check in checks.items():
        if cleaned[key] and key not in errors:
            try:
                check(cleaned[key])
            except ValidationError as error:
                errors[key] = error.messages
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def seller_bank_details_set(*, seller: Seller, by, fields: dict) -> Seller:
    """Save the seller's bank details (validated); changed details lose their verification."""
    cleaned = clean_bank_details(fields)
    seller = Seller.objects.select_for_update().get(pk=seller.pk)
    if any(getattr(seller, key) != value for key, value in cleaned.items()):
        for key, value in cleaned.items():
            setattr(seller, key, value)
        seller.bank_status = Seller.Verification.UNVERIFIED
        seller.bank_checked_at = None
        seller.bank_checked_by = None
        seller.save()
    return seller


@transaction.atomic
def seller_approve(*, seller: Seller, by) -> Seller:
    seller = Seller.objects.select_for_update().get(pk=seller.pk)
    check_not_own_business(seller_id=seller.pk, by=by)
    seller.status = Seller.Status.APPROVED
    seller.review_note = ""
    seller.approved_values = {}  # what it is now is what was approved
    seller.save(update_fields=["status", "review_note", "approved_values", "updated_at"])
    seller_reviewed.send(sender=Seller, seller=seller, decision="approved", reason="", by=by)
    return seller


@transaction.atomic
def seller_send_back(*, seller: Seller, by, reason: str) -> Seller:
    """The official asks a business awaiting approval for changes; it leaves the queue until
    the owner saves the profile again (seller_update clears the note)."""
    reason = (reason or "").strip()
    if not reason:
        raise ValueError(_("Tell the seller what to change."))
    seller = Seller.objects.select_for_update().get(pk=seller.pk)
    check_not_own_business(seller_id=seller.pk, by=by)
    if seller.status != Seller.Status.PENDING:
        raise ValueError(_("Only a business awaiting approval can be sent back."))
    seller.review_note = reason
    seller.save(update_fields=["review_note", "updated_at"])
    seller_reviewed.send(sender=Seller, seller=seller, decision="sent_back", reason=reason, by=by)
    return seller


@transaction.atomic
def seller_suspend(*, seller: Seller, by, reason: str) -> Seller:
    """A reviewer takes an approved business off the site (fraud, counterfeits, a complaint
    that holds): its page and every listing leave pages, search and the API at once (the
    search index follows the seller's save); trust is withdrawn. The owner is told why."""
    reason = (reason or "").strip()
    if not reason:
        raise ValueError(_("Tell the seller why the business is suspended."))
    seller = Seller.objects.select_for_update().get(pk=seller.pk)
    check_not_own_business(seller_id=seller.pk, by=by)
    if seller.status != Seller.Status.APPROVED:
        raise ValueError(_("Only an approved business can be suspended."))
    seller.status = Seller.Status.SUSPENDED
    seller.review_note = reason
    seller.trusted_at, seller.trusted_by = None, None
    seller.save(update_fields=["status", "review_note", "trusted_at", "trusted_by", "updated_at"])
    seller_reviewed.send(sender=Seller, seller=seller, decision="suspended", reason=reason, by=by)
    return seller


@transaction.atomic
def seller_reinstate(*, seller: Seller, by) -> Seller:
    """Undo a suspension: the business and its published listings are public again."""
    seller = Seller.objects.select_for_update().get(pk=seller.pk)
    check_not_own_business(seller_id=seller.pk, by=by)
    if seller.status != Seller.Status.SUSPENDED:
        raise ValueError(_("Only a suspended business can be reinstated."))
    seller.status = Seller.Status.APPROVED
    seller.review_note = ""
    seller.save(update_fields=["status", "review_note", "updated_at"])
    seller_reviewed.send(sender=Seller, seller=seller, decision="reinstated", reason="", by=by)
    return seller


class ReviewRefused(ValueError):
    """A review the reviewer may not make; the message is for them."""


def check_not_own_business(*, seller_id: int, by) -> None:
    """The one rule for every review of a business or its listings (approve, send back,
    verify, trust, publish, GI check): nobody reviews a business they belong to. `by` is
    None for the system (imports, commands)."""
    if by is not None and SellerMembership.objects.filter(seller_id=seller_id, user=by).exists():
        raise ReviewRefused(
            _(
                "You belong to this business, so you cannot review it or its listings. "
                "Another official or site staff will review it."
            )
        )


@transaction.atomic
def seller_set_trusted(*, seller: Seller, by, trusted: bool) -> Seller:
    """A trusted seller's listings publish without review (see catalogue.services)."""
    seller = Seller.objects.select_for_update().get(pk=seller.pk)
    check_not_own_business(seller_id=seller.pk, by=by)
    seller.trusted_at = timezone.now() if trusted else None
    seller.trusted_by = by if trusted else None
    if trusted:
        seller.status = Seller.Status.APPROVED
        seller.approved_values = {}
    seller.save()
    return seller


@transaction.atomic
def seller_add_photo(*, seller: Seller, image, alt_text: str) -> SellerPhoto:
    last = seller.photos.order_by("-sort_order").values_list("sort_order", flat=True).first()
    return SellerPhoto.objects.create(
        seller=seller, image=image, alt_text=alt_text, sort_order=(last or 0) + 1
    )


@transaction.atomic
def seller_remove_photo(*, photo: SellerPhoto) -> None:
    image = photo.image
    photo.delete()
    image.delete()


TRACK_RECORD_FIELDS = (
    "rating_average",
    "rating_count",
    "response_rate",
    "response_median_hours",
)


def seller_track_record_set(*, seller_id: int, figures: dict) -> bool:
    """Store the seller's rating and response figures (computed by marketplace); returns
    whether anything shown changed.

    Only a change is saved, and through `save(update_fields=...)` so that the model signals
    run: the public pages' content version moves and search reindexes the seller's products.
    An enquiry that changes nothing visible costs one read and no cache flush. The row is
    locked so two reviews saved at once cannot write older figures last."""
    with transaction.atomic():
        seller = Seller.objects.select_for_update().filter(pk=seller_id).first()
        if seller is None:
            return False
        changed = [f for f in TRACK_RECORD_FIELDS if getattr(seller, f) != figures.get(f)]
        if not changed:
            return False
        for field in changed:
            setattr(seller, field, figures.get(field))
        seller.track_record_at = timezone.now()
        seller.save(update_fields=[*changed, "track_record_at"])
    return True


# Translations of the story ------------------------------------------------------------
# Like every profile edit (seller_update), a translation needs no review: the official
# reviews the business, not each wording of its story, and the text is sanitised on the way
# in and again when rendered.


def clean_translated_text(value: str, *, field: str) -> str:
    """Sanitised text for a translation, or ValidationError({field: ...}) for a person."""
    if len(value or "") > MAX_TRANSLATED_TEXT:
        raise ValidationError(
            {field: _("Please keep the text under 10,000 characters.")}, code="max_length"
        )
    text = clean_html(value)
    if not text:
        raise ValidationError({field: _("Enter the translated text.")}, code="required")
    return text


@transaction.atomic
def seller_translation_save(*, seller: Seller, by, language: str, story: str) -> SellerTranslation:
    """Add or replace the seller's story in `language` (one of the site's other languages)."""
    validate_translation_language(language)
    story = clean_translated_text(story, field="story")
    # Lock the seller so two members saving the same language at once cannot collide.
    seller = Seller.objects.select_for_update().get(pk=seller.pk)
    row, _created = SellerTranslation.objects.update_or_create(
        seller=seller, language=language, defaults={"story": story}
    )
    return row


@transaction.atomic
def seller_translation_delete(*, seller: Seller, by, language: str) -> bool:
    """Remove a translation; buyers reading that language see the original again, labelled."""
    deleted, _rows = SellerTranslation.objects.filter(seller=seller, language=language).delete()
    return bool(deleted)


# Team invitations ----------------------------------------------------------------------


class InvitationRefused(ValueError):
    """An invitation cannot be used or resent; the message says why, in plain words."""


def invitation_create(*, seller: Seller, by: User, email: str, can_manage_payouts: bool = False):
    """Invite a person by email to join `seller` as staff (an owner's action).

    The same answer whether or not the address has an account (no enumeration)."""
    email = email.strip().lower()
    with transaction.atomic():
        invitation = SellerInvitation.objects.create(
            seller=seller, email=email, invited_by=by, can_manage_payouts=can_manage_payouts
        )
        # Through the task queue (the email itself through core.outbox, with retries):
        # a mail server that is down never fails the owner's request; the team page shows
        # the invitation as "not sent yet" until the server took it.
        transaction.on_commit(lambda: send_invitation.enqueue(invitation.pk))
    return invitation


def invitation_resend(*, invitation, by: User):
    """Queue the invitation email again (an owner's button on the team page). Resets the
    14-day validity, as a fresh invitation would; an accepted one is refused."""
    with transaction.atomic():
        if invitation.accepted_at is not None:
            raise InvitationRefused(_("This invitation has already been used."))
        invitation.created_at = timezone.now()
        invitation.sent_at = None
        invitation.save(update_fields=["created_at", "sent_at"])
        transaction.on_commit(lambda: send_invitation.enqueue(invitation.pk))
    return invitation


def invitation_accept(*, invitation, user: User):
    """The invited person (signed in with the invited address) joins the business as staff."""
    with transaction.atomic():
        locked = SellerInvitation.objects.select_for_update().get(pk=invitation.pk)
        if locked.accepted_at is not None or locked.is_expired:
            raise InvitationRefused(_("This invitation has already been used or has expired."))
        if user.email.lower() != locked.email.lower():
            raise InvitationRefused(
                _("This invitation was sent to another address. Sign in with that address.")
            )
        membership, _created = SellerMembership.objects.get_or_create(
            seller_id=locked.seller_id,
            user=user,
            defaults={
                "role": SellerMembership.Role.STAFF,
                "can_manage_payouts": locked.can_manage_payouts,
            },
        )
        locked.accepted_at = timezone.now()
        locked.save(update_fields=["accepted_at"])
    return membership
