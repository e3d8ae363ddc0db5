"""Public catalogue pages: product, seller, GI registry. Thin: a selector, then a template."""

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from catalogue import selectors
from catalogue.html import plain_text
from catalogue.seo import breadcrumb_jsonld, dumps, product_jsonld, seller_jsonld
from catalogue.translations import localized_product, localized_seller
from core import content_cache
from core.fragment_cache import versioned_get_shared, versioned_set_shared

MAIN_SPEC = "width-960|format-webp"
SELLER_PAGE_SIZE = 24


def district_breadcrumbs(district) -> list[tuple[str, str]]:
    """State → district, linking to the CMS storefronts at /<state-slug>/<district-slug>/, in
    the language being read (/fr/<state-slug>/...: an untranslated storefront still answers
    there, see cms/i18n.py)."""
    state = district.state
    return [
        (state.name, reverse("wagtail_serve", args=[f"{state.slug}/"])),
        (district.name, reverse("wagtail_serve", args=[f"{state.slug}/{district.slug}/"])),
    ]


def _own_url(request, name: str, slug: str) -> str:
    """This page's absolute URL in the language it is served in (/fr/products/x/ under /fr/).

    Each language version is its own page, so the canonical URL is self-referencing and the
    hreflang alternates (templates/includes/seo.html) list the other languages; pointing a
    French page's canonical at the English URL would tell search engines to drop the French
    page. That holds even when the seller has not translated the description: the interface,
    trade terms, price tiers, currency and dates are in the reader's language, and the
    original text is labelled as such ("Original in English"); Google treats localized
    versions as duplicates only when the main content stays untranslated.
    """
    return request.build_absolute_uri(reverse(name, kwargs={"slug": slug}))


def _image_urls(request, images, limit=4) -> list[str]:
    return [
        # get_renditions, unlike get_rendition, does not write prefetched renditions back
        # to the cache on every call.
        request.build_absolute_uri(item.image.get_renditions(MAIN_SPEC)[MAIN_SPEC].url)
        for item in list(images)[:limit]
    ]


def _page_number(request) -> int:
    try:
        return max(1, min(int(request.GET.get("page", "1")), 10_000))
    except ValueError:
        return 1


@require_GET
def product_detail(request, slug):
    access, product = selectors.product_for_page(slug=slug, user=request.user, request=request)
    # Lazy: read only when a cached part of the page misses (see product_for_page).
    images = SimpleLazyObject(lambda: list(product.images.all()))
    context = {
        **_product_page_facts(request, access, product, images),
        "product": product,
        "product_pk": access.pk,
        "district_name": access.district_name,
        "seller": SimpleLazyObject(lambda: product.seller),
        "images": images,
        "tiers": SimpleLazyObject(lambda: list(product.price_tiers.all())),
        "certifications": SimpleLazyObject(lambda: list(product.certifications.all())),
        "is_preview": not access.public,
    }
    return render(request, "catalogue/product_detail.html", context)


def _product_page_facts(request, access, product, images) -> dict:
    """What the product page says around its cached body: the text in the reader's language,
    URLs, breadcrumbs and JSON-LD (serialised). The same for every visitor of this product in
    one language, currency and host, so it is worked out once per content version
    (core/content_cache.py): a warm product page spent a third of its time here."""
    key = f"catalogue:product-facts:{access.pk}:{content_cache.vary_key(request)}"
    facts = versioned_get_shared(key)
    if facts is not None:
        return facts
    url = _own_url(request, "catalogue:product_detail", product.slug)
    image_urls = _image_urls(request, images)
    home = reverse("wagtail_serve", args=[""])
    # The seller's translation for this language, else the original, labelled as such.
    text = localized_product(product)
    crumbs = [(_("Home"), home), *district_breadcrumbs(product.district), (text.name, url)]
    facts = {
        "text": text,
        "product_text": plain_text(text.description),
        "breadcrumbs": district_breadcrumbs(product.district),
        "canonical_url": url,
        "og_image": image_urls[0] if image_urls else "",
        "jsonld": [
            dumps(
                product_jsonld(
                    product,
                    url=url,
                    seller_url=_own_url(request, "catalogue:seller_detail", product.seller.slug),
                    image_urls=image_urls,
                    text=text,
                )
            ),
            dumps(breadcrumb_jsonld([(n, request.build_absolute_uri(u)) for n, u in crumbs])),
        ],
    }
    versioned_set_shared(key, facts, content_cache.FRAGMENT_SECONDS)
    return facts


