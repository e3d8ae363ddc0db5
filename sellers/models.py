import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.slug_urls import slug_url
from regions.models import District


class Seller(models.Model):
    """A producing business: artisan, MSME, FPO, cooperative or merchant exporter."""

    class BusinessType(models.TextChoices):
        ARTISAN = "artisan", _("Artisan")
        MSME = "msme", _("MSME")
        FPO = "fpo", _("Farmer producer organisation")
        COOPERATIVE = "cooperative", _("Cooperative")
        EXPORTER = "exporter", _("Exporter")

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting approval")
        APPROVED = "approved", _("Approved")
        SUSPENDED = "suspended", _("Suspended")

    class Verification(models.TextChoices):
        UNVERIFIED = "unverified", _("Not checked")
        VERIFIED = "verified", _("Verified")
        # Said as the official's action says it (and as listings say it): kind, and it
        # tells the seller the next step is theirs.
        REJECTED = "rejected", _("Sent back for changes")

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=220, unique=True)
    business_type = models.CharField(max_length=12, choices=BusinessType.choices)
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="sellers")
    story = models.TextField(blank=True)
    crafts = models.CharField(max_length=300, blank=True, help_text=_("What the business makes."))
    languages = models.CharField(max_length=200, blank=True, help_text=_("Separated by commas."))
    year_founded = models.PositiveSmallIntegerField(null=True, blank=True)
    team_size = models.PositiveIntegerField(null=True, blank=True)
    website = models.URLField(blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    # The official's reason when the business was sent back for changes (cleared on the
    # next profile save, which puts it back in the queue).
    review_note = models.TextField(blank=True)
    # Review rule (catalogue.services.listing_needs_review): listings of a seller go to the
    # district official until the official marks the business as trusted.
    trusted_at = models.DateTimeField(
        null=True, blank=True, help_text=_("When the district official stopped reviewing listings.")
    )
    trusted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The reviewed facts (sellers.services.REVIEWED_FIELDS: name, district id, GSTIN) as the
    # official last approved them, kept from the change that sent an approved business back
    # to review until it is approved again, so the reviewer sees the before and after
    # (sellers.selectors.seller_review_changes). Empty for a business never approved.
    approved_values = models.JSONField(default=dict, blank=True)

    # What trade documents print (marketplace.documents): the registered name and address.
    # Empty, the documents fall back to `name` and the district.
    legal_name = models.CharField(_("legal name"), max_length=200, blank=True)
    address = models.TextField(_("registered address"), max_length=500, blank=True)
    gstin = models.CharField("GSTIN", max_length=15, blank=True)
    gstin_status = models.CharField(
        max_length=10, choices=Verification.choices, default=Verification.UNVERIFIED
    )
    gstin_checked_at = models.DateTimeField(null=True, blank=True)
    gstin_checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    iec = models.CharField("IEC", max_length=10, blank=True)
    iec_status = models.CharField(
        max_length=10, choices=Verification.choices, default=Verification.UNVERIFIED
    )
    iec_checked_at = models.DateTimeField(null=True, blank=True)
    iec_checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    # Bank details for bank-transfer orders: entered once by the seller, checked by the
    # district official like the GSTIN and IEC (a change loses the verification).
    bank_account_name = models.CharField(_("account holder"), max_length=140, blank=True)
    bank_name = models.CharField(_("bank"), max_length=140, blank=True)
    bank_account_number = models.CharField(_("IBAN or account number"), max_length=34, blank=True)
    bank_ifsc = models.CharField("IFSC", max_length=11, blank=True)
    bank_swift = models.CharField("SWIFT/BIC", max_length=11, blank=True)
    bank_status = models.CharField(
        max_length=10, choices=Verification.choices, default=Verification.UNVERIFIED
    )
    bank_checked_at = models.DateTimeField(null=True, blank=True)
    bank_checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    # The track record, denormalised here so that every card, page and search entry that
    # already loads the seller shows it without another query. Written only by
    # `sellers.services.seller_track_record_set`, which marketplace's review and enquiry
    # services call (marketplace/reviews/track_record.py computes the figures).
    rating_average = models.DecimalField(max_digits=3, decimal_places=2, null=True, blank=True)
    rating_count = models.PositiveIntegerField(default=0)
    # Share of the enquiries of the last 90 days the seller answered, in per cent, and the
    # median time to the first answer; None while there were no enquiries.
    response_rate = models.PositiveSmallIntegerField(null=True, blank=True)
    response_median_hours = models.DecimalField(
        max_digits=6, decimal_places=1, null=True, blank=True
    )
    track_record_at = models.DateTimeField(null=True, blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["district", "status"])]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        # The view's URL in the reader's language (a French page links to /fr/sellers/...).
        return slug_url("catalogue:seller_detail", self.slug)

    @property
    def is_verified(self) -> bool:
        return self.gstin_status == self.Verification.VERIFIED

    @property
    def bank_verified(self) -> bool:
        return self.bank_status == self.Verification.VERIFIED

    @property
    def is_trusted(self) -> bool:
        return self.status == self.Status.APPROVED and self.trusted_at is not None

    @property
    def language_list(self) -> list[str]:
        return [part.strip() for part in self.languages.split(",") if part.strip()]


