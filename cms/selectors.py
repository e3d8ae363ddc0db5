"""Reads for the public pages. Each function runs a fixed number of queries, whatever the
number of states, districts, products or photos: counts come from subqueries (the home
and state pages' product counts from one grouped count, `published_counts`), lists from
`select_related`, and images arrive with their renditions prefetched (a warm page makes no
rendition query per image and creates none).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import NamedTuple
from urllib.parse import urlencode

from django.db import DEFAULT_DB_ALIAS, connection
from django.db.models import (
    Count,
    F,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    Window,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, RowNumber
from django.urls import reverse
from wagtail.images import get_image_model

from catalogue.models import GIProduct, Product, ProductImage
from cms import i18n
from regions.models import Cluster, District
from sellers.models import Seller, SellerPhoto

PUBLISHED = Product.Status.PUBLISHED
STOREFRONT_PRODUCTS = 12
STOREFRONT_SELLERS = 8
FEATURED_DISTRICTS = 6
PRODUCTS_PER_FEATURED_DISTRICT = 4


def _count(queryset: QuerySet, group_by: str):
    """A correlated COUNT subquery (no join fan-out, no GROUP BY on the outer query)."""
    counted = queryset.order_by().values(group_by).annotate(n=Count("pk")).values("n")[:1]
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def _published_products():
    # A seller nobody has approved yet is not public, nor are its listings (issue 18).
    # `published_counts` and `_newest_per_district_sql` spell the same two conditions in
    # SQL, for speed: change all three (tests/cms/test_home_lists.py compares them).
    return Product.objects.filter(status=PUBLISHED, seller__status=Seller.Status.APPROVED)


def _first_image(images: QuerySet, owner: str) -> dict:
    """The id and alt text of the outer row's first image among `images` (`owner`: their
    foreign key to the row) as two annotations, read with the row rather than by a prefetch
    query of their own."""
    first = images.filter(**{owner: OuterRef("pk")}).order_by("sort_order", "id")
    return {
        "card_image_id": Subquery(first.values("image_id")[:1]),
        "card_image_alt": Subquery(first.values("alt_text")[:1]),
    }


def _built_once(build):
    """`build(*args)` made once per process and argument, then a copy (`.all()`) per call.

    A card queryset's joins, annotations and subqueries are the same on every page, and
    building them (resolving each expression against the models) was about a tenth of a
    cold storefront's selector. A queryset holds no rows and no connection until it is
    evaluated, and `.all()` hands each caller its own clone to filter and slice."""

    @functools.cache
    def base(*args):
        return build(*args)

    @functools.wraps(build)
    def copy(*args):
        return base(*args).all()

    return copy


def product_cards(*, with_place: bool = True) -> QuerySet[Product]:
    """Published products with what a product card shows: seller, place, GI, first photo.

    The first photo's image id and alt text come with each row; `with_card_images` then
    gives every product of a page `card_images` (a list of at most one ProductImage) with
    its renditions, in one query for the whole page. `with_place=False` for cards of a
    district the caller already holds: `in_district` gives them that one (a storefront read
    its district and state again for every card)."""
    return _product_cards(with_place)


@_built_once
def _product_cards(with_place: bool) -> QuerySet[Product]:
    related = ("seller", "district__state", "gi") if with_place else ("seller", "gi")
    return (
        _published_products()
        .select_related(*related)
        .annotate(**_first_image(ProductImage.objects.all(), "product"))
        .order_by("-published_at", "-id")
    )


def in_district(cards: list, district: District) -> list:
    """Cards read without their place (`with_place=False`), given `district` (with its state)."""
    for card in cards:
        card.district = district
    return cards


def seller_cards(*, with_place: bool = True) -> QuerySet[Seller]:
    """Approved sellers with their logo or first photo, and their published product count
    (the images come from `with_card_images`, as for products; `with_place` as there)."""
    return _seller_cards(with_place)


@_built_once
def _seller_cards(with_place: bool) -> QuerySet[Seller]:
    sellers = Seller.objects.filter(status=Seller.Status.APPROVED)
    if with_place:
        # Never `select_related()` with no field: that follows every foreign key.
        sellers = sellers.select_related("district__state")
    return sellers.annotate(
        product_count=_count(_published_products().filter(seller=OuterRef("pk")), "seller"),
        **_first_image(SellerPhoto.objects.all(), "seller"),
    ).order_by("-gstin_status", "name")


def with_card_images(*, products=(), sellers=(), also=()) -> dict:
    """Give the cards of one page their images with every rendition: `card_images` on each
    product, `card_photos` and `logo` on each seller, from one query for all of them (a
    storefront used to ask four: product photos, their renditions, seller photos, theirs).

    Renditions are read with their image joined; an image that has none yet (never shown)
    is read on its own, and the template creates its renditions as Wagtail always does.
    Images of the page's own (`also`: ids, a hero image) come in the same query; returns
    every image read, by id."""
    wanted = {p.card_image_id for p in products} | {s.card_image_id for s in sellers}
    wanted |= {s.logo_id for s in sellers} | set(also)
    wanted.discard(None)
    images = _images_with_renditions(wanted)
    for product in products:
        product.card_images = _photos(ProductImage, images, card=product, product_id=product.pk)
    for seller in sellers:
        seller.card_photos = _photos(SellerPhoto, images, card=seller, seller_id=seller.pk)
        seller.logo = images.get(seller.logo_id)
    return images


def _photos(model, images: dict, *, card, **owner) -> list:
    """The card's first photo as the card templates read it: a list of at most one."""
    image = images.get(card.card_image_id)
    return [] if image is None else [model(image=image, alt_text=card.card_image_alt, **owner)]


