"""An issued trade document is never deleted: the database refuses it, whoever asks.

The foreign keys already PROTECT documents from cascades, but a queryset `delete()`, a
shell or another program could still remove the row, and with it the only copy of an
invoice that tax law keeps for years. The trigger is PostgreSQL's, the production
database. TRUNCATE does not fire row triggers, so a deliberate wipe (the test suite's
flush between transactional tests) still works. SQLite, the zero-setup demo store, gets no
DELETE trigger: Django flushes SQLite with DELETE, so the trigger would break the tests
and `manage.py flush` on a demo database; its UPDATE trigger (0002) still keeps issued
documents unchanged there."""

from django.db import migrations

MESSAGE = "an issued trade document cannot be deleted; issue a new version instead"

POSTGRES = [
    f"""
    CREATE OR REPLACE FUNCTION documents_tradedocument_undeletable() RETURNS trigger AS $$
    BEGIN
        RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'integrity_constraint_violation';
    END
    $$ LANGUAGE plpgsql
    """,
    """
    CREATE TRIGGER documents_tradedocument_undeletable
    BEFORE DELETE ON documents_tradedocument
    FOR EACH ROW EXECUTE FUNCTION documents_tradedocument_undeletable()
    """,
]
POSTGRES_UNDO = [
    "DROP TRIGGER IF EXISTS documents_tradedocument_undeletable ON documents_tradedocument",
    "DROP FUNCTION IF EXISTS documents_tradedocument_undeletable()",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("documents", "0002_issued_documents_immutable_in_the_database")]

    operations = [migrations.RunPython(_run(POSTGRES), _run(POSTGRES_UNDO))]
