"""The allow-list sanitiser for text sellers write (descriptions, stories).

Sellers may use a tiny tag set: paragraphs, line breaks, bold, italics and lists. Everything
else, including every attribute, is removed; script and style lose their content too.
"""

import nh3

ALLOWED_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li"}


def clean_html(value: str) -> str:
    return nh3.clean(value or "", tags=ALLOWED_TAGS, attributes={}, url_schemes=set()).strip()
