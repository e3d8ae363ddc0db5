"""Models the benchmarks need and the site does not (installed by bench/settings.py only)."""

from wagtail.search import index

from catalogue.models import Product


class WagtailIndexedProduct(index.Indexed, Product):
    """Products through Wagtail's own search index, for the side-by-side search benchmark.

    A proxy, so catalogue stays unaware of it and saving a Product never touches Wagtail's
    index; `python -m bench.search_bench` fills the index with `add_items` in chunks.
    """

    search_fields = [
        index.SearchField("name", boost=4),
        index.SearchField("materials", boost=2),
        index.SearchField("description"),
        index.AutocompleteField("name"),
        index.FilterField("status"),
        index.FilterField("district_id"),
        index.FilterField("category_id"),
        index.FilterField("gi_id"),
        index.FilterField("seller_id"),
        index.FilterField("price_min_inr"),
        index.FilterField("moq"),
    ]

    class Meta:
        proxy = True
        verbose_name = "product (Wagtail search benchmark)"
