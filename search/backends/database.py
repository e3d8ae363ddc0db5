# ruff: noqa: S608  (SQL is built from constants and allow-listed identifiers only)
"""The database backend: PostgreSQL full-text search, or SQLite FTS5, over ProductSearchEntry.

Text matching and ranking differ by engine (weighted tsvector + ts_rank on PostgreSQL,
FTS5 bm25 with column weights on SQLite); filters, facets, sorts and paging are the same SQL
on both. Every value reaches SQL as a parameter; identifiers come only from the allow-lists
below, never from the request.
"""

from __future__ import annotations

import logging
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import Case, IntegerField, Q, Value, When
from django.db.models.expressions import RawSQL

from search import facets as facet_registry
from search.backends.base import (
    FacetValue,
    ProductDocument,
    SearchBackend,
    SearchHit,
    SearchQuery,
    SearchResult,
    SellerHit,
    SellerResult,
    TermGroup,
)

logger = logging.getLogger(__name__)

TABLE = "search_productsearchentry"
FTS = "search_productfts"
# FTS5 columns in order; bm25 weights mirror PostgreSQL's A/B/C/D weights.
FTS_COLUMNS = ("name", "gi", "category", "materials", "district", "seller", "description")
BM25_WEIGHTS = "10.0, 10.0, 4.0, 4.0, 4.0, 2.0, 1.0"
PG_WEIGHTS = "'{0.1, 0.2, 0.4, 1.0}'"

# The weighted tsvector of a document (weights: A name and GI names; B category, materials,
# district; C seller; D description), computed by the INSERT itself: each row is written
# once, vector included, and the text is not stored.
PG_VECTOR_SQL = (
    "setweight(to_tsvector('english', %s), 'A') || setweight(to_tsvector('english', %s), 'B')"
    " || setweight(to_tsvector('english', %s), 'C') || setweight(to_tsvector('english', %s), 'D')"
)


def _pg_vector(doc: ProductDocument) -> RawSQL:
    from django.contrib.postgres.search import SearchVectorField

    texts = (
        f"{doc.name} {doc.gi_text} {doc.translated_names}",
        f"{doc.category_text} {doc.materials} {doc.district_text}",
        doc.seller_text,
        f"{doc.description} {doc.translated_text}",
    )
    # PostgreSQL's parser reads "itra/attar" as one file-path token, which no query word
    # meets; a slash separates words in listings.
    texts = tuple(text.replace("/", " ") for text in texts)
    # A constant template; the texts travel as parameters.
    return RawSQL(PG_VECTOR_SQL, texts, output_field=SearchVectorField())  # noqa: S611  # nosec B611


HIT_COLUMNS = (
    "product_id",
    "slug",
    "name",
    "seller_name",
    "seller_slug",
    "seller_verified",
    "district_name",
    "district_slug",
    "state_name",
    "state_slug",
    "category_name",
    "gi_name",
    "gi_slug",
    "price_min",
    "price_max",
    "moq",
    "unit",
    "image_url",
    "published_at",
    "seller_rating",
    "seller_rating_count",
    "seller_response_rate",
    "seller_response_hours",
)
ORDER_BY = {
    "relevance": "score DESC, e.published_at DESC, e.product_id DESC",
    "price_asc": "e.price_min IS NULL, e.price_min ASC, e.product_id ASC",
    "price_desc": "e.price_min IS NULL, e.price_min DESC, e.product_id DESC",
    "newest": "e.published_at IS NULL, e.published_at DESC, e.product_id DESC",
    # Best-rated sellers first; of equal averages, the one with more reviews; unrated last.
    "rating": (
        "e.seller_rating IS NULL, e.seller_rating DESC, e.seller_rating_count DESC, "
        "e.product_id DESC"
    ),
}


def _facet_columns() -> str:
    """The index columns every registered facet counts over (search.facets)."""
    columns = dict.fromkeys(c for f in facet_registry.facets() for c in f.columns)
    return ", ".join(f"e.{c}" for c in columns)


