"""PostgreSQL keeps the plans of the statements a connection runs often (config/settings/
base.py): the public pages' many-table reads cost more to plan than to run."""

import os
import subprocess
import sys

import pytest
from django.db import connection

from catalogue.models import Product
from tests.foundation.test_settings import ROOT


def _lookup(slug: str) -> list:
    # A statement no other test runs, so none has been prepared on this connection before.
    return list(Product.objects.filter(slug=slug).values_list("moq", "slug"))


def _prepared_product_lookups() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s",
            ['SELECT "catalogue_product"."moq" AS "moq", "catalogue_product"."slug" AS "slug" %'],
        )
        return cursor.fetchone()[0]


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's"
)
def test_a_statement_run_often_is_prepared_whatever_its_parameters(db):
    for slug in ("a", "b", "c", "d", "e"):
        _lookup(slug)
    assert _prepared_product_lookups() == 0  # five runs: not yet
    _lookup("f")  # a sixth, with yet another slug
    assert _prepared_product_lookups() == 1


def _database_options(**env) -> list[str]:
    """The PostgreSQL options the settings give, in a fresh process with `env`."""
    code = (
        "import django; django.setup(); from django.conf import settings;"
        "o = settings.DATABASES['default'].get('OPTIONS', {});"
        "print(o.get('server_side_binding'), o.get('prepare_threshold'))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "DATABASE_URL": "postgres://deh@127.0.0.1:5432/deh",
            **env,
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_prepared_statements_can_be_turned_off_for_a_pooler():
    """`DATABASE_PREPARED_STATEMENTS=false` (a pooler in transaction mode that cannot carry
    them): Django's default, parameters bound in the client and nothing prepared."""
    assert _database_options() == ["True", "5"]
    assert _database_options(DATABASE_PREPARED_STATEMENTS="false") == ["None", "None"]


def test_importing_the_production_settings_leaves_the_running_ones_alone(settings):
    """Tests import config.settings.production to read its values; its persistent
    connections must not become the test run's (the live server's threads kept theirs)."""
    import importlib

    from config.env import env_int
    from config.settings import production

    importlib.reload(production)
    assert production.DATABASES["default"]["CONN_MAX_AGE"] == env_int("CONN_MAX_AGE", 60)
    assert settings.DATABASES["default"]["CONN_MAX_AGE"] == env_int("CONN_MAX_AGE", 0)
    assert (
        "CONN_HEALTH_CHECKS" not in settings.DATABASES["default"]
        or not (settings.DATABASES["default"]["CONN_HEALTH_CHECKS"])
    )
