"""Issue 19 item 11: the call-to-action block's link must stay on this site.

Browsers strip leading/trailing C0 controls and spaces, delete tabs and newlines anywhere, and
read a backslash as a slash, so `/\\evil.example/` goes off-site although it "starts with /".
The oracle below resolves a link the way the WHATWG URL standard does for those characters;
the block must refuse every value that would leave the site, at validation and at render time
(stored values that predate the check)."""

import re
from urllib.parse import urljoin, urlsplit

import pytest
from django.template.loader import render_to_string
from hypothesis import given, settings
from hypothesis import strategies as st
from wagtail.blocks import StructBlockValidationError

from cms.blocks import CallToActionBlock

SITE = "https://deh.example/"
OFF_SITE = [
    "/\\evil.example/",
    "/\\/evil.example/",
    "\\\\evil.example/",
    "\t//evil.example/",
    "/\t/evil.example/",
    "/\n/evil.example/",
    "/\r\n/evil.example",
    " //evil.example/",
    "\x00//evil.example",
    "\x1f/\\evil.example",
    "//evil.example/",
    "https://evil.example/",
    "javascript:alert(1)",
    "java\tscript:alert(1)",
]


def browser_host(link: str) -> str:
    """The host a browser on SITE navigates to for href=link (WHATWG's special-scheme rules
    for controls, tabs/newlines and backslashes; urllib does the rest)."""
    cleaned = link.strip("".join(map(chr, range(0x21))))
    cleaned = re.sub("[\t\n\r]", "", cleaned).replace("\\", "/")
    resolved = urlsplit(urljoin(SITE, cleaned))
    return resolved.hostname if resolved.scheme in ("http", "https") else resolved.scheme


def accepts(url: str) -> bool:
    block = CallToActionBlock()
    value = block.to_python({"heading": "H", "link_label": "Go", "url": url, "page": None})
    try:
        block.clean(value)
    except StructBlockValidationError:
        return False
    return True


def rendered_href(url: str) -> str | None:
    block = CallToActionBlock()
    value = block.to_python({"heading": "H", "link_label": "Go", "url": url, "page": None})
    html = render_to_string("blocks/call_to_action.html", {"value": value})
    found = re.search(r'href="([^"]*)"', html)
    return found and found.group(1)


@pytest.mark.parametrize("url", [u for u in OFF_SITE if browser_host(u) != "deh.example"])
def test_off_site_variants_are_refused_and_not_rendered_as_links(url):
    assert not accepts(url)
    href = rendered_href(url)
    assert href is None or browser_host(href) == "deh.example"


@pytest.mark.parametrize("url", ["/search/", "/search/?q=silk+saree", "/fr/varanasi/#events"])
def test_real_site_paths_are_accepted_and_rendered(url):
    assert accepts(url)
    assert rendered_href(url) == url.replace("&", "&amp;")


PIECES = st.sampled_from(
    ["/", "\\", "\t", "\n", "\r", " ", "\x00", "\x0b", "\x1f", "\x7f", "evil.example", ":", "a"]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(PIECES, min_size=1, max_size=6).map("".join))
def test_any_accepted_or_rendered_link_stays_on_site(url):
    if accepts(url):
        assert browser_host(url) == "deh.example", repr(url)
    href = rendered_href(url)
    if href is not None:
        assert browser_host(href) == "deh.example", repr(url)
