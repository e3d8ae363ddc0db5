# ruff: noqa: S608  (SQL is built from constants and allow-listed identifiers only)
"""The database backend: PostgreSQL full-text search, or SQLite FTS5, over ProductSearchEntry.

Text matching and ranking differ by engine (weighted tsvector + ts_rank on PostgreSQL,
FTS5 bm25 with column weights on SQLite); filters, facets, sorts and paging are the same SQL
on both. Every value reaches SQL as a parameter; identifiers come only from the allow-lists
below, never from the request.
"""

from __future__ import annotations

import hashlib
import logging
import re
import time
from decimal import Decimal

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Case, Count, IntegerField, Q, Value, When, Window
from django.db.models.expressions import RawSQL

from core.content_cache import HeldVersion
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


# Up to this many ticked facets, a first-time search ranks only the rows every filter lets
# through and counts each ticked facet in a lean pass of its own (DatabaseBackend._single_pass):
# "brass" ticked to one state at 10^5 products went from 44 to 16 ms in PostgreSQL. Each
# further facet is one more pass over the matched rows: past two, one ranked pass is cheaper.
SPLIT_UP_TO = 2

# Facet counts and totals are kept per query for this long, under the index version: any
# write to the index starts a new version, so a kept count is never older than the index.
FACET_CACHE_SECONDS = 600
INDEX_VERSION_KEY = "search:index-version"


# The index version as this process last read or wrote it (core/content_cache.py).
_held = HeldVersion()


