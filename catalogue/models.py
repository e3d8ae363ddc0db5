import re
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from catalogue.category_names import category_name
from core.slug_urls import slug_url
from regions.models import District, State
from sellers.models import Seller


class HSChapter(models.Model):
    """A two-digit chapter of the Harmonized System (WCO)."""

    code = models.CharField(max_length=2, primary_key=True)
    short_title = models.CharField(max_length=200)
    title = models.TextField()
    section = models.CharField(max_length=5)
    section_title = models.CharField(max_length=300)

    class Meta:
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} {self.short_title}"


class Category(models.Model):
    """A node of the product category tree (two levels are enough for buyers to browse)."""

    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=140, unique=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    hs_chapter = models.ForeignKey(HSChapter, null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "categories"

    def __str__(self):
        # Form selects and breadcrumbs show str(): translated, so a Hindi form has Hindi options.
        if self.parent_id:
            return f"{self.parent.display_name} › {self.display_name}"
        return self.display_name

    @property
    def display_name(self) -> str:
        """The name in the reader's language (English fallback); no query."""
        return category_name(self.slug, self.name)


class GIProduct(models.Model):
    """An entry of India's Geographical Indications registry."""

    gi_id = models.CharField(max_length=12, unique=True)
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=220, unique=True)
    alt_names = models.CharField(max_length=300, blank=True)
    category = models.CharField(max_length=60)
    states = models.ManyToManyField(State, related_name="gi_products", blank=True)
    districts = models.ManyToManyField(District, related_name="gi_products", blank=True)
    registry_serial = models.PositiveIntegerField(null=True, blank=True)
    # Later registrations of the same GI (often a logo: Banaras Brocades 110 and 193), as
    # "193" or "193; 240": authorised users are numbered under any of them.
    also_registered_serials = models.CharField(max_length=100, blank=True)
    registration_year = models.PositiveSmallIntegerField(null=True, blank=True)
    registration_fy = models.CharField(max_length=10, blank=True)
    source_url = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "GI product"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        # The view's URL in the reader's language (a French page links to /fr/gi/...).
        return slug_url("catalogue:gi_detail", self.slug)

    @property
    def registry_serials(self) -> list[int]:
        """Every application number the registry filed this GI under, the first one first."""
        others = re.findall(r"[0-9]+", self.also_registered_serials or "")
        first = [self.registry_serial] if self.registry_serial else []
        return first + [int(n) for n in others if int(n) not in first]