def _images_with_renditions(ids: set[int]) -> dict:
    if not ids:
        return {}
    image_model = get_image_model()
    images: dict = {}
    for rendition in (
        image_model.get_rendition_model().objects.filter(image_id__in=ids).select_related("image")
    ):
        image = images.setdefault(rendition.image_id, rendition.image)
        rendition.image = image  # one Image object per id, shared by its renditions
        if not hasattr(image, "prefetched_renditions"):
            image.prefetched_renditions = []  # where Wagtail looks for prefetched renditions
        image.prefetched_renditions.append(rendition)
    if ids - images.keys():
        for image in image_model.objects.filter(pk__in=ids - images.keys()):
            image.prefetched_renditions = []
            images[image.pk] = image
    return images


@_built_once
def cluster_cards() -> QuerySet[Cluster]:
    """Clusters with what a card shows, and the id and URL path of each one's live page
    (`cluster_page` makes its link from them): read with the clusters, not by a second query
    for the pages (a storefront's sixteenth with every cache empty)."""
    from cms.models import ClusterPage

    live_page = ClusterPage.objects.live().filter(cluster=OuterRef("pk")).order_by("path")
    return (
        Cluster.objects.select_related("district__state")
        .annotate(
            live_page_id=Subquery(live_page.values("pk")[:1]),
            live_page_url_path=Subquery(live_page.values("url_path")[:1]),
        )
        .order_by("name")
    )


def cluster_page(cluster):
    """The live page of a cluster from `cluster_cards`, as far as its link needs it (its id
    and URL path; any other field read from it is a query), or None."""
    from cms.models import ClusterPage

    page_id = getattr(cluster, "live_page_id", None)
    if page_id is None:
        return None
    return ClusterPage.from_db(
        DEFAULT_DB_ALIAS,
        ["id", "url_path", "page_ptr_id"],
        [page_id, cluster.live_page_url_path, page_id],
    )


def page_ancestors(page) -> list:
    """The page's ancestors below the tree root (home first), for its breadcrumbs.

    One query, remembered on the page object: the visible breadcrumbs and the JSON-LD
    BreadcrumbList of the same page view read the same list (each used to walk the tree
    itself, the JSON-LD one with a query per page type for the specific rows, which a
    breadcrumb's title and URL do not need). The home page has none and asks nothing."""
    ancestors = getattr(page, "_deh_ancestors", None)
    if ancestors is None:
        # depth 1 is Wagtail's invisible tree root, depth 2 the home page.
        ancestors = list(page.get_ancestors().filter(depth__gt=1)) if page.depth > 2 else []
        page._deh_ancestors = ancestors
    return ancestors