def index_version() -> int:
    version = cache.get(INDEX_VERSION_KEY)
    if version is None:
        # From the clock, so a flushed cache never reuses an old number.
        cache.add(INDEX_VERSION_KEY, time.time_ns() // 1000)
        version = cache.get(INDEX_VERSION_KEY)
    _held.remember(int(version))
    return int(version)


def recent_index_version() -> int:
    """The version this process read at most CONTENT_VERSION_LOCAL_SECONDS ago, else a fresh
    read: what a search is keyed by. As with the content version (core/content_cache.py), a
    write made in this process is seen here at once, and one made by another process (the
    task worker indexing a listing) within a second: the search page read it from the shared
    cache on every request, a network round trip that was a tenth of a repeated search."""
    return _held.recent(index_version)


def forget_local_index_version() -> None:
    """Make the next read go to the cache (tests that flush the caches call this)."""
    _held.forget()


def bump_index_version() -> None:
    try:
        _held.remember(int(cache.incr(INDEX_VERSION_KEY)))
    except ValueError:  # missing: start a new one
        index_version()


def _index_changed() -> None:
    """Kept facet counts stop counting: now (so this process and tests see the write), and
    again after the commit (so a count taken by another request meanwhile is not kept)."""
    bump_index_version()
    transaction.on_commit(bump_index_version)


def _page_cache_key(query: SearchQuery, facet_key: str) -> str:
    page = (query.sort, query.page, query.per_page, query.prefer_gi, query.with_facets)
    digest = hashlib.sha256(repr(page).encode()).hexdigest()[:16]
    return f"{facet_key}:{digest}"


def _facet_cache_key(query: SearchQuery) -> str:
    """Everything that decides the total and the facet counts (not the sort or the page)."""
    facts = (
        connection.vendor,
        facet_registry.facet_keys(),
        tuple(g.alternatives for g in query.groups),
        query.match_all,
        sorted((k, tuple(v)) for k, v in query.filters.items() if v),
        str(query.price_min),
        str(query.price_max),
        query.moq_max,
        # The buckets counted for the buyer's currency, rupee bounds included (they move
        # with the rate).
        [f.buckets for f in facet_registry.facets_for(query.currency) if hasattr(f, "buckets")],
    )
    digest = hashlib.sha256(repr(facts).encode()).hexdigest()[:32]
    version = query.index_version if query.index_version is not None else index_version()
    return f"search:facets:{version}:{digest}"


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


def _count_parts(
    facets, rows_where, ticked: dict | None = None
) -> tuple[list[str], dict[str, list[tuple[str, str]]]]:
    """The SELECTs that count every facet's values over the rows each facet counts, and
    what each row of sums stands for.

    Closed sets of values (price and MOQ buckets, certifications, seller types, ratings,
    verification: `Facet.db_sums`) are counted together, one scan of the matched rows for
    every facet without a selection of its own, instead of a scan per facet, or per value
    (a broad query over 10^5 products spent half its time in 18 such scans). Open-ended
    facets (state, district, category, GI) GROUP BY their column, a scan each."""
    parts, shared, sums_rows = [], [], {}

    def add_sums(items, source):
        kind = f"_sums{len(sums_rows)}"
        sums_rows[kind] = [(key, value) for key, value, _cond in items]
        parts.append(_sums_part(kind, items, source))

    for facet in facets:
        sums = facet.db_sums()
        if sums is None:
            keep = tuple((ticked or {}).get(facet.key, ()))
            parts.append(facet.db_count(rows_where(facet.key), keep=keep))
        elif rows_where(facet.key) == rows_where():
            shared += [(facet.key, value, cond) for value, cond in sums]
        elif sums:
            add_sums([(facet.key, v, c) for v, c in sums], rows_where(facet.key))
    if shared:
        add_sums(shared, rows_where())
    return parts, sums_rows


_SAFE_LITERAL = re.compile(r"^[-a-z0-9_:.]+$")


def _sums_part(kind: str, items: list[tuple[str, str, str]], source: str) -> str:
    """One row over `source`: a count per (facet, value, condition), written as the text
    "n0,n1,..." in the label column (split by `_sums_counts`). One aggregate row, not a row
    per value: unpivoting it in SQL (a join with a list of the pairs) took longer to plan
    than the counting took to run."""
    for key, value, _cond in items:
        if not (_SAFE_LITERAL.match(key) and _SAFE_LITERAL.match(value)):
            raise ValueError(f"facet value not safe to write into SQL: {key}={value!r}")
    counts = " || ',' || ".join(
        f"CAST(COUNT(*) FILTER (WHERE {cond}) AS TEXT)" for _k, _v, cond in items
    )
    return f"SELECT '{kind}', '', {counts}, 0 FROM {source}"  # nosec B608


def _sums_counts(pairs: list[tuple[str, str]], text: str) -> list[tuple[str, str, int]]:
    return [
        (key, value, int(count)) for (key, value), count in zip(pairs, text.split(","), strict=True)
    ]


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
            _index_changed()
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
            _index_changed()
            ProductSearchEntry.objects.filter(product_id__in=product_ids).delete()
            if connection.vendor == "sqlite":
                with connection.cursor() as cursor:
                    self._fts_delete(cursor, list(product_ids))

    def clear(self) -> None:
        from search.models import ProductSearchEntry

        with transaction.atomic():
            _index_changed()
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
        ranges, range_params = self._range_clauses(query)
        return clauses + ranges, params + range_params

    @staticmethod
    def _range_clauses(query: SearchQuery) -> tuple[list[str], list]:
        clauses: list[str] = []
        params: list = []
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

    def _order(self, query: SearchQuery, alias: str = "e.") -> tuple[str, list]:
        order = ORDER_BY[query.sort].replace("e.", alias)
        params: list = []
        if query.sort == "relevance" and query.prefer_gi:
            # The GIs named by the query's specific word first, closest names first
            # (search.analysis.specific_gis).
            whens = " ".join(["WHEN %s THEN %s"] * len(query.prefer_gi))
            order = f"CASE {alias}gi_slug {whens} ELSE %s END, {order}"
            for slug, tier in query.prefer_gi:
                params += [slug, tier]
            params.append(len(query.prefer_gi) + 1)
        return order, params

    def search(self, query: SearchQuery) -> SearchResult:
        # A page already answered for this index version is served as it was (a popular
        # search, or the buyer coming back to it); any index write starts a new version.
        # The page keeps its hits and total; the facet counts are kept once, under their own
        # key, shared by every page and sort of the query (one read for both).
        matched_key = _facet_cache_key(query)
        page_key = _page_cache_key(query, matched_key)
        facet_key = matched_key if query.with_facets else None
        found = cache.get_many([page_key, facet_key] if facet_key else [page_key])
        kept, counted = found.get(page_key), found.get(facet_key)
        if kept is not None and (facet_key is None or counted is not None):
            hits, total = kept
            facets = counted[1] if counted is not None else {}
            return SearchResult(hits=hits, total=total, facets=facets, backend=self.name)
        result = self._search(query, facet_key, counted)
        cache.set(page_key, (result.hits, result.total), FACET_CACHE_SECONDS)
        return result

    def _search(self, query: SearchQuery, facet_key: str | None, counted) -> SearchResult:
        """The page for `query`; `counted` is (total, facets) kept under `facet_key`, or None
        (then one pass counts them and keeps them there); no `facet_key`: no facets."""
        if facet_key is not None and counted is None:
            # One scan of the matched rows gives the page of hits, the total and every facet
            # (the facet counts are kept for the next page or sort of this query).
            hits, total, facets = self._single_pass(query)
            cache.set(facet_key, (total, facets), FACET_CACHE_SECONDS)
            return SearchResult(hits=hits, total=total, facets=facets, backend=self.name)
        cols = ", ".join(f"e.{c}" for c in HIT_COLUMNS) + ", {score} AS score"
        if counted is None:
            # The total rides on the page's rows (one read of the matched rows, not two).
            cols += ", COUNT(*) OVER () AS total"
        sql, params = self._matched(query, cols)
        order, order_params = self._order(query)
        sql += f" ORDER BY {order} LIMIT %s OFFSET %s"
        params += [*order_params, query.per_page, query.offset]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
            if counted is not None:
                total, facets = counted
                hits = [_hit(row) for row in rows]
                return SearchResult(hits=hits, total=total, facets=facets, backend=self.name)
            hits = [_hit(row[:-1]) for row in rows]
            if rows:
                total = int(rows[0][-1])
            else:  # a page past the end says nothing of the total
                count_sql, count_params = self._matched(query, "COUNT(*)")
                cursor.execute(count_sql, count_params)
                total = cursor.fetchone()[0]
        return SearchResult(hits=hits, total=total, facets={}, backend=self.name)

    def _single_pass(self, query: SearchQuery):
        """Hits, total and facets in one statement, each matched row ranked once.

        With no facet ticked, or with more than SPLIT_UP_TO, the rows matching the text and
        the price/MOQ ranges are materialised once with one flag per ticked facet; the page
        of hits and the total take the rows where every flag holds, and a ticked facet counts
        the rows where every *other* flag holds (so ticking a second value of it shows what
        it would add). The old way read the matched rows once for the hits and once more per
        facet pass.

        With one or two ticked, the rows kept and ranked are only those every filter lets
        through (often a few dozen out of thousands), and each ticked facet is counted by a
        pass of its own over the rows matching everything else, which ranks nothing and keeps
        nothing: it reads those rows, at a third of the cost of ranking and keeping them.
        """
        source, score, text_clause, text_params = self._text_source(query)
        ticked: dict[str, tuple[str, list]] = {}
        for key, values in query.filters.items():
            if not values or key not in facet_registry.REGISTRY:
                continue
            clause, clause_params = facet_registry.get(key).db_filter(tuple(values))
            if clause:
                ticked[key] = (clause, list(clause_params))
        ranges, range_params = self._range_clauses(query)
        where = ([text_clause] if text_clause else []) + ranges
        counted_columns = dict.fromkeys(c for f in facet_registry.facets() for c in f.columns)
        # What the sorts read (ORDER_BY), then what the facets count.
        sorted_by = ["product_id", "published_at", "price_min", "gi_slug"]
        sorted_by += ["seller_rating", "seller_rating_count"]
        columns = dict.fromkeys([*sorted_by, *counted_columns])

        def select(names, extra: list[str], conds: list[str]) -> str:
            sql = f"SELECT {', '.join([*(f'e.{c}' for c in names), *extra])} FROM {source}"  # nosec B608
            return sql + (" WHERE " + " AND ".join(conds) if conds else "")

        vendor_hints = connection.vendor in ("postgresql", "sqlite")
        materialized = "MATERIALIZED " if vendor_hints else ""
        inlined = "NOT MATERIALIZED " if vendor_hints else ""
        if ticked and len(ticked) <= SPLIT_UP_TO:
            clauses = [clause for clause, _params in ticked.values()]
            ctes = [
                f"m AS {materialized}({select(columns, [f'{score} AS score'], where + clauses)})"
            ]
            params = text_params + range_params
            params += [p for _clause, clause_params in ticked.values() for p in clause_params]
            passes = {}
            for key in ticked:
                others = [(c, ps) for k, (c, ps) in ticked.items() if k != key]
                passes[key] = f"x{len(passes)}"
                lean = select(counted_columns, [], where + [c for c, _ps in others])
                ctes.append(f"{passes[key]} AS {inlined}({lean})")
                params += text_params + range_params + [p for _c, ps in others for p in ps]

            def rows_where(skip: str | None = None) -> str:
                return passes.get(skip, "m")

        else:
            flags = [
                f"CASE WHEN {clause} THEN 1 ELSE 0 END AS f{n}"
                for n, (clause, _params) in enumerate(ticked.values())
            ]
            owners = {key: f"f{n}" for n, key in enumerate(ticked)}
            ctes = [f"m AS {materialized}({select(columns, [f'{score} AS score', *flags], where)})"]
            params = [p for _clause, clause_params in ticked.values() for p in clause_params]
            params += text_params + range_params

            def rows_where(skip: str | None = None) -> str:
                conds = [f"{flag} = 1" for key, flag in owners.items() if key != skip]
                if not conds:
                    return "m"
                return f"(SELECT * FROM m WHERE {' AND '.join(conds)}) s"  # nosec B608

        order, order_params = self._order(query, alias="")
        # The page is cut first (a top-N sort), then numbered to keep its order through UNION.
        parts = [
            "SELECT 'hit', CAST(product_id AS TEXT), CAST(score AS TEXT), "  # nosec B608
            f"ROW_NUMBER() OVER (ORDER BY {order}) FROM (SELECT * FROM {rows_where()} "
            f"ORDER BY {order} LIMIT %s OFFSET %s) h",
            f"SELECT 'total', '', '', COUNT(*) FROM {rows_where()}",  # nosec B608
        ]
        params += [*order_params, *order_params, query.per_page, query.offset]
        counted, sums_rows = _count_parts(
            facet_registry.facets_for(query.currency), rows_where, query.filters
        )
        parts += counted
        sql = f"WITH {', '.join(ctes)} " + " UNION ALL ".join(parts)
        ranked: list[tuple[int, int, float]] = []
        facets: dict[str, list[FacetValue]] = {}
        total = 0
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            for kind, value, label, count in cursor.fetchall():
                if kind == "hit":
                    ranked.append((int(count), int(value), float(label or 0)))
                elif kind == "total":
                    total = int(count)
                elif kind in sums_rows:
                    for key, summed_value, summed in _sums_counts(sums_rows[kind], label):
                        if summed:
                            facets.setdefault(key, []).append(
                                FacetValue(value=summed_value, label=summed_value, count=summed)
                            )
                elif value is not None and count:
                    facets.setdefault(kind, []).append(
                        FacetValue(value=str(value), label=str(label or value), count=int(count))
                    )
            hits = self._hits_by_id(cursor, sorted(ranked))
        for values in facets.values():
            values.sort(key=lambda fv: (-fv.count, fv.label))
        return hits, total, facets

    @staticmethod
    def _hits_by_id(cursor, ranked: list[tuple[int, int, float]]) -> list[SearchHit]:
        if not ranked:
            return []
        ids = [pid for _rn, pid, _score in ranked]
        cols = ", ".join(HIT_COLUMNS)
        cursor.execute(
            f"SELECT {cols}, 0 FROM {TABLE} "  # nosec B608
            f"WHERE product_id IN ({', '.join(['%s'] * len(ids))})",
            ids,
        )
        rows = {row[0]: row for row in cursor.fetchall()}
        return [_hit((*rows[pid][:-1], score)) for _rn, pid, score in ranked if pid in rows]

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
        from sellers.models import Seller, search_text

        qs = Seller.objects.filter(status=Seller.Status.APPROVED).select_related("district__state")
        if district:
            qs = qs.filter(district__slug=district)
        # "saree" and "sarees" give the same stem: each is looked for once.
        stems = [
            list(
                dict.fromkeys(
                    (alt[:-1] if len(alt) > 4 and alt.endswith("s") else alt).lower()
                    for alt in group.alternatives
                )
            )
            for group in groups
        ]
        named = _districts_named({stem for group in stems for stem in group})
        if stems:
            qs = qs.alias(text=search_text())
        for group in stems:
            # A seller matches a word by its own text (the trigram index on it) or by its
            # district's or state's name, given as district ids: an OR across the joined
            # tables would make PostgreSQL read every seller instead.
            places = {pk for pk, names in named.items() if any(stem in names for stem in group)}
            any_alt = Q(district_id__in=sorted(places)) if places else Q()
            for stem in group:
                any_alt |= Q(text__contains=stem)
            qs = qs.filter(any_alt)
        qs = qs.annotate(
            verified_first=Case(
                When(gstin_status=Seller.Verification.VERIFIED, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        ).order_by("verified_first", "name", "id")
        offset = (page - 1) * per_page
        # The total rides on the page's rows (the sort reads every match anyway); only a page
        # past the end, which has no rows, asks for it on its own.
        rows = list(qs.annotate(total=Window(Count("pk")))[offset : offset + per_page])
        if not rows:
            return SellerResult(hits=[], total=0 if offset == 0 else qs.count())
        total = rows[0].total
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


def _districts_named(stems: set[str]) -> dict[int, str]:
    """The districts whose name or whose state's name holds one of `stems`, by id, with both
    names lower-cased (one query; a seller search then matches each word's districts)."""
    from regions.models import District

    if not stems:
        return {}
    any_stem = Q()
    for stem in stems:
        any_stem |= Q(name__icontains=stem) | Q(state__name__icontains=stem)
    rows = District.objects.filter(any_stem).values_list("pk", "name", "state__name")
    return {pk: f"{name} {state}".lower() for pk, name, state in rows}


def _entry(doc: ProductDocument, *, vector: bool):
    from search.models import ProductSearchEntry

    # The facets' columns (state, district, category, GI, certifications, seller type,
    # verification, price, MOQ, rating) come from the registry; the rest are listed here.
    values = {
        "search_vector": _pg_vector(doc) if vector else None,
        "product_id": doc.product_id,
        "name": doc.name,
        "slug": doc.slug,
        "parent_category_name": doc.parent_category_name,
        "seller_slug": doc.seller_slug,
        "seller_name": doc.seller_name,
        "price_max": doc.price_max,
        "unit": doc.unit,
        "image_url": doc.image_url,
        "published_at": doc.published_at,
        "boost": doc.boost,
        "seller_rating_count": doc.seller_rating_count,
        "seller_response_rate": doc.seller_response_rate,
        "seller_response_hours": doc.seller_response_hours,
    }
    return ProductSearchEntry(**{**values, **facet_registry.entry_values(doc)})


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
