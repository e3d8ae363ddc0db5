"""Reads for catalogue pages. Each returns querysets whose query count does not grow with the
number of photos, tiers or products (tests/catalogue/test_query_counts.py holds them to it).
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass

from django.db.models import (
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.models import SourceImageIOError

from catalogue.models import (
    Category,
    Certification,
    GIProduct,
    ImportJob,
    Product,
    ProductImage,
    ProductRevision,
)
from core import content_cache
from core.fragment_cache import versioned_cache, versioned_get_shared, versioned_set_shared
from regions.models import District, State
from regions.selectors import OfficialScope, overdue_after
from sellers.models import Seller, SellerPhoto
from sellers.selectors import user_is_seller_staff

# Rendition filter specs used by the templates; prefetching exactly these makes a warm page
# read no rendition rows one by one. Keep in step with templates/catalogue/includes/*.html.
DETAIL_WIDTHS = (480, 960, 1440)
CARD_SIZES = ("fill-400x300", "fill-800x600")
DETAIL_SPECS = tuple(f"width-{w}|format-webp" for w in DETAIL_WIDTHS)
CARD_SPECS = tuple(f"{size}|format-webp" for size in CARD_SIZES)
THUMB_SPECS = ("fill-160x120|format-webp", "fill-320x240|format-webp")


def _renditions(specs) -> Prefetch:
    rendition_model = get_image_model().get_rendition_model()
    return Prefetch(
        "image__renditions",
        queryset=rendition_model.objects.filter(filter_spec__in=specs),
        to_attr="prefetched_renditions",
    )


def product_images(specs) -> Prefetch:
    return Prefetch(
        "images",
        queryset=ProductImage.objects.select_related("image").prefetch_related(_renditions(specs)),
    )


def seller_photos(specs) -> Prefetch:
    return Prefetch(
        "photos",
        queryset=SellerPhoto.objects.select_related("image").prefetch_related(_renditions(specs)),
    )


# A GI claim buyers may see: claimed and checked valid by an official (Product.gi_au_verified).
VERIFIED_GI_CLAIM = {
    "products__gi_authorised_user": True,
    "products__gi_au_status": Seller.Verification.VERIFIED,
}


def published_products() -> QuerySet[Product]:
    """What buyers may see: published listings of approved sellers (not pending, not
    suspended)."""
    return Product.objects.filter(
        status=Product.Status.PUBLISHED, seller__status=Seller.Status.APPROVED
    )


def product_cards(queryset: QuerySet[Product]) -> QuerySet[Product]:
    """Products as shown in a grid: seller, district and the photos for the card rendition."""
    return queryset.select_related("seller", "district__state", "gi", "category").prefetch_related(
        product_images(CARD_SPECS)
    )


def user_is_staff_of(user, seller_id: int) -> bool:
    return user_is_seller_staff(user, seller_id)


@dataclass(frozen=True)
class ProductAccess:
    """What the product page needs before anything else: whether this visitor may see it."""

    pk: int
    seller_id: int
    public: bool
    district_name: str


def product_for_page(*, slug: str, user, request=None) -> tuple[ProductAccess, Product]:
    """The product page: published products for everyone, others only to their seller staff.

    The product with its photos, their renditions, tiers and certifications is cached until
    the next edit of public data (core/content_cache.py), in process memory first
    (core/fragment_cache.py): a warm product page reads no row. Renditions the page shows
    but nobody has created yet are created before the product is cached, so the cached copy
    is complete. Who may see the product is decided on every request, from a small cached
    record; the product itself is returned lazily, because a page whose parts are all cached
    never needs it (loading it from the cache was a tenth of a warm page's time).
    """
    version = content_cache.request_content_version(request)
    key = f"catalogue:product-access:{version}:{slug}"
    access = versioned_get_shared(key)
    if access is None:
        product = _product_for_page(slug, version)
        access = ProductAccess(
            pk=product.pk,
            seller_id=product.seller_id,
            public=product.is_published and product.seller.status == Seller.Status.APPROVED,
            district_name=product.district.name,
        )
        versioned_set_shared(key, access, content_cache.FRAGMENT_SECONDS)
    if not access.public and not user_is_staff_of(user, access.seller_id):
        raise Http404("No such product")
    return access, SimpleLazyObject(lambda: _product_for_page(slug, version))


def _warm_renditions(items) -> None:
    """Every rendition a page shows of these images (product images, seller photos), made
    before the object holding them is cached, so the cached copy is complete. An original
    file that is gone is skipped: the template shows Wagtail's placeholder."""
    for item in items:
        with contextlib.suppress(SourceImageIOError):
            item.image.get_renditions(*DETAIL_SPECS, *THUMB_SPECS)


def _product_for_page(slug: str, version: int) -> Product:
    key = f"catalogue:product-page:{version}:{slug}"
    product = versioned_cache().get(key)
    if product is None:
        product = _product_with_details(slug)
        if product is None:
            raise Http404("No such product")
        images = list(product.images.all())
        prefetch_related_objects(images, _renditions(DETAIL_SPECS + THUMB_SPECS))
        _warm_renditions(images)
        versioned_cache().set(key, product, content_cache.FRAGMENT_SECONDS)
    return product


def _product_with_details(slug: str) -> Product | None:
    return (
        Product.objects.select_related(
            "seller__district__state",
            "district__state",
            "category__parent",
            "hs_chapter",
            "gi",
        )
        .prefetch_related(
            Prefetch("images", queryset=ProductImage.objects.select_related("image")),
            "price_tiers",
            Prefetch("certifications", queryset=Certification.objects.select_related("document")),
            "translations",  # the seller's translations (catalogue.translations picks one)
        )
        .filter(slug=slug)
        .first()
    )


@dataclass(frozen=True)
class SellerAccess:
    """What the seller page needs before anything else: whether this visitor may see it."""

    pk: int
    public: bool


def seller_page_access(*, slug: str, user, request=None) -> tuple[SellerAccess, Seller]:
    """The seller page, as `product_for_page` serves the product page: an approved seller for
    everyone, a pending one only to its own team (a preview), a suspended one to nobody.

    Who may see the page is decided on every request, from a small record cached until the
    next edit of public data (core/content_cache.py); the seller with its photos and their
    renditions is returned lazily, because a page whose parts are all cached never needs it.
    Only an approved seller is cached: a preview reads the database every time, and of a
    pending seller the cache holds nothing but its id and "not public"."""
    version = content_cache.request_content_version(request)
    key = f"catalogue:seller-access:{version}:{slug}"
    access = versioned_get_shared(key)
    seller = None
    if access is None:
        seller = _seller_for_page(slug, version)
        access = SellerAccess(pk=seller.pk, public=seller.status == Seller.Status.APPROVED)
        versioned_set_shared(key, access, content_cache.FRAGMENT_SECONDS)
    if access.public:
        return access, seller or SimpleLazyObject(lambda: _seller_for_page(slug, version))
    if not user_is_staff_of(user, access.pk):
        raise Http404("No such seller")
    return access, seller or SimpleLazyObject(lambda: _seller_for_page(slug, version))


def _seller_for_page(slug: str, version: int) -> Seller:
    """The seller (unless suspended) with its district, photos, renditions and translations;
    kept in the cache under the content version if it is approved."""
    key = f"catalogue:seller-page:{version}:{slug}"
    seller = versioned_cache().get(key)
    if seller is None:
        seller = _seller_with_details(slug)
        if seller is None:
            raise Http404("No such seller")
        if seller.status == Seller.Status.APPROVED:
            _warm_renditions(seller.photos.all())
            versioned_cache().set(key, seller, content_cache.FRAGMENT_SECONDS)
    return seller


def _seller_with_details(slug: str) -> Seller | None:
    return (
        Seller.objects.select_related("district__state")
        .prefetch_related(
            seller_photos(DETAIL_SPECS + THUMB_SPECS),
            "translations",  # the seller's translations (catalogue.translations picks one)
        )
        .exclude(status=Seller.Status.SUSPENDED)
        .filter(slug=slug)
        .first()
    )


def seller_public_products(seller: Seller) -> QuerySet[Product]:
    return product_cards(published_products().filter(seller=seller))


def seller_gi_products(seller: Seller) -> QuerySet[GIProduct]:
    """GI products the seller is a verified authorised user of (via a published listing)."""
    return GIProduct.objects.filter(
        products__seller=seller, products__status=Product.Status.PUBLISHED, **VERIFIED_GI_CLAIM
    ).distinct()


def gi_list(*, query: str = "", category: str = "") -> QuerySet[GIProduct]:
    queryset = GIProduct.objects.prefetch_related("states").annotate(
        listing_count=Count(
            "products",
            filter=Q(
                products__status=Product.Status.PUBLISHED,
                products__seller__status=Seller.Status.APPROVED,
            ),
        )
    )
    if query:
        queryset = queryset.filter(Q(name__icontains=query) | Q(alt_names__icontains=query))
    if category:
        queryset = queryset.filter(category=category)
    return queryset.order_by("name")


def seller_directory(*, state: str = "", district: str = "", category: str = "") -> QuerySet:
    """Approved sellers for the directory (/sellers/), filtered by state, district and
    category slugs, with their district and published product count: one query per page
    whatever the number of sellers (the count is a correlated subquery, no join fan-out)."""
    published = Product.objects.filter(status=Product.Status.PUBLISHED, seller=OuterRef("pk"))
    queryset = (
        Seller.objects.filter(status=Seller.Status.APPROVED)
        .select_related("district__state")
        .annotate(
            product_count=Coalesce(
                Subquery(
                    published.order_by().values("seller").annotate(n=Count("pk")).values("n")[:1],
                    output_field=IntegerField(),
                ),
                0,
            )
        )
    )
    if state:
        queryset = queryset.filter(district__state__slug=state)
    if district:
        queryset = queryset.filter(district__slug=district)
    if category:
        in_category = published.filter(
            Q(category__slug=category) | Q(category__parent__slug=category)
        )
        queryset = queryset.filter(Exists(in_category))
    return queryset.order_by("-gstin_status", "name", "pk")


def directory_choices() -> dict[str, list]:
    """The directory's filter options: states, districts that have approved sellers, and
    top-level categories (three queries)."""
    approved = Seller.objects.filter(status=Seller.Status.APPROVED)
    return {
        "states": list(
            State.objects.filter(districts__sellers__in=approved)
            .distinct()
            .order_by("name")
            .values_list("slug", "name")
        ),
        "districts": list(
            District.objects.filter(sellers__in=approved)
            .distinct()
            .order_by("name")
            .values_list("slug", "name")
        ),
        "categories": list(
            Category.objects.filter(parent__isnull=True)
            .order_by("name")
            .values_list("slug", "name")
        ),
    }


def gi_categories() -> list[str]:
    return list(
        GIProduct.objects.order_by("category").values_list("category", flat=True).distinct()
    )


def gi_for_page(*, slug: str) -> GIProduct:
    gi = (
        GIProduct.objects.prefetch_related(
            "states",
            Prefetch("districts", queryset=District.objects.select_related("state")),
        )
        .filter(slug=slug)
        .first()
    )
    if gi is None:
        raise Http404("No such GI")
    return gi


def gi_products(gi: GIProduct) -> QuerySet[Product]:
    return product_cards(published_products().filter(gi=gi))


def gi_authorised_sellers(gi: GIProduct) -> QuerySet[Seller]:
    return (
        Seller.objects.filter(
            status=Seller.Status.APPROVED,
            products__gi=gi,
            products__status=Product.Status.PUBLISHED,
            **VERIFIED_GI_CLAIM,
        )
        .select_related("district__state")
        .distinct()
        .order_by("name")
    )


# Dashboard ---------------------------------------------------------------------------


def seller_listings(seller: Seller) -> QuerySet[Product]:
    return (
        Product.objects.filter(seller=seller)
        .select_related("district", "category", "revision")
        .prefetch_related(product_images(THUMB_SPECS))
        .annotate(tier_count=Count("price_tiers"))
        .order_by("-updated_at")
    )


def seller_listing(*, seller: Seller, pk: int) -> Product:
    """A listing of this seller or 404: another seller's listing is simply not found."""
    product = (
        Product.objects.filter(seller=seller, pk=pk)
        .select_related("district__state", "category", "gi", "hs_chapter", "revision")
        .prefetch_related(
            product_images(THUMB_SPECS),
            "price_tiers",
            "translations",  # the Translations section of the edit page
            Prefetch("certifications", queryset=Certification.objects.select_related("document")),
        )
        .first()
    )
    if product is None:
        raise Http404("No such listing")
    return product


def seller_import_job(*, seller: Seller, pk: int) -> ImportJob:
    job = ImportJob.objects.filter(seller=seller, pk=pk).defer("content").first()
    if job is None:
        raise Http404("No such import")
    return job


# Review by officials (who covers which district: regions.selectors.official_scope) -------


@dataclass
class ReviewItem:
    """One pending listing or seller in a reviewer's queue, with its coverage facts."""

    obj: Product | Seller
    waiting_since: object
    overdue: bool
    duty: bool  # the reviewer's own queue (their level, or escalated to them)


@dataclass
class ReviewQueue:
    products: list[ReviewItem]
    sellers: list[ReviewItem]

    @property
    def duty(self) -> list[ReviewItem]:
        return [item for item in self.products + self.sellers if item.duty]

    @property
    def size(self) -> int:
        return len(self.duty)

    @property
    def overdue_count(self) -> int:
        return sum(1 for item in self.duty if item.overdue)

    @property
    def oldest(self):
        return min((item.waiting_since for item in self.duty), default=None)


def _review_items(objects, scope: OfficialScope, district_of, since_of, cutoff):
    items = []
    for obj in objects:
        district = district_of(obj)
        since = since_of(obj)
        overdue = since < cutoff
        duty = scope.is_duty(district.pk, district.state_id, overdue=overdue)
        items.append(ReviewItem(obj, since, overdue, duty))
    # The reviewer's own items first, overdue first, then oldest first.
    items.sort(key=lambda item: (not item.duty, not item.overdue, item.waiting_since))
    return items


def review_pending_products(scope: OfficialScope) -> QuerySet[Product]:
    """Listings of sellers based in districts the reviewer covers that wait for review: new
    ones, published ones with an edit waiting (`revision`), and GI claims not yet checked.
    Six queries whatever the number of listings (photos, tiers, certificates prefetched)."""
    unchecked_gi = Q(
        gi_authorised_user=True,
        gi__isnull=False,
        gi_au_status=Seller.Verification.UNVERIFIED,
        status__in=[Product.Status.PENDING, Product.Status.PUBLISHED],
    )
    waiting_edit = Q(
        status=Product.Status.PUBLISHED, revision__status=ProductRevision.Status.PENDING
    )
    return (
        Product.objects.filter(scope.q("seller__district"))
        .filter(Q(status=Product.Status.PENDING) | waiting_edit | unchecked_gi)
        .select_related("seller__district", "district__state", "category", "gi", "revision")
        .prefetch_related(
            product_images(THUMB_SPECS),
            "price_tiers",
            Prefetch("certifications", queryset=Certification.objects.order_by("kind")),
        )
        .order_by("updated_at")
    )


def review_sellers(scope: OfficialScope) -> QuerySet[Seller]:
    """Sellers of the reviewer's districts that need something: approval or a check. A
    business sent back for changes waits for its owner, not the reviewer."""
    unverified = Seller.Verification.UNVERIFIED
    return (
        Seller.objects.filter(scope.q("district"))
        .filter(
            Q(status=Seller.Status.PENDING, review_note="")
            | (~Q(gstin="") & Q(gstin_status=unverified))
            | (~Q(iec="") & Q(iec_status=unverified))
        )
        .select_related("district")
        .order_by("created_at")
    )


def review_queue(scope: OfficialScope) -> ReviewQueue:
    """The reviewer's queue with overdue marks and whose duty each item is (two queries
    plus the listings' prefetches, whatever the number of items)."""
    cutoff = timezone.now() - overdue_after()
    products = _review_items(
        review_pending_products(scope),
        scope,
        lambda product: product.seller.district,
        lambda product: product.updated_at,
        cutoff,
    )
    sellers = _review_items(
        review_sellers(scope), scope, lambda seller: seller.district, lambda s: s.created_at, cutoff
    )
    return ReviewQueue(products, sellers)


@dataclass(frozen=True)
class ReviewFind:
    products: list
    sellers: list


def review_find(scope: OfficialScope, text: str, limit: int = 20) -> ReviewFind:
    """Published listings and approved (or suspended) sellers of the reviewer's districts whose
    name holds `text`: the way to a listing already on the site (to take it down) or a
    business to look at again, suspend or reinstate. Two queries."""
    text = " ".join((text or "").split())[:100]
    if len(text) < 2 or not scope.can_review:
        return ReviewFind([], [])
    products = (
        Product.objects.filter(
            scope.q("seller__district"), status=Product.Status.PUBLISHED, name__icontains=text
        )
        .select_related("seller", "district")
        .order_by("name", "pk")[:limit]
    )
    sellers = (
        Seller.objects.filter(
            scope.q("district"),
            status__in=[Seller.Status.APPROVED, Seller.Status.SUSPENDED],
            name__icontains=text,
        )
        .select_related("district")
        .order_by("name", "pk")[:limit]
    )
    return ReviewFind(list(products), list(sellers))


def review_rows(scope: OfficialScope) -> list[tuple[int, int, object]]:
    """(district id, state id, waiting since) of every pending listing and seller to check
    in the scope (two queries of three columns)."""
    products = review_pending_products(scope).values_list(
        "seller__district_id", "seller__district__state_id", "updated_at"
    )
    sellers = review_sellers(scope).values_list("district_id", "district__state_id", "created_at")
    return [*products.order_by(), *sellers.order_by()]


def review_summary(scope: OfficialScope) -> ReviewQueue:
    """The queue's size, overdue count and oldest item without loading the items (two
    queries of three columns each; the dashboard and the digests read it)."""
    if not scope.can_review:
        return ReviewQueue([], [])
    cutoff = timezone.now() - overdue_after()
    rows = {
        "products": review_pending_products(scope).values_list(
            "seller__district_id", "seller__district__state_id", "updated_at"
        ),
        "sellers": review_sellers(scope).values_list(
            "district_id", "district__state_id", "created_at"
        ),
    }
    items = {
        key: [
            ReviewItem(None, since, since < cutoff, scope.is_duty(d, s, overdue=since < cutoff))
            for d, s, since in values.order_by()
        ]
        for key, values in rows.items()
    }
    return ReviewQueue(items["products"], items["sellers"])


def review_product(*, scope: OfficialScope, pk: int) -> Product:
    product = (
        Product.objects.filter(scope.q("seller__district"), pk=pk).select_related("seller").first()
    )
    if product is None:
        raise Http404("No such listing in your districts")
    return product


def review_seller(*, scope: OfficialScope, pk: int) -> Seller:
    seller = Seller.objects.filter(scope.q("district"), pk=pk).first()
    if seller is None:
        raise Http404("No such seller in your districts")
    return seller


def review_product_preview(*, scope: OfficialScope, pk: int) -> Product:
    """Everything the reviewer needs to decide on a listing of their districts (else 404):
    the public facts, photos, tiers, certificates with documents, the GI claim, the revision."""
    product = (
        Product.objects.filter(scope.q("seller__district"), pk=pk)
        .select_related(
            "seller__district__state",
            "district__state",
            "category__parent",
            "hs_chapter",
            "gi",
            "gi_au_certificate",
            "gi_au_checked_by",
            "revision",
        )
        .prefetch_related(
            product_images(DETAIL_SPECS + THUMB_SPECS),
            "price_tiers",
            "translations",
            Prefetch("certifications", queryset=Certification.objects.select_related("document")),
        )
        .first()
    )
    if product is None:
        raise Http404("No such listing in your districts")
    return product


def review_seller_preview(*, scope: OfficialScope, pk: int) -> Seller:
    """A seller of the reviewer's districts with what its public page would show (else 404)."""
    seller = (
        Seller.objects.filter(scope.q("district"), pk=pk)
        .select_related("district__state")
        .prefetch_related(seller_photos(DETAIL_SPECS + THUMB_SPECS))
        .first()
    )
    if seller is None:
        raise Http404("No such seller in your districts")
    return seller


def review_document(*, scope: OfficialScope, pk: int):
    """A certificate document attached to a listing of the reviewer's districts (a
    certification, a GI authorised-user certificate, or either in a pending revision)."""
    document_model = get_document_model()
    in_districts = Product.objects.filter(scope.q("seller__district"))
    revision_docs = {
        doc_id
        for certs in ProductRevision.objects.filter(
            product__in=in_districts, certifications__isnull=False
        ).values_list("certifications", flat=True)
        for doc_id in (c.get("document_id") for c in certs or [])
        if doc_id
    } | {
        value
        for value in ProductRevision.objects.filter(product__in=in_districts).values_list(
            "fields__gi_au_certificate_id", flat=True
        )
        if value
    }
    allowed = (
        Q(pk__in=Certification.objects.filter(product__in=in_districts).values("document_id"))
        | Q(pk__in=in_districts.values("gi_au_certificate_id"))
        | Q(pk__in=revision_docs)
    )
    document = document_model.objects.filter(allowed, pk=pk).first()
    if document is None:
        raise Http404("No such document in your districts")
    return document
