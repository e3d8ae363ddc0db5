"""No Docker engine runs here, so the compose file is checked by reading it."""

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def load_compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_compose_has_the_six_services_with_pinned_images():
    services = load_compose()["services"]
    assert set(services) == {"web", "worker", "scheduler", "db", "search", "cache"}
    assert services["db"]["image"].startswith("postgres:")
    assert services["cache"]["image"].startswith("redis:")
    search_image = services["search"]["image"]
    assert "elasticsearch" in search_image
    assert search_image.rsplit(":", 1)[1].startswith("8.")
    for name in ("web", "worker", "scheduler"):
        assert services[name]["build"] == "."
    assert services["scheduler"]["command"] == "python manage.py run_periodic"


def test_web_waits_for_healthy_database_cache_and_search():
    services = load_compose()["services"]
    for backing in ("db", "cache", "search"):
        assert "healthcheck" in services[backing], backing
        assert services["web"]["depends_on"][backing]["condition"] == "service_healthy"
    assert "gunicorn" in services["web"]["command"]
    assert "healthz" in " ".join(services["web"]["healthcheck"]["test"])
    assert services["worker"]["command"] == "python manage.py db_worker"


def test_app_environment_wires_every_backing_service():
    env = load_compose()["services"]["web"]["environment"]
    assert env["DJANGO_SETTINGS_MODULE"] == "config.settings.production"
    assert env["DATABASE_URL"].startswith("postgres://") and "@db:5432/" in env["DATABASE_URL"]
    assert env["CACHE_URL"].startswith("redis://cache:6379")
    assert env["SEARCH_BACKEND"] == "elasticsearch"
    assert env["ELASTICSEARCH_URL"] == "http://search:9200"
    # A missing secret must stop compose, never fall back to a default.
    assert env["SECRET_KEY"].startswith("${SECRET_KEY:?")


def test_worker_shares_the_web_environment():
    services = load_compose()["services"]
    assert services["worker"]["environment"] == services["web"]["environment"]