class DatabaseBackend(SearchBackend):
    name = "database"

    # ---- writing -------------------------------------------------------------------
    def index_products(self, documents: list[ProductDocument]) -> None:
        from search.analysis import vocabulary
        from search.models import ProductSearchEntry, SearchTerm

        if not documents:
            return
        postgres = connection.vendor == "postgresql"
        entries = [_entry(doc, vector=postgres) for doc in documents]
        fields = [f.name for f in ProductSearchEntry._meta.concrete_fields]
        update_fields = [f for f in fields if f != "product"]
        with transaction.atomic():
            ProductSearchEntry.objects.bulk_create(
                entries,
                batch_size=500,
                update_conflicts=True,
                unique_fields=["product"],
                update_fields=update_fields,
            )
            if connection.vendor == "sqlite":
                with connection.cursor() as cursor:
                    self._fts_delete(cursor, [d.product_id for d in documents])
                    cursor.executemany(
                        f"INSERT INTO {FTS}(rowid, {', '.join(FTS_COLUMNS)}) "  # nosec B608
                        "VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",
                        [
                            (
                                d.product_id,
                                # Translations weigh as the name and description they render.
                                f"{d.name} {d.translated_names}",
                                d.gi_text,
                                d.category_text,
                                d.materials,
                                d.district_text,
                                d.seller_text,
                                f"{d.description} {d.translated_text}",
                            )
                            for d in documents
                        ],
                    )
            terms = set()
            for d in documents:
                terms |= vocabulary(
                    d.name, d.gi_text, d.category_text, d.materials, d.district_text, d.seller_name
                )
            SearchTerm.objects.bulk_create(
                [SearchTerm(term=t) for t in sorted(terms)], batch_size=1000, ignore_conflicts=True
            )

    @staticmethod
    def _fts_delete(cursor, ids: list[int]) -> None:
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            cursor.execute(
                f"DELETE FROM {FTS} WHERE rowid IN ({', '.join(['%s'] * len(chunk))})",  # nosec B608
                chunk,
            )

    def delete_products(self, product_ids: list[int]) -> None:
        from search.models import ProductSearchEntry

        if not product_ids:
            return
        with transaction.atomic():
            ProductSearchEntry.objects.filter(product_id__in=product_ids).delete()
            if connection.vendor == "sqlite":
                with connection.cursor() as cursor:
                    self._fts_delete(cursor, list(product_ids))

    def clear(self) -> None:
        from search.models import ProductSearchEntry

        with transaction.atomic():
            ProductSearchEntry.objects.all().delete()
            if connection.vendor == "sqlite":
                with connection.cursor() as cursor:
                    cursor.execute(f"DELETE FROM {FTS}")  # nosec B608

    def indexed_ids(self) -> set[int]:
        from search.models import ProductSearchEntry

        return set(ProductSearchEntry.objects.values_list("product_id", flat=True))

    # ---- reading -------------------------------------------------------------------
    def _text_source(self, query: SearchQuery) -> tuple[str, str, str | None, list]:
        """FROM clause, score expression, match clause and parameters of the text part.

        Words are \\w runs only (search.analysis), so they cannot break either syntax.
        """
        if not query.groups:
            return f"{TABLE} e", "e.boost", None, []
        if connection.vendor == "postgresql":
            joiner = " & " if query.match_all else " | "
            tsquery = joiner.join("(" + " | ".join(g.alternatives) + ")" for g in query.groups)
            source = f"{TABLE} e CROSS JOIN to_tsquery('english', %s) AS tq"
            score = f"ts_rank({PG_WEIGHTS}, e.search_vector, tq) * e.boost"
            return source, score, "e.search_vector @@ tq", [tsquery]
        joiner = " AND " if query.match_all else " OR "
        match = joiner.join(
            "(" + " OR ".join(f'"{alt}"' for alt in g.alternatives) + ")" for g in query.groups
        )
        source = (
            f"(SELECT rowid AS fts_id, bm25({FTS}, {BM25_WEIGHTS}) AS fts_rank "  # nosec B608
            f"FROM {FTS} WHERE {FTS} MATCH %s) f JOIN {TABLE} e ON e.product_id = f.fts_id"  # nosec B608
        )
        return source, "(-f.fts_rank) * e.boost", None, [match]

    def _filters(self, query: SearchQuery, exclude: str | None = None) -> tuple[list[str], list]:
        clauses: list[str] = []
        params: list = []
        for key, values in query.filters.items():
            if key == exclude or not values or key not in facet_registry.REGISTRY:
                continue
            clause, clause_params = facet_registry.get(key).db_filter(tuple(values))
            if clause:
                clauses.append(clause)
                params += clause_params
        if query.price_min is not None:
            clauses.append("COALESCE(e.price_max, e.price_min) >= CAST(%s AS NUMERIC)")
            params.append(query.price_min)
        if query.price_max is not None:
            clauses.append("e.price_min <= CAST(%s AS NUMERIC)")
            params.append(query.price_max)
        if query.moq_max is not None:
            clauses.append("e.moq <= %s")
            params.append(query.moq_max)
        return clauses, params

    def _matched(self, query: SearchQuery, columns: str, exclude: str | None = None):
        source, score, text_clause, text_params = self._text_source(query)
        clauses, filter_params = self._filters(query, exclude)
        if text_clause:
            clauses.insert(0, text_clause)
        where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
        sql = f"SELECT {columns.replace('{score}', score)} FROM {source}{where}"  # nosec B608
        return sql, text_params + filter_params

    def search(self, query: SearchQuery) -> SearchResult:
        cols = ", ".join(f"e.{c}" for c in HIT_COLUMNS) + ", {score} AS score"
        sql, params = self._matched(query, cols)
        order = ORDER_BY[query.sort]
        if query.sort == "relevance" and query.prefer_gi:
            # The GIs named by the query's specific word first, closest names first
            # (search.analysis.specific_gis).
            whens = " ".join(["WHEN %s THEN %s"] * len(query.prefer_gi))
            order = f"CASE e.gi_slug {whens} ELSE %s END, {order}"
            for slug, tier in query.prefer_gi:
                params += [slug, tier]
            params.append(len(query.prefer_gi) + 1)
        sql += f" ORDER BY {order} LIMIT %s OFFSET %s"
        params += [query.per_page, query.offset]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            hits = [_hit(row) for row in cursor.fetchall()]
            facets: dict[str, list[FacetValue]] = {}
            if query.with_facets:
                total = self._facets(cursor, query, facets)
            else:
                count_sql, count_params = self._matched(query, "COUNT(*)")
                cursor.execute(count_sql, count_params)
                total = cursor.fetchone()[0]
        return SearchResult(hits=hits, total=total, facets=facets, backend=self.name)

    def _facets(self, cursor, query: SearchQuery, facets: dict) -> int:
        """Fill `facets`; return the total. A facet with a selection counts without its own
        filter (so ticking a second value of it shows what it would add)."""
        keys = facet_registry.facet_keys()
        active = [f for f in keys if query.filters.get(f)]
        plain = [f for f in keys if f not in active]
        runs = [(None, plain)] + [(f, [f]) for f in active]
        total = 0
        for exclude, names in runs:
            inner, params = self._matched(query, _facet_columns(), exclude)
            parts = [facet_registry.get(name).db_count() for name in names]
            if exclude is None:
                parts.append("SELECT 'total', '', '', COUNT(*) FROM m")
            materialized = "MATERIALIZED " if connection.vendor in ("postgresql", "sqlite") else ""
            sql = f"WITH m AS {materialized}({inner}) " + " UNION ALL ".join(parts)
            cursor.execute(sql, params)
            for facet, value, label, count in cursor.fetchall():
                if facet == "total":
                    total = int(count)
                elif value is not None and count:
                    facets.setdefault(facet, []).append(
                        FacetValue(value=str(value), label=str(label or value), count=int(count))
                    )
        for values in facets.values():
            values.sort(key=lambda fv: (-fv.count, fv.label))
        return total

    def suggest(self, prefix: str, limit: int = 8) -> list[str]:
        from search.analysis import fold

        text = " ".join(fold(prefix).split())[:60]
        if len(text) < 2:
            return []
        escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        like = "ILIKE" if connection.vendor == "postgresql" else "LIKE"
        sql = (
            f"SELECT label, MAX(boost) AS b FROM ("  # nosec B608
            f"SELECT name AS label, boost FROM {TABLE} "  # nosec B608
            f"WHERE name {like} %s ESCAPE '\\' OR name {like} %s ESCAPE '\\' "  # nosec B608
            f"UNION ALL SELECT gi_name AS label, boost FROM {TABLE} "  # nosec B608
            f"WHERE gi_name <> '' AND (gi_name {like} %s ESCAPE '\\' "  # nosec B608
            f"OR gi_name {like} %s ESCAPE '\\')"  # nosec B608
            ") s GROUP BY label ORDER BY b DESC, label LIMIT %s"
        )
        params = [f"{escaped}%", f"% {escaped}%"] * 2 + [limit]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return [row[0] for row in cursor.fetchall()]

    def search_sellers(
        self,
        groups: tuple[TermGroup, ...],
        *,
        page: int = 1,
        per_page: int = 20,
        district: str = "",
    ) -> SellerResult:
        from sellers.models import Seller

        qs = Seller.objects.filter(status=Seller.Status.APPROVED).select_related("district__state")
        if district:
            qs = qs.filter(district__slug=district)
        for group in groups:
            any_alt = Q()
            # "saree" and "sarees" give the same stem: each is scanned for once.
            stems = dict.fromkeys(
                alt[:-1] if len(alt) > 4 and alt.endswith("s") else alt
                for alt in group.alternatives
            )
            for stem in stems:
                any_alt |= (
                    Q(name__icontains=stem)
                    | Q(crafts__icontains=stem)
                    | Q(district__name__icontains=stem)
                    | Q(district__state__name__icontains=stem)
                    | Q(story__icontains=stem)
                )
            qs = qs.filter(any_alt)
        qs = qs.annotate(
            verified_first=Case(
                When(gstin_status=Seller.Verification.VERIFIED, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        ).order_by("verified_first", "name", "id")
        offset = (page - 1) * per_page
        rows = list(qs[offset : offset + per_page])
        # Each query scans every approved seller's text; a page that is not full already says
        # how many there are, so the count runs only when it cannot be known otherwise.
        if (rows and len(rows) < per_page) or (not rows and offset == 0):
            total = offset + len(rows)
        else:
            total = qs.count()
        hits = [
            SellerHit(
                seller_id=s.pk,
                slug=s.slug,
                name=s.name,
                business_type=s.business_type,
                district_name=s.district.name,
                state_name=s.district.state.name,
                crafts=s.crafts,
                verified=s.is_verified,
                rating_average=s.rating_average,
                rating_count=s.rating_count,
                response_rate=s.response_rate,
                response_hours=s.response_median_hours,
            )
            for s in rows
        ]
        return SellerResult(hits=hits, total=total)


def _entry(doc: ProductDocument, *, vector: bool):
    from search.models import ProductSearchEntry

    return ProductSearchEntry(
        search_vector=_pg_vector(doc) if vector else None,
        product_id=doc.product_id,
        name=doc.name,
        slug=doc.slug,
        state_slug=doc.state_slug,
        state_name=doc.state_name,
        district_slug=doc.district_slug,
        district_name=doc.district_name,
        category_slug=doc.category_slug,
        category_name=doc.category_name,
        parent_category_slug=doc.parent_category_slug,
        parent_category_name=doc.parent_category_name,
        gi_slug=doc.gi_slug,
        gi_name=doc.gi_name,
        certifications="|" + "|".join(doc.certifications) + "|" if doc.certifications else "",
        seller_slug=doc.seller_slug,
        seller_name=doc.seller_name,
        seller_type=doc.seller_type,
        seller_verified=doc.seller_verified,
        price_min=doc.price_min,
        price_max=doc.price_max,
        moq=doc.moq,
        unit=doc.unit,
        image_url=doc.image_url,
        published_at=doc.published_at,
        boost=doc.boost,
        seller_rating=doc.seller_rating,
        seller_rating_count=doc.seller_rating_count,
        seller_response_rate=doc.seller_response_rate,
        seller_response_hours=doc.seller_response_hours,
    )


def _hit(row) -> SearchHit:
    data = dict(zip((*HIT_COLUMNS, "score"), row, strict=True))
    for key, places in (
        ("price_min", "0.01"),
        ("price_max", "0.01"),
        ("seller_rating", "0.01"),
        ("seller_response_hours", "0.1"),
    ):
        if data[key] is not None:
            # SQLite hands back ints/floats; these are Decimals with fixed places here.
            data[key] = Decimal(str(data[key])).quantize(Decimal(places))
    if isinstance(data["published_at"], str):
        from django.utils.dateparse import parse_datetime

        data["published_at"] = parse_datetime(data["published_at"])
    data["seller_verified"] = bool(data["seller_verified"])
    data["score"] = float(data["score"] or 0)
    data["product_id"] = data.pop("product_id")
    return SearchHit(**data)