# The trigram index on `search_text()` (PostgreSQL; migration 0011 spells the same expression,
# as a migration must, and tests/search/test_seller_search.py checks that the two agree).
SEARCH_TEXT_INDEX = "sellers_seller_search_text_trgm"


class _LoweredText(models.Func):
    """LOWER(a || ' ' || b || ...) over columns that are never NULL. Plain `||`, because an
    index expression must be immutable (concat_ws() is only stable), and no COALESCE: Django's
    Concat wraps every part in one, which made building a search's query cost more than
    running it."""

    template = "LOWER(%(expressions)s)"
    arg_joiner = " || ' ' || "
    output_field = models.TextField()


def search_text():
    """What a text search finds a seller by, besides its place: name, crafts and story,
    lower-cased, as one expression (search.backends.database). On PostgreSQL a trigram
    index is built on exactly this expression, so `LIKE '%word%'` on it reads the index
    rather than every seller's story: the search page's seller match scanned them all (a
    quarter of a cold search page with 1,000 sellers, and linear in their number). A word
    never matches across the spaces between the parts: query words have none."""
    return _LoweredText("name", "crafts", "story")


class SellerPhoto(models.Model):
    seller = models.ForeignKey(Seller, on_delete=models.CASCADE, related_name="photos")
    image = models.ForeignKey("wagtailimages.Image", on_delete=models.CASCADE, related_name="+")
    alt_text = models.CharField(max_length=250)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "id"]


class SellerMembership(models.Model):
    """A user's place in a seller business. Owners invite staff; staff edit listings."""

    class Role(models.TextChoices):
        OWNER = "owner", _("Owner")
        STAFF = "staff", _("Staff")

    seller = models.ForeignKey(Seller, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="seller_memberships"
    )
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.STAFF)
    can_manage_payouts = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["seller", "user"], name="membership_unique")]


class SellerTranslation(models.Model):
    """A seller-entered translation of the story; the original is shown, labelled, otherwise."""

    seller = models.ForeignKey(Seller, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(max_length=10, choices=settings.LANGUAGES)
    story = models.TextField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["seller", "language"], name="seller_translation_lang")
        ]


class SellerInvitation(models.Model):
    """An owner's invitation for a person to join their seller business as staff.

    The token goes by email; whoever opens it must be signed in with the invited address.
    """

    seller = models.ForeignKey(Seller, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    can_manage_payouts = models.BooleanField(default=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    accepted_at = models.DateTimeField(null=True, blank=True)
    # Set by the email task once the mail server took the message (core.outbox), so the
    # team page never says "sent" about an invitation still waiting in the queue.
    sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        # The table marketplace created before the team pages moved here (sellers/0007).
        db_table = "marketplace_sellerinvitation"
        ordering = ["-created_at"]

    @property
    def is_expired(self) -> bool:
        return self.created_at < timezone.now() - timezone.timedelta(days=14)
