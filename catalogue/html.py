"""The one place descriptions and stories are made safe to render as HTML.

Services clean on the way in (core.html.clean_html); the `rich_description` filter cleans
again on the way out, because rows can also arrive from imports, the admin or the demo loader.
"""

from django.utils.html import escape, linebreaks, strip_tags
from django.utils.safestring import SafeString, mark_safe

from core.html import ALLOWED_TAGS, clean_html

__all__ = ["ALLOWED_TAGS", "clean_html", "plain_text", "render_rich_text"]


def render_rich_text(value: str) -> SafeString:
    """Plain text becomes paragraphs; text with markup keeps the allowed tags only."""
    value = value or ""
    if "<" not in value:
        return mark_safe(linebreaks(escape(value)))  # noqa: S308  # nosec B308 B703
    return mark_safe(clean_html(value))  # noqa: S308  # nosec B308 B703


def plain_text(value: str) -> str:
    """Text for meta descriptions and JSON-LD: cleaned first, so script bodies vanish too."""
    return " ".join(strip_tags(clean_html(value)).split())
