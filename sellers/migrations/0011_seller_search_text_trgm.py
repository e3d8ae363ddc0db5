"""A trigram index on the text a search finds sellers by (`sellers.models.search_text`), on
PostgreSQL: the search page's seller match read every approved seller's story. The expression
is spelled here again, as migrations must not follow the models' code;
tests/search/test_seller_search.py checks that a match on `search_text()` reads this index."""

from django.db import migrations

CREATE = (
    "CREATE INDEX IF NOT EXISTS sellers_seller_search_text_trgm ON sellers_seller "
    "USING GIN (LOWER(name || ' ' || crafts || ' ' || story) gin_trgm_ops)"
)
DROP = "DROP INDEX IF EXISTS sellers_seller_search_text_trgm"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        # search 0002 creates it too (it may run later); this migration does not drop it on
        # the way back, as search's indexes use it.
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("sellers", "0010_remove_seller_payout_account")]

    operations = [migrations.RunPython(forwards, backwards)]