def _with_translated_titles(pages: list) -> list:
    """Give each listed original page its title in the reader's language where a real
    translation exists (one query; none in the default language), and `text_language`, the
    language its title is in (for a `lang` attribute). The link is built in the reader's
    language by the template (cms.i18n.localized_page_url)."""
    from django.conf import settings
    from django.utils.translation import get_language

    reader = get_language() or settings.LANGUAGE_CODE
    titles = i18n.translated_titles(pages, reader)
    for page in pages:
        title = titles.get(page.translation_key)
        if title is not None:
            page.title = title
        translated = title is not None or reader == settings.LANGUAGE_CODE
        page.text_language = reader if translated else settings.LANGUAGE_CODE
    return pages


def home_states(*, home, counts: dict | None = None) -> list:
    """The state pages of the site, each with its number of districts and live products.

    Read from the original (default-locale) tree whatever `home`'s language: another
    locale's tree holds only the pages translated or aliased so far (cms.i18n). `counts`:
    `published_counts()`, if the caller has read it already."""
    from cms.models import StatePage

    home = i18n.default_locale_source(home)
    counts = published_counts() if counts is None else counts
    by_state: dict[int, int] = {}
    for state_id, products in counts.values():
        by_state[state_id] = by_state.get(state_id, 0) + products
    states = list(
        StatePage.objects.child_of(home)
        .live()
        .select_related("state")
        .annotate(
            district_count=_count(District.objects.filter(state=OuterRef("state_id")), "state")
        )
        .order_by("state__name")
    )
    for page in states:
        page.product_count = by_state.get(page.state_id, 0)
    return _with_translated_titles(states)


class DistrictCount(NamedTuple):
    state_id: int
    products: int


def _products_in(counts: dict[int, DistrictCount], district_id: int) -> int:
    found = counts.get(district_id)
    return found.products if found else 0


