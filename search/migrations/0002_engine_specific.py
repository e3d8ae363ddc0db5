"""Engine-specific search structures, each guarded by database vendor.

PostgreSQL: pg_trgm (typo candidates and prefix autocomplete), a GIN index on the weighted
tsvector, trigram GIN indexes on names and the vocabulary.
SQLite: an FTS5 virtual table with the porter stemmer, rowid = product id.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

PG_INDEXES = [
    "CREATE INDEX IF NOT EXISTS search_entry_vector_gin ON search_productsearchentry "
    "USING GIN (search_vector)",
    "CREATE INDEX IF NOT EXISTS search_entry_name_trgm ON search_productsearchentry "
    "USING GIN (name gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS search_entry_gi_name_trgm ON search_productsearchentry "
    "USING GIN (gi_name gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS search_term_trgm ON search_searchterm "
    "USING GIN (term gin_trgm_ops)",
]
PG_DROP = [
    "DROP INDEX IF EXISTS search_entry_vector_gin",
    "DROP INDEX IF EXISTS search_entry_name_trgm",
    "DROP INDEX IF EXISTS search_entry_gi_name_trgm",
    "DROP INDEX IF EXISTS search_term_trgm",
]
SQLITE_FTS = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_productfts USING fts5("
    "name, gi, category, materials, district, seller, description, "
    "tokenize = 'porter unicode61 remove_diacritics 2')"
)


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        for sql in PG_INDEXES:
            schema_editor.execute(sql)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_FTS)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        for sql in PG_DROP:
            schema_editor.execute(sql)
    elif vendor == "sqlite":
        schema_editor.execute("DROP TABLE IF EXISTS search_productfts")


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        # CreateExtension is a no-op on engines other than PostgreSQL.
        TrigramExtension(),
        migrations.RunPython(forwards, backwards),
    ]
