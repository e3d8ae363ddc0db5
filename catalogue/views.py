"""Public catalogue pages: product, seller, GI registry. Thin: a selector, then a template."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from catalogue import selectors
from catalogue.html import plain_text
from catalogue.seo import breadcrumb_jsonld, product_jsonld, seller_jsonld
from catalogue.translations import localized_product, localized_seller

MAIN_SPEC = "width-960|format-webp"


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
        request.build_absolute_uri(item.image.get_rendition(MAIN_SPEC).url)
        for item in list(images)[:limit]
    ]


def _page_number(request) -> int:
    try:
        return max(1, min(int(request.GET.get("page", "1")), 10_000))
    except ValueError:
        return 1


@require_GET
def product_detail(request, slug):
    product = selectors.product_for_page(slug=slug, user=request.user)
    url = _own_url(request, "catalogue:product_detail", product.slug)
    images = list(product.images.all())
    image_urls = _image_urls(request, images)
    home = reverse("wagtail_serve", args=[""])
    # The seller's translation for this language, else the original, labelled as such.
    text = localized_product(product)
    crumbs = [(_("Home"), home), *district_breadcrumbs(product.district), (text.name, url)]
    context = {
        "product": product,
        "text": text,
        "product_text": plain_text(text.description),
        "seller": product.seller,
        "images": images,
        "tiers": list(product.price_tiers.all()),
        "certifications": list(product.certifications.all()),
        "breadcrumbs": district_breadcrumbs(product.district),
        "canonical_url": url,
        "og_image": image_urls[0] if image_urls else "",
        "jsonld": [
            product_jsonld(
                product,
                url=url,
                seller_url=_own_url(request, "catalogue:seller_detail", product.seller.slug),
                image_urls=image_urls,
                text=text,
            ),
            breadcrumb_jsonld([(n, request.build_absolute_uri(u)) for n, u in crumbs]),
        ],
        "is_preview": not product.is_published or product.seller.status == "suspended",
    }
    return render(request, "catalogue/product_detail.html", context)


@require_GET
def seller_detail(request, slug):
    seller = selectors.seller_for_page(slug=slug)
    url = _own_url(request, "catalogue:seller_detail", seller.slug)
    photos = list(seller.photos.all())
    page = Paginator(selectors.seller_public_products(seller), 24).get_page(_page_number(request))
    image_urls = _image_urls(request, photos)
    text = localized_seller(seller)
    context = {
        "seller": seller,
        "text": text,
        "seller_text": plain_text(text.description),
        "photos": photos,
        "page": page,
        "products": list(page.object_list),
        "gi_products": list(selectors.seller_gi_products(seller)),
        "breadcrumbs": district_breadcrumbs(seller.district),
        "canonical_url": url if page.number == 1 else f"{url}?page={page.number}",
        "og_image": image_urls[0] if image_urls else "",
        "jsonld": [seller_jsonld(seller, url=url, image_urls=image_urls, text=text)],
    }
    return render(request, "catalogue/seller_detail.html", context)


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