@require_GET
def seller_detail(request, slug):
    access, seller = selectors.seller_page_access(slug=slug, user=request.user, request=request)
    facts = _seller_page_facts(request, access, seller)
    # Clamped as Paginator.get_page clamps, so ?page=9999 shares the last page's fragments.
    number = min(_page_number(request), facts["page_count"])
    page = SimpleLazyObject(lambda: _products_page(seller, number, facts["product_count"]))
    url = facts["seller_url"]
    context = {
        **facts,
        "seller": seller,
        "seller_pk": access.pk,
        "is_preview": not access.public,
        # A pending seller's preview is rendered afresh and never stored (timeout 0).
        "fragment_seconds": content_cache.FRAGMENT_SECONDS if access.public else 0,
        "page_number": number,
        # Lazy: read only when a cached part of the page misses.
        "photos": SimpleLazyObject(lambda: list(seller.photos.all())),
        "page": page,
        "products": SimpleLazyObject(lambda: list(page.object_list)),
        "gi_products": SimpleLazyObject(lambda: list(selectors.seller_gi_products(seller))),
        "canonical_url": url if number == 1 else f"{url}?page={number}",
    }
    return render(request, "catalogue/seller_detail.html", context)


def _products_page(seller, number: int, count: int):
    """The seller's page `number` of product cards (SELLER_PAGE_SIZE a page), counted by the
    facts already (Paginator.count is a cached property: one query less when it misses)."""
    paginator = Paginator(selectors.seller_public_products(seller), SELLER_PAGE_SIZE)
    paginator.count = count
    return paginator.get_page(number)


def _seller_page_facts(request, access, seller) -> dict:
    """What the seller page says around its cached fragments: the text in the reader's
    language, URLs, breadcrumbs, JSON-LD (serialised) and the number of pages of products.
    The same for every visitor of an approved seller in one language, currency and host, so
    worked out once per content version (core/content_cache.py), as `_product_page_facts`;
    a pending seller's preview is worked out on every request and never cached."""
    key = f"catalogue:seller-facts:{access.pk}:{content_cache.vary_key(request)}"
    facts = versioned_get_shared(key) if access.public else None
    if facts is not None:
        return facts
    url = _own_url(request, "catalogue:seller_detail", seller.slug)
    image_urls = _image_urls(request, seller.photos.all())
    text = localized_seller(seller)
    seller_text = plain_text(text.description)
    count = selectors.seller_public_products(seller).count()
    facts = {
        "text": text,
        "seller_text": seller_text,
        "meta_description": Truncator(seller_text).chars(155),
        "district_name": seller.district.name,
        "breadcrumbs": district_breadcrumbs(seller.district),
        "seller_url": url,
        "og_image": image_urls[0] if image_urls else "",
        "jsonld": [dumps(seller_jsonld(seller, url=url, image_urls=image_urls, text=text))],
        "product_count": count,
        "page_count": max(1, -(-count // SELLER_PAGE_SIZE)),
    }
    if access.public:
        versioned_set_shared(key, facts, content_cache.FRAGMENT_SECONDS)
    return facts


@require_GET
def seller_list(request):
    """The sellers directory: filter by state, district and category, 24 a page."""
    filters = {
        name: request.GET.get(name, "")[:100].replace("\x00", "").strip()
        for name in ("state", "district", "category")
    }
    page = Paginator(selectors.seller_directory(**filters), 24).get_page(_page_number(request))
    context = {
        "page": page,
        "sellers": list(page.object_list),
        "filters": filters,
        "choices": selectors.directory_choices(),
        "query_string": urlencode({k: v for k, v in filters.items() if v}),
        "canonical_url": request.build_absolute_uri(request.path),
    }
    return render(request, "catalogue/seller_list.html", context)


@require_GET
def gi_list(request):
    # NUL characters are dropped: PostgreSQL refuses them in text (a 500 otherwise).
    query = request.GET.get("q", "")[:100].replace("\x00", "").strip()
    category = request.GET.get("category", "")[:60].replace("\x00", "")
    page = Paginator(selectors.gi_list(query=query, category=category), 60).get_page(
        _page_number(request)
    )
    context = {
        "page": page,
        "gis": list(page.object_list),
        "query": query,
        "category": category,
        "categories": selectors.gi_categories(),
        "canonical_url": request.build_absolute_uri(request.path),
    }
    return render(request, "catalogue/gi_list.html", context)


@require_GET
def gi_detail(request, slug):
    gi = selectors.gi_for_page(slug=slug)
    page = Paginator(selectors.gi_products(gi), 24).get_page(_page_number(request))
    context = {
        "gi": gi,
        "page": page,
        "products": list(page.object_list),
        "sellers": list(selectors.gi_authorised_sellers(gi)),
        "canonical_url": _own_url(request, "catalogue:gi_detail", gi.slug),
        "title": _("%(name)s (GI)") % {"name": gi.name},
    }
    return render(request, "catalogue/gi_detail.html", context)
