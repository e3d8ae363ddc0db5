"""An issued trade document cannot be changed in the database either.

`TradeDocument.save()` refuses to update an issued document, but a queryset `update()`, a
shell or another program writing to the table would not pass through it. A trigger refuses
any UPDATE that changes a column other than `issued_by_id` (which Django sets to NULL when
the issuing user's account is deleted: `on_delete=SET_NULL`). A new column must be added to
`COLUMNS` below (SQLite compares them one by one; PostgreSQL compares the whole row)."""

from django.db import migrations

COLUMNS = [
    "id", "seller_id", "kind", "year", "sequence", "number", "version", "supersedes_id",
    "quotation_id", "quotation_revision", "order_id", "language", "data", "file", "size",
    "sha256", "issued_at",
]  # fmt: skip
MESSAGE = "an issued trade document cannot be changed; issue a new version instead"

POSTGRES = [
    f"""
    CREATE OR REPLACE FUNCTION documents_tradedocument_immutable() RETURNS trigger AS $$
    BEGIN
        IF (to_jsonb(NEW) - 'issued_by_id') IS DISTINCT FROM (to_jsonb(OLD) - 'issued_by_id')
        THEN
            RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NEW;
    END
    $$ LANGUAGE plpgsql
    """,
    """
    CREATE TRIGGER documents_tradedocument_immutable
    BEFORE UPDATE ON documents_tradedocument
    FOR EACH ROW EXECUTE FUNCTION documents_tradedocument_immutable()
    """,
]
POSTGRES_UNDO = [
    "DROP TRIGGER IF EXISTS documents_tradedocument_immutable ON documents_tradedocument",
    "DROP FUNCTION IF EXISTS documents_tradedocument_immutable()",
]
SQLITE = [
    f"""
    CREATE TRIGGER documents_tradedocument_immutable
    BEFORE UPDATE ON documents_tradedocument
    FOR EACH ROW WHEN {" OR ".join(f'NEW."{c}" IS NOT OLD."{c}"' for c in COLUMNS)}
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END
    """
]
SQLITE_UNDO = ["DROP TRIGGER IF EXISTS documents_tradedocument_immutable"]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("documents", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRES, "sqlite": SQLITE}),
            _run({"postgresql": POSTGRES_UNDO, "sqlite": SQLITE_UNDO}),
        )
    ]
