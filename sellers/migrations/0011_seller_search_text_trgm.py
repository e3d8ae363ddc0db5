"""A trigram index on the text a search finds sellers by (`sellers.models.search_text`), on
PostgreSQL: the search page's seller match read every approved seller's story. The expression
is spelled here again, as migrations must not follow the models' code;
tests/search/test_seller_search.py checks that a search's query still uses this index."""

from django.contrib.postgres.indexes import GinIndex, OpClass
from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations, models
from django.db.models.functions import Concat, Lower

INDEX = GinIndex(
    OpClass(
        Lower(
            Concat(
                "name",
                models.Value(" "),
                "crafts",
                models.Value(" "),
                "story",
                output_field=models.TextField(),
            ),
        ),
        name="gin_trgm_ops",
    ),
    name="sellers_seller_search_text_trgm",
)


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.add_index(apps.get_model("sellers", "Seller"), INDEX)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_index(apps.get_model("sellers", "Seller"), INDEX)


class Migration(migrations.Migration):
    dependencies = [("sellers", "0010_remove_seller_payout_account")]

    operations = [
        # CreateExtension is a no-op on engines other than PostgreSQL (search 0002 asks too).
        TrigramExtension(),
        migrations.RunPython(forwards, backwards),
    ]
