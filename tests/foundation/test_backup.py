"""A backup restored into a fresh database holds every row, and media comes back too."""

import sqlite3
import uuid
from pathlib import Path

import psycopg
import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection

from tests.factories import ProductFactory, SellerMembershipFactory


def row_counts_by_table() -> dict[str, int]:
    counts = {}
    with connection.cursor() as cursor:
        for model in apps.get_models(include_auto_created=True):
            table = model._meta.db_table
            if table in counts or model._meta.proxy or not model._meta.managed:
                continue
            cursor.execute(f'SELECT COUNT(*) FROM "{table}"')  # noqa: S608 - table names from models
            counts[table] = cursor.fetchone()[0]
    return counts


@pytest.mark.django_db(transaction=True)
def test_backup_then_restore_into_a_fresh_database_keeps_every_row(tmp_path, settings):
    ProductFactory.create_batch(3)
    SellerMembershipFactory()
    media_file = Path(settings.MEDIA_ROOT) / "originals" / "proof.txt"
    media_file.parent.mkdir(parents=True)
    media_file.write_text("a product photo stands here")
    expected = row_counts_by_table()
    assert expected["catalogue_product"] == 3

    call_command("backup_site", str(tmp_path / "backup"))
    restored_media = tmp_path / "restored-media"
    settings.MEDIA_ROOT = str(restored_media)

    if connection.vendor == "postgresql":
        params = connection.get_connection_params()
        fresh = f"deh_restore_{uuid.uuid4().hex[:8]}"
        admin = psycopg.connect(
            host=params.get("host"),
            port=params.get("port"),
            user=params.get("user"),
            dbname="postgres",
            autocommit=True,
        )
        admin.execute(f'CREATE DATABASE "{fresh}"')
        try:
            url = (
                f"postgres://{params.get('user')}@{params.get('host')}:{params.get('port')}/{fresh}"
            )
            call_command("restore_site", str(tmp_path / "backup"), database_url=url)
            with psycopg.connect(
                host=params.get("host"),
                port=params.get("port"),
                user=params.get("user"),
                dbname=fresh,
            ) as restored:
                actual = {
                    table: restored.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]  # noqa: S608
                    for table in expected
                }
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{fresh}" WITH (FORCE)')
            admin.close()
    else:
        target = tmp_path / "restored.sqlite3"
        call_command("restore_site", str(tmp_path / "backup"), database_url=f"sqlite:///{target}")
        with sqlite3.connect(target) as restored:
            actual = {
                table: restored.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]  # noqa: S608
                for table in expected
            }

    assert actual == expected
    assert (restored_media / "originals" / "proof.txt").read_text() == "a product photo stands here"


@pytest.mark.django_db
def test_restore_from_a_folder_that_is_not_a_backup_says_so(tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="not a backup folder"):
        call_command("restore_site", str(tmp_path))
