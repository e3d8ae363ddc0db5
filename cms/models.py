from wagtail.models import Page


class HomePage(Page):
    """The site root: states and featured districts."""

    max_count = 1
    parent_page_types = ["wagtailcore.Page"]
