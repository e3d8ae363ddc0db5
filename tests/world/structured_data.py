"""A small validator of schema.org JSON-LD against Google's structured-data rules.

Required properties make a page ineligible for rich results when missing (errors);
recommended ones only warn. Sources: developers.google.com/search/docs/appearance/
structured-data/{product-snippet,merchant-listing,breadcrumb,event,organization}.
"""

from __future__ import annotations

import datetime
import json
import re
from decimal import Decimal, InvalidOperation

ISO_CURRENCY = re.compile(r"^[A-Z]{3}$")


def _types(node) -> list[str]:
    kind = node.get("@type")
    return kind if isinstance(kind, list) else [kind]


def _is_url(value) -> bool:
    return isinstance(value, str) and value.startswith(("http://", "https://"))


def _is_price(value) -> bool:
    if isinstance(value, float):
        return False  # we never emit floats: prices are strings or ints from Decimal
    try:
        return Decimal(str(value)) >= 0
    except InvalidOperation:
        return False


def _is_iso_datetime(value) -> bool:
    try:
        datetime.datetime.fromisoformat(str(value))
        return True
    except ValueError:
        return False


class Report:
    def __init__(self):
        self.errors: list[str] = []
        self.warnings: list[str] = []

    def need(self, ok: bool, message: str):
        if not ok:
            self.errors.append(message)

    def want(self, ok: bool, message: str):
        if not ok:
            self.warnings.append(message)


def _offer(node, r: Report, where: str):
    r.need(_is_price(node.get("price")), f"{where}: Offer.price must be a non-negative number")
    r.need(
        bool(ISO_CURRENCY.match(str(node.get("priceCurrency", "")))),
        f"{where}: Offer.priceCurrency must be an ISO 4217 code",
    )
    r.want("availability" in node, f"{where}: Offer.availability recommended")
    if "url" in node:
        r.need(_is_url(node["url"]), f"{where}: Offer.url must be absolute")


def _aggregate_offer(node, r: Report, where: str):
    r.need(_is_price(node.get("lowPrice")), f"{where}: AggregateOffer.lowPrice required")
    r.need(
        bool(ISO_CURRENCY.match(str(node.get("priceCurrency", "")))),
        f"{where}: AggregateOffer.priceCurrency required",
    )
    r.want("highPrice" in node, f"{where}: AggregateOffer.highPrice recommended")
    r.want("offerCount" in node, f"{where}: AggregateOffer.offerCount recommended")
    if "highPrice" in node and _is_price(node.get("lowPrice")):
        r.need(
            Decimal(str(node["highPrice"])) >= Decimal(str(node["lowPrice"])),
            f"{where}: highPrice below lowPrice",
        )
    for i, offer in enumerate(node.get("offers", [])):
        _offer(offer, r, f"{where}.offers[{i}]")


def _product(node, r: Report, where: str):
    r.need(bool(node.get("name")), f"{where}: Product.name required")
    r.need(
        any(k in node for k in ("offers", "review", "aggregateRating")),
        f"{where}: Product needs offers, review or aggregateRating",
    )
    r.want("image" in node, f"{where}: Product.image recommended")
    r.want("description" in node, f"{where}: Product.description recommended")
    images = node.get("image", [])
    for image in images if isinstance(images, list) else [images]:
        r.need(_is_url(image), f"{where}: Product.image must be absolute URLs")
    offers = node.get("offers")
    if isinstance(offers, dict):
        if "AggregateOffer" in _types(offers):
            _aggregate_offer(offers, r, f"{where}.offers")
        else:
            _offer(offers, r, f"{where}.offers")


def _organization(node, r: Report, where: str):
    # Google lists no required Organization properties; these are its recommended ones.
    r.need(bool(node.get("name")), f"{where}: Organization.name expected")
    r.want(_is_url(node.get("url")), f"{where}: Organization.url recommended")
    if "address" in node:
        r.want(
            node["address"].get("addressCountry"), f"{where}: address.addressCountry recommended"
        )


def _breadcrumbs(node, r: Report, where: str):
    items = node.get("itemListElement")
    r.need(isinstance(items, list) and len(items) >= 1, f"{where}: itemListElement required")
    for i, item in enumerate(items or [], start=1):
        r.need("ListItem" in _types(item), f"{where}[{i}]: must be a ListItem")
        r.need(item.get("position") == i, f"{where}[{i}]: position must be {i}")
        r.need(bool(item.get("name")), f"{where}[{i}]: name required")
        if i < len(items):
            r.need(_is_url(item.get("item")), f"{where}[{i}]: item (absolute URL) required")


def _event(node, r: Report, where: str):
    r.need(bool(node.get("name")), f"{where}: Event.name required")
    r.need(_is_iso_datetime(node.get("startDate")), f"{where}: Event.startDate ISO 8601 required")
    locations = node.get("location")
    locations = locations if isinstance(locations, list) else [locations]
    r.need(bool(locations and locations[0]), f"{where}: Event.location required")
    for loc in filter(None, locations):
        if "Place" in _types(loc):
            r.need(bool(loc.get("address")), f"{where}: Place.address required")
        elif "VirtualLocation" in _types(loc):
            r.need(_is_url(loc.get("url")), f"{where}: VirtualLocation.url required")
        else:
            r.errors.append(f"{where}: location must be a Place or VirtualLocation")
    for key in ("description", "endDate", "eventStatus", "eventAttendanceMode", "organizer"):
        r.want(key in node, f"{where}: Event.{key} recommended")


RULES = {
    "Product": _product,
    "Offer": _offer,
    "AggregateOffer": _aggregate_offer,
    "Organization": _organization,
    "BreadcrumbList": _breadcrumbs,
    "Event": _event,
}


def validate(node: dict) -> Report:
    report = Report()
    report.need(node.get("@context") in ("https://schema.org", "http://schema.org"), "@context")
    for kind in _types(node):
        rule = RULES.get(kind)
        if rule:
            rule(node, report, kind)
    return report


LD_BLOCK = re.compile(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', re.S)


def blocks_in(html: str) -> list[dict]:
    return [json.loads(text) for text in LD_BLOCK.findall(html)]
