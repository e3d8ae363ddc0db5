"""The denormalised search table of the database backend, and its vocabulary.

One ProductSearchEntry row per published product holds everything a result list and its
facets need, so a search never joins the catalogue. The searchable text itself is not kept:
it goes into the tsvector (PostgreSQL) or the FTS5 table (SQLite) as the row is written,
which keeps rows narrow: a facet count over tens of thousands of matches reads every matched
row (docs/benchmarks.md, search). Rows are written only by search.indexing (after commit,
through the task queue) and by `search_index --rebuild`.

Engine-specific parts live in migrations guarded by vendor: on PostgreSQL a weighted
tsvector column with a GIN index and pg_trgm indexes; on SQLite an FTS5 virtual table
(`search_productfts`, porter stemming) whose rowid is the product id.
"""

from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MinLengthValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class ProductSearchEntry(models.Model):
    product = models.OneToOneField(
        "catalogue.Product", primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    name = models.CharField(max_length=200)
    slug = models.CharField(max_length=220)

    # Facets and display (slug + label pairs so facet labels need no join)
    state_slug = models.CharField(max_length=100)
    state_name = models.CharField(max_length=100)
    district_slug = models.CharField(max_length=120)
    district_name = models.CharField(max_length=100)
    category_slug = models.CharField(max_length=140)
    category_name = models.CharField(max_length=120)
    parent_category_slug = models.CharField(max_length=140, blank=True)
    parent_category_name = models.CharField(max_length=120, blank=True)
    gi_slug = models.CharField(max_length=220, blank=True)
    gi_name = models.CharField(max_length=200, blank=True)
    # "|organic|fssai|": a delimited list, so one LIKE answers "has this certification".
    certifications = models.CharField(max_length=120, blank=True)
    seller_slug = models.CharField(max_length=220)
    seller_name = models.CharField(max_length=200)
    seller_type = models.CharField(max_length=12)
    seller_verified = models.BooleanField(default=False)
    price_min = models.DecimalField(max_digits=12, decimal_places=2, null=True)
    price_max = models.DecimalField(max_digits=12, decimal_places=2, null=True)
    moq = models.PositiveIntegerField(default=1)
    unit = models.CharField(max_length=10, blank=True)
    image_url = models.CharField(max_length=500, blank=True)
    published_at = models.DateTimeField(null=True)
    boost = models.FloatField(default=1.0)
    # The seller's track record, copied from sellers.Seller (the rating sorts and filters).
    seller_rating = models.DecimalField(max_digits=3, decimal_places=2, null=True)
    seller_rating_count = models.PositiveIntegerField(default=0)
    seller_response_rate = models.PositiveSmallIntegerField(null=True)
    seller_response_hours = models.DecimalField(max_digits=6, decimal_places=1, null=True)
    indexed_at = models.DateTimeField(auto_now=True)

    # PostgreSQL only (NULL elsewhere); GIN index created in migration 0002.
    search_vector = SearchVectorField(null=True)

    class Meta:
        indexes = [
            models.Index(fields=["-published_at"], name="search_entry_newest"),
            models.Index(fields=["price_min"], name="search_entry_price"),
            models.Index(fields=["state_slug"], name="search_entry_state"),
            models.Index(fields=["district_slug"], name="search_entry_district"),
            models.Index(fields=["category_slug"], name="search_entry_category"),
            models.Index(fields=["-seller_rating"], name="search_entry_rating"),
        ]

    def __str__(self):
        return self.name


class SearchTerm(models.Model):
    """A lower-cased word seen in indexed names, GI names, categories, materials or places.

    Typo tolerance and "did you mean" look up candidates here (edit distance ≤ 1 on SQLite;
    pg_trgm similarity first on PostgreSQL). Words are added as products are indexed and
    pruned by `check_search_index`.
    """

    term = models.CharField(max_length=64, unique=True)

    def __str__(self):
        return self.term


class KeywordLanding(models.Model):
    """A search phrase that is also a landing page: /search/?q=<phrase> may be indexed.

    Free-text results stay out of search engines (endless thin pages, search/seo.py), but the
    phrases foreign buyers type into Google ("silk saree", "wooden toys") are what a
    marketplace's landing pages are for. Staff name them here, so the indexable set is
    bounded and chosen by people (nobody can make a page indexable by searching for it).
    robots.txt lets crawlers reach exactly these URLs and the sitemap lists them.
    """

    phrase = models.CharField(
        _("search phrase"),
        max_length=60,
        unique=True,
        validators=[
            MinLengthValidator(2),
            # Letters of any script, digits, spaces, hyphens and apostrophes: the phrase
            # becomes a robots.txt line and a URL, so nothing that could break either.
            RegexValidator(
                r"^[^\W_]+(?:[ '\-][^\W_]+)*$",
                _("Use words separated by single spaces (letters, digits, - and ' only)."),
            ),
        ],
        help_text=_(
            "What a buyer types, in lower case, e.g. “silk saree”. The page "
            "/search/?q=silk+saree then becomes indexable while it has results."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["phrase"]
        verbose_name = _("search landing page")
        verbose_name_plural = _("search landing pages")

    def __str__(self):
        return self.phrase

    def clean(self):
        # One spelling per phrase: the URL must equal it exactly to be indexable.
        self.phrase = normalise_phrase(self.phrase)


def normalise_phrase(text: str) -> str:
    return " ".join(text.split()).lower()