def published_counts(*, state_id: int | None = None) -> dict[int, DistrictCount]:
    """Published products of approved sellers in each district that has one (of one state,
    with `state_id`): {district id: (state id, products)}. The home page's featured districts
    and state tiles read it (`cms.models.HomePage` reads it once for both), and a state
    page's district list.

    Counted per district and seller first, from the partial index of published products
    (`catalogue_pub_district_seller`, read without the table), then summed over the approved
    sellers. At 10^5 products a correlated count for each storefront took 190 ms, and one for
    each state 140 ms; this takes about 10 ms."""
    product = Product._meta.db_table
    seller = Seller._meta.db_table
    district = District._meta.db_table
    params: list = [PUBLISHED]
    of_state = ""
    if state_id is not None:
        of_state = f" AND district_id IN (SELECT id FROM {district} WHERE state_id = %s)"  # noqa: S608 # nosec B608 (model table name)
        params.append(state_id)
    # Table names from the models; the values travel as parameters.
    sql = (
        f"SELECT c.district_id, d.state_id, SUM(c.n) FROM (SELECT district_id, seller_id, "  # noqa: S608 # nosec B608 (model table names)
        f"COUNT(*) AS n FROM {product} WHERE status = %s{of_state} "  # nosec B608
        f"GROUP BY district_id, seller_id) c JOIN {seller} s ON s.id = c.seller_id "  # nosec B608
        f"JOIN {district} d ON d.id = c.district_id "  # nosec B608
        "WHERE s.status = %s GROUP BY c.district_id, d.state_id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, Seller.Status.APPROVED])
        return {
            district_id: DistrictCount(state_id, int(n))
            for district_id, state_id, n in cursor.fetchall()
        }


def featured_districts(*, home, counts: dict | None = None) -> list:
    """The home page's chosen districts in the editors' order, or else the storefronts with
    the most published products (then by title); at most FEATURED_DISTRICTS.

    Each district page gets `product_count`, and its district `latest_products` (a few
    cards). `counts`: `published_counts()`, if the caller has read it already."""
    from cms.models import DistrictPage

    home = i18n.default_locale_source(home)
    counts = published_counts() if counts is None else counts
    live = DistrictPage.objects.live().descendant_of(home)
    chosen = list(home.featured_districts.values_list("district_page_id", flat=True))
    if not chosen:
        # Ranked on narrow rows, then only the few shown are read whole: sorting every
        # storefront's full row to keep six was most of this query's time. Storefronts with
        # no product are dropped here rather than by `district_id IN (...)`: that list has
        # one parameter per district with a product (595 in the demo), and building and
        # sending it cost three times the query itself.
        candidates = [
            row for row in live.values_list("pk", "district_id", "title") if row[1] in counts
        ]
        ranked = sorted(candidates, key=lambda row: (-counts[row[1]].products, row[2]))
        chosen = [pk for pk, _district_id, _title in ranked[:FEATURED_DISTRICTS]]
    pages = {page.pk: page for page in live.filter(pk__in=chosen).select_related("district__state")}
    result = [pages[pk] for pk in chosen if pk in pages][:FEATURED_DISTRICTS]
    latest = _latest_products([page.district_id for page in result])
    for page in result:
        page.product_count = _products_in(counts, page.district_id)
        page.district.latest_products = in_district(latest.get(page.district_id, []), page.district)
    with_card_images(products=[p for page in result for p in page.district.latest_products])
    return _with_translated_titles(result)


def _latest_products(district_ids: list[int]) -> dict[int, list]:
    """The newest PRODUCTS_PER_FEATURED_DISTRICT product cards of each district, in one
    query: each district's newest few ids, then their cards.

    PostgreSQL reads each district's few in order from the index of published products
    (`catalogue_pub_district_newest`, `_newest_per_district_sql`). Numbering every published
    product of the districts instead (a window) read the six largest districts' every
    product whole: 180 ms at 10^5 products. SQLite, the small embedded default, has no
    LATERAL join, so it numbers them."""
    if not district_ids:
        return {}
    if connection.vendor == "postgresql":
        picked = _newest_per_district_sql(district_ids)
    else:
        rank = Window(
            RowNumber(),
            partition_by=F("district_id"),
            order_by=[F("published_at").desc(), F("id").desc()],
        )
        picked = (
            _published_products()
            .filter(district_id__in=district_ids)
            .annotate(newest=rank)
            .filter(newest__lte=PRODUCTS_PER_FEATURED_DISTRICT)
            .values("pk")
        )
    latest: dict[int, list] = {}
    # Without their place: each goes with its featured storefront's district (`in_district`).
    for product in product_cards(with_place=False).filter(pk__in=picked):
        latest.setdefault(product.district_id, []).append(product)
    return latest


def _newest_per_district_sql(district_ids: list[int]) -> RawSQL:
    """The ids of each district's newest published products of approved sellers (the
    conditions of `_published_products`), as a PostgreSQL subquery. Written as SQL: the
    same reads as one ORM slice per district joined by UNION ALL, but building six
    querysets and compiling them cost twice the query (7 of 14 ms on the demo)."""
    product = Product._meta.db_table
    seller = Seller._meta.db_table
    sql = (
        "SELECT p.id FROM unnest(%s::bigint[]) AS d(id) CROSS JOIN LATERAL "  # noqa: S608
        f"(SELECT p.id FROM {product} p JOIN {seller} s ON s.id = p.seller_id "  # nosec B608 (model table names)
        "WHERE p.district_id = d.id AND p.status = %s "
        "AND s.status = %s ORDER BY p.published_at DESC, p.id DESC LIMIT %s) p"
    )
    params = (
        list(district_ids),
        PUBLISHED,
        Seller.Status.APPROVED,
        PRODUCTS_PER_FEATURED_DISTRICT,
    )
    # Table names from the models; the values travel as parameters.
    return RawSQL(sql, params)  # noqa: S611 # nosec B611 (parameters travel apart)


def state_districts(*, state_page) -> list:
    """The live district storefronts of a state with their product and seller counts, read
    from the original tree whatever the state page's language (as `home_states`)."""
    from cms.models import DistrictPage

    state_page = i18n.default_locale_source(state_page)
    # A correlated count of products for each of a large state's 75 storefronts took 27 ms
    # at 10^5 products.
    counts = published_counts(state_id=state_page.state_id)
    districts = list(
        DistrictPage.objects.child_of(state_page)
        .live()
        .select_related("district")
        .annotate(
            seller_count=_count(
                Seller.objects.filter(
                    status=Seller.Status.APPROVED, district=OuterRef("district_id")
                ),
                "district",
            ),
        )
        .order_by("title")
    )
    for page in districts:
        page.product_count = _products_in(counts, page.district_id)
    return _with_translated_titles(districts)


@dataclass(frozen=True)
class Storefront:
    """What a district storefront shows besides the official's own content."""

    district: District
    hero_image: object | None
    products: list = field(default_factory=list)
    product_count: int = 0
    sellers: list = field(default_factory=list)
    seller_count: int = 0
    clusters: list = field(default_factory=list)
    gi_products: list = field(default_factory=list)
    articles: list = field(default_factory=list)
    enquiry_url: str = ""
    search_url: str = ""


def enquiry_url(district: District) -> str:
    """Where "send an enquiry to this district's exporters" leads: a buying request scoped to
    the district, which the RFQ routing sends to each matching seller there, rather than a
    form that makes the buyer pick one of them."""
    return f"{reverse('marketplace:rfq_new')}?{urlencode({'district': district.slug})}"


def _search_url(district: District) -> str:
    return f"{reverse('search:search')}?district={district.slug}"


def page_district(page) -> District:
    """The storefront page's district with its state, loaded once per page object: the
    storefront's own parts and its body's "district at a glance" block (cms.blocks) read the
    same one."""
    if not type(page).district.is_cached(page):
        page.district = District.objects.select_related("state").get(pk=page.district_id)
    return page.district


def _with_total(queryset: QuerySet) -> QuerySet:
    """`queryset` with `total`, the number of rows it has before any slice (a window count:
    a storefront lists the first few and states how many there are, in one query)."""
    return queryset.annotate(total=Window(Count("pk")))


def _hero_with_renditions(page):
    """The page's hero image if it came with its renditions (routing reads them with a
    storefront, cms.models.DistrictPage), else None."""
    if not type(page).hero_image.is_cached(page):
        return None
    image = page.hero_image
    return image if hasattr(image, "prefetched_renditions") else None


def district_storefront(*, page) -> Storefront:
    from cms.models import ArticlePage

    district = page_district(page)
    products = _with_total(product_cards(with_place=False).filter(district=district))
    products = in_district(list(products[:STOREFRONT_PRODUCTS]), district)
    sellers = _with_total(seller_cards(with_place=False).filter(district=district))
    sellers = in_district(list(sellers[:STOREFRONT_SELLERS]), district)
    hero = _hero_with_renditions(page)
    also = [] if hero else [page.hero_image_id]
    images = with_card_images(products=products, sellers=sellers, also=also)
    return Storefront(
        district=district,
        hero_image=hero or images.get(page.hero_image_id),
        products=products,
        product_count=products[0].total if products else 0,
        sellers=sellers,
        seller_count=sellers[0].total if sellers else 0,
        clusters=list(cluster_cards().filter(district=district)),
        gi_products=list(
            GIProduct.objects.filter(districts=district)
            .annotate(
                product_count=_count(
                    _published_products().filter(district=district, gi=OuterRef("pk")), "gi"
                ),
            )
            .order_by("name")
        ),
        articles=list(
            ArticlePage.objects.child_of(page).live().order_by("-date", "-first_published_at")[:3]
        ),
        enquiry_url=enquiry_url(district),
        search_url=_search_url(district),
    )


@dataclass(frozen=True)
class ClusterView:
    cluster: Cluster
    hero_image: object | None
    district_page: object | None
    products: list = field(default_factory=list)


def cluster_view(*, page) -> ClusterView:
    cluster = Cluster.objects.select_related("district__state").get(pk=page.cluster_id)
    products = product_cards(with_place=False).filter(district_id=cluster.district_id)
    products = in_district(list(products[:STOREFRONT_PRODUCTS]), cluster.district)
    images = with_card_images(products=products, also=[page.hero_image_id])
    return ClusterView(
        cluster=cluster,
        hero_image=images.get(page.hero_image_id),
        district_page=page.get_parent().specific_deferred,
        products=products,
    )