class Product(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PENDING = "pending", _("Pending review")
        PUBLISHED = "published", _("Published")
        # The official's button says "Send back"; the seller reads the same verb.
        REJECTED = "rejected", _("Sent back for changes")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class Unit(models.TextChoices):
        PIECE = "piece", _("piece")
        SET = "set", _("set")
        PAIR = "pair", _("pair")
        KG = "kg", _("kg")
        TONNE = "tonne", _("tonne")
        METRE = "metre", _("metre")
        LITRE = "litre", _("litre")
        DOZEN = "dozen", _("dozen")

    seller = models.ForeignKey(Seller, on_delete=models.PROTECT, related_name="products")
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="products")
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="products")
    hs_chapter = models.ForeignKey(
        HSChapter, null=True, blank=True, on_delete=models.SET_NULL, related_name="products"
    )
    hs_code = models.CharField(
        "HS code", max_length=8, blank=True, help_text=_("6-digit heading when known")
    )
    gi = models.ForeignKey(
        GIProduct, null=True, blank=True, on_delete=models.SET_NULL, related_name="products"
    )
    # The GI claim: the seller says it is a registered authorised user of `gi`, gives the
    # registration number and the certificate; an official checks them against the GI named
    # (catalogue.gi). Buyers see the claim only once verified, with its date (as GSTIN/IEC).
    gi_authorised_user = models.BooleanField(
        default=False, help_text=_("The seller is a registered authorised user of this GI.")
    )
    gi_au_number = models.CharField(
        _("Authorised user registration number"), max_length=40, blank=True
    )
    gi_au_certificate = models.ForeignKey(
        "wagtaildocs.Document", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    gi_au_status = models.CharField(
        max_length=10, choices=Seller.Verification.choices, default=Seller.Verification.UNVERIFIED
    )
    gi_au_checked_at = models.DateTimeField(null=True, blank=True)
    gi_au_checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=220, unique=True)
    description = models.TextField(help_text=_("Plain text or simple formatting; HTML is cleaned."))
    materials = models.CharField(max_length=300, blank=True)
    moq = models.PositiveIntegerField("minimum order quantity", default=1)
    unit = models.CharField(max_length=10, choices=Unit.choices, default=Unit.PIECE)
    lead_time_days = models.PositiveSmallIntegerField(default=30)
    monthly_capacity = models.PositiveIntegerField(null=True, blank=True)
    sample_available = models.BooleanField(default=False)
    sample_price_inr = models.DecimalField(
        max_digits=12, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    # Denormalised from price tiers (kept by services) so lists, search and sort need no join.
    price_min_inr = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    price_max_inr = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)

    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    rejection_reason = models.TextField(blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-published_at", "-id"]
        indexes = [
            models.Index(fields=["status", "district"]),
            models.Index(fields=["status", "-published_at"]),
            models.Index(fields=["seller", "status"]),
            # Published products per district and seller, counted from the index alone
            # (cms.selectors.published_counts: the home page's counts at 10^5 products),
            # and a district's newest, read in order (cms.selectors._latest_products).
            models.Index(
                fields=["district", "seller"],
                condition=models.Q(status="published"),
                name="catalogue_pub_district_seller",
            ),
            models.Index(
                fields=["district", "-published_at", "-id"],
                condition=models.Q(status="published"),
                name="catalogue_pub_district_newest",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return slug_url("catalogue:product_detail", self.slug)

    def get_unit_display(self) -> str:
        # Django's own builds a dict of the field's choices on every call, hashing (and so
        # translating) each of the eight labels: a tenth of a product card's rendering time.
        return str(_UNIT_LABELS.get(self.unit, self.unit))

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def gi_au_verified(self) -> bool:
        """The only GI claim buyers see: claimed, and checked valid by an official."""
        return (
            self.gi_authorised_user
            and self.gi_id is not None
            and self.gi_au_status == Seller.Verification.VERIFIED
        )


# The unit labels, lazy: translated when shown, in the reader's language.
_UNIT_LABELS = dict(Product.Unit.choices)


class ProductRevision(models.Model):
    """A material edit of a published listing, waiting for the official (one per listing).

    The listing row keeps the last approved version, so pages, search and the API serve it
    until catalogue.services.product_publish applies the revision. `fields` holds the whole
    proposed value of each material field (ids for foreign keys); photos, certificates and
    translations hold only what changes.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending review")
        SENT_BACK = "sent_back", _("Sent back for changes")

    product = models.OneToOneField(Product, on_delete=models.CASCADE, related_name="revision")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    fields = models.JSONField(default=dict, blank=True)
    # [{"image_id": 1, "alt_text": "..."}]: Wagtail images stored, not yet shown.
    new_photos = models.JSONField(default=list, blank=True)
    removed_photo_ids = models.JSONField(default=list, blank=True)
    # The whole proposed list [{"kind", "number", "valid_until", "document_id"}], or None when
    # the certificates do not change.
    certifications = models.JSONField(null=True, blank=True)
    # Translations waiting with the edit: {"fr": {"name": ..., "description": ...}}; the
    # published ProductTranslation rows stay what buyers read until approval.
    translations = models.JSONField(default=dict, blank=True)
    reason = models.TextField(blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [models.Index(fields=["status", "updated_at"])]


class ProductImage(models.Model):
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="images")
    image = models.ForeignKey("wagtailimages.Image", on_delete=models.CASCADE, related_name="+")
    alt_text = models.CharField(max_length=250)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "id"]


class PriceTier(models.Model):
    """Unit price in INR (the base currency) from a quantity upward."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="price_tiers")
    min_quantity = models.PositiveIntegerField(validators=[MinValueValidator(1)])
    unit_price_inr = models.DecimalField(
        max_digits=12, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )

    class Meta:
        ordering = ["min_quantity"]
        constraints = [
            models.UniqueConstraint(fields=["product", "min_quantity"], name="tier_unique_qty")
        ]


class Certification(models.Model):
    class Kind(models.TextChoices):
        ORGANIC = "organic", _("Organic (NPOP)")
        FSSAI = "fssai", _("FSSAI")
        HANDLOOM_MARK = "handloom_mark", _("Handloom Mark")
        CRAFTMARK = "craftmark", _("Craftmark")
        ISO = "iso", _("ISO")
        FAIR_TRADE = "fair_trade", _("Fair Trade")

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="certifications")
    kind = models.CharField(max_length=15, choices=Kind.choices)
    number = models.CharField(max_length=100, blank=True)
    valid_until = models.DateField(null=True, blank=True)
    document = models.ForeignKey(
        "wagtaildocs.Document", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["product", "kind"], name="certification_unique_kind")
        ]


class ProductTranslation(models.Model):
    """A seller-entered translation; buyers see the original, labelled, when none exists."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(max_length=10, choices=settings.LANGUAGES)
    name = models.CharField(max_length=200)
    description = models.TextField()
    # A draft made with machine help (the demo's translations); pages say so next to it.
    machine_aided = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["product", "language"], name="product_translation_lang")
        ]


class ImportJob(models.Model):
    """A seller's CSV bulk import: validated row by row, then written in one transaction.

    The task updates `processed` as it validates (each update commits on its own, so the
    progress page can poll it); the products are written all-or-nothing at the end.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Checking rows")
        FAILED = "failed", _("Rejected: nothing imported")
        DONE = "done", _("Imported")

    seller = models.ForeignKey(Seller, on_delete=models.CASCADE, related_name="import_jobs")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    filename = models.CharField(max_length=255, blank=True)
    content = models.TextField(help_text=_("The uploaded CSV, decoded as UTF-8."))
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    imported_count = models.PositiveIntegerField(default=0)
    # [{"row": 3, "errors": {"moq": ["..."]}}, ...]; row numbers count the header as row 1.
    report = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    @property
    def percent(self) -> int:
        if self.status in (self.Status.DONE, self.Status.FAILED):
            return 100
        return int(100 * self.processed_rows / self.total_rows) if self.total_rows else 0

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)
