"""Reads of the catalogue that search needs (constant query counts)."""

from django.db.models import Max, Prefetch, QuerySet

from catalogue.models import Certification, GIProduct, Product, ProductImage, ProductTranslation
from core import content_cache
from core.fragment_cache import versioned_cache
from search.models import KeywordLanding, ProductSearchEntry
from sellers.models import Seller

# Only approved sellers and their listings are public (a pending seller's are not: issue 18).
APPROVED = Seller.Status.APPROVED


def indexable_products() -> QuerySet[Product]:
    """Published products of approved sellers, with everything a document needs."""
    return (
        Product.objects.filter(status=Product.Status.PUBLISHED, seller__status=APPROVED)
        .select_related("seller", "district__state", "category__parent", "gi")
        .prefetch_related(
            Prefetch("certifications", queryset=Certification.objects.only("product_id", "kind")),
            Prefetch(
                "images",
                queryset=ProductImage.objects.select_related("image").order_by("sort_order", "id"),
            ),
            Prefetch("translations", queryset=ProductTranslation.objects.order_by("language")),
        )
    )


def product_ids_of_seller(seller_id: int) -> list[int]:
    return list(Product.objects.filter(seller_id=seller_id).values_list("id", flat=True))


def last_indexed_at():
    """When the search index last changed (the API's Last-Modified for search results)."""
    return ProductSearchEntry.objects.aggregate(last=Max("indexed_at"))["last"]


def published_product(slug: str) -> Product | None:
    return (
        Product.objects.filter(slug=slug, status=Product.Status.PUBLISHED, seller__status=APPROVED)
        .select_related("seller", "district__state", "category__parent", "gi", "hs_chapter")
        .prefetch_related(
            "price_tiers",
            "certifications",
            Prefetch("images", queryset=ProductImage.objects.select_related("image")),
        )
        .first()
    )


def approved_seller(slug: str) -> Seller | None:
    published = Product.objects.filter(status=Product.Status.PUBLISHED).order_by("name")
    return (
        Seller.objects.filter(slug=slug, status=Seller.Status.APPROVED)
        .select_related("district__state")
        .prefetch_related(Prefetch("products", queryset=published, to_attr="published_products"))
        .first()
    )


def _published_count():
    from django.db.models import Count, Q

    return Count(
        "products",
        filter=Q(products__status=Product.Status.PUBLISHED, products__seller__status=APPROVED),
        distinct=True,
    )


def facet_value_name(facet: str, slug: str) -> str | None:
    """The name of a state, district or GI given by its slug, for a ticked filter value that
    no result carries (an empty search: backends return names only with counts)."""
    from regions.models import District, State

    model = {"state": State, "district": District, "gi": GIProduct}.get(facet)
    if model is None:
        return None
    return model.objects.filter(slug=slug).values_list("name", flat=True).first()


def districts_with_counts():
    from regions.models import District

    return (
        District.objects.select_related("state")
        .annotate(product_count=_published_count())
        .order_by("state__name", "name")
    )


def district_detail(slug: str):
    from catalogue.models import GIProduct

    return (
        districts_with_counts()
        .filter(slug=slug)
        .prefetch_related(
            Prefetch("gi_products", queryset=GIProduct.objects.order_by("name")),
            "clusters",
        )
        .first()
    )


def gi_products_with_counts(state: str | None = None):
    from catalogue.models import GIProduct

    qs = GIProduct.objects.prefetch_related("states").annotate(product_count=_published_count())
    if state:
        qs = qs.filter(states__slug=state)
    return qs.order_by("name")


def is_keyword_landing(text: str) -> bool:
    """Whether /search/?q=<text> is a landing page (exact spelling).

    Every search page asks; the phrases (a few hundred at most, chosen by staff) are kept
    until the next edit of public data, landing phrases included (core/content_cache.py)."""
    if not text:
        return False
    key = f"search:landing-phrases:{content_cache.recent_content_version()}"
    phrases = versioned_cache().get(key)
    if phrases is None:
        phrases = frozenset(KeywordLanding.objects.values_list("phrase", flat=True))
        versioned_cache().set(key, phrases, content_cache.FRAGMENT_SECONDS)
    return text in phrases


def keyword_landing_phrases(limit: int | None = None) -> list[str]:
    """The landing phrases, alphabetically (robots.txt, the sitemap, "popular searches")."""
    phrases = KeywordLanding.objects.order_by("phrase").values_list("phrase", flat=True)
    return list(phrases[:limit] if limit else phrases)


def translated_names(product_ids: list[int], language: str) -> dict[int, str]:
    """Sellers' names for these products in `language` (one query for a result page)."""
    return dict(
        ProductTranslation.objects.filter(product_id__in=product_ids, language=language)
        .exclude(name="")
        .values_list("product_id", "name")
    )
