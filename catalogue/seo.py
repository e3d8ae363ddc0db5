"""Structured data (schema.org JSON-LD) for product and seller pages."""

from __future__ import annotations

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import _json_script_escapes
from django.utils.safestring import SafeString, mark_safe

from catalogue.html import plain_text
from catalogue.models import Product
from sellers.models import Seller

UNIT_CODES = {  # UN/CEFACT common codes for eligibleQuantity
    "piece": "H87",
    "set": "SET",
    "pair": "PR",
    "kg": "KGM",
    "tonne": "TNE",
    "metre": "MTR",
    "litre": "LTR",
    "dozen": "DZN",
}


def dumps(data: dict) -> SafeString:
    """JSON for a <script type="application/ld+json"> block.

    Same escaping as Django's json_script (<, > and & become \\u escapes), so no text from a
    seller can close the script element.
    """
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    return mark_safe(text.translate(_json_script_escapes))  # noqa: S308  # nosec B308 B703


def _offer(product: Product, url: str, price, min_quantity: int | None) -> dict:
    offer = {
        "@type": "Offer",
        "url": url,
        "price": str(price),
        "priceCurrency": "INR",
        "availability": "https://schema.org/InStock",
        "seller": {"@type": "Organization", "name": product.seller.name},
    }
    if min_quantity:
        offer["eligibleQuantity"] = {
            "@type": "QuantitativeValue",
            "minValue": min_quantity,
            "unitCode": UNIT_CODES.get(product.unit, "H87"),
        }
    return offer


def aggregate_rating(seller: Seller) -> dict | None:
    """schema.org AggregateRating from the seller's denormalised figures; None without
    reviews (an empty rating must not be claimed: search engines flag it)."""
    if not seller.rating_count or seller.rating_average is None:
        return None
    return {
        "@type": "AggregateRating",
        "ratingValue": f"{seller.rating_average:.1f}",
        "reviewCount": seller.rating_count,
        "bestRating": 5,
        "worstRating": 1,
    }


def product_jsonld(
    product: Product, *, url: str, seller_url: str, image_urls: list[str], text=None
) -> dict:
    """`text`: the LocalizedText shown on the page (catalogue/translations.py), if any."""
    tiers = list(product.price_tiers.all())
    data = {
        "@context": "https://schema.org",
        "@type": "Product",
        "name": text.name if text else product.name,
        "description": plain_text(text.description if text else product.description)[:5000],
        "url": url,
        "sku": product.slug,
        "category": str(product.category),
        "countryOfOrigin": {"@type": "Country", "name": "IN"},
        "brand": {"@type": "Brand", "name": product.seller.name},
        "manufacturer": {"@type": "Organization", "name": product.seller.name, "url": seller_url},
    }
    if image_urls:
        data["image"] = image_urls
    if product.materials:
        data["material"] = product.materials
    if product.gi_id:
        data["additionalProperty"] = [
            {"@type": "PropertyValue", "name": "Geographical Indication", "value": product.gi.name}
        ]
    if len(tiers) == 1:
        data["offers"] = _offer(product, url, tiers[0].unit_price_inr, tiers[0].min_quantity)
    elif tiers:
        prices = [t.unit_price_inr for t in tiers]
        data["offers"] = {
            "@type": "AggregateOffer",
            "priceCurrency": "INR",
            "lowPrice": str(min(prices)),
            "highPrice": str(max(prices)),
            "offerCount": len(tiers),
            "offers": [_offer(product, url, t.unit_price_inr, t.min_quantity) for t in tiers],
        }
    # The rating is the seller's (reviews rate the trade, not one listing), as marketplaces
    # show it on every listing of the seller.
    if rating := aggregate_rating(product.seller):
        data["aggregateRating"] = rating
    return data


def seller_jsonld(seller: Seller, *, url: str, image_urls: list[str], text=None) -> dict:
    data = {
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": seller.name,
        "url": url,
        "description": plain_text(text.description if text else seller.story)[:5000],
        "address": {
            "@type": "PostalAddress",
            "addressLocality": seller.district.name,
            "addressRegion": seller.district.state.name,
            "addressCountry": "IN",
        },
    }
    if seller.year_founded:
        data["foundingDate"] = str(seller.year_founded)
    if seller.team_size:
        data["numberOfEmployees"] = {"@type": "QuantitativeValue", "value": seller.team_size}
    if seller.website:
        data["sameAs"] = [seller.website]
    if image_urls:
        data["image"] = image_urls
    if seller.gstin and seller.gstin_status == Seller.Verification.VERIFIED:
        data["taxID"] = seller.gstin
    if seller.language_list:
        data["knowsLanguage"] = seller.language_list
    if rating := aggregate_rating(seller):
        data["aggregateRating"] = rating
    return data


def breadcrumb_jsonld(items: list[tuple[str, str]]) -> dict:
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": i, "name": name, "item": url}
            for i, (name, url) in enumerate(items, start=1)
        ],
    }
