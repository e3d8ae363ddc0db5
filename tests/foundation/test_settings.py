"""A production start without its required settings stops with a message naming them."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_check(env_overrides: dict, *args: str) -> subprocess.CompletedProcess:
    env = {
        k: v
        for k, v in os.environ.items()
        # The browser tests' conftest sets DJANGO_ALLOW_ASYNC_UNSAFE for Playwright; a
        # production start never has it (and check --deploy rightly refuses it).
        if k
        not in {
            "SECRET_KEY",
            "ALLOWED_HOSTS",
            "DEBUG",
            "DJANGO_SETTINGS_MODULE",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
    }
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", "check", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_without_secret_key_names_the_variable():
    result = run_check(
        {"DJANGO_SETTINGS_MODULE": "config.settings.production", "ALLOWED_HOSTS": "example.org"}
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
    assert "Traceback" not in result.stderr.splitlines()[-1]


def test_production_without_allowed_hosts_names_the_variable():
    result = run_check(
        {"DJANGO_SETTINGS_MODULE": "config.settings.production", "SECRET_KEY": "x" * 60}
    )
    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr


def test_debug_with_a_yes_ish_value_is_refused():
    result = run_check({"DJANGO_SETTINGS_MODULE": "config.settings.dev", "DEBUG": "yes"})
    assert result.returncode != 0
    assert "DEBUG='yes' is not a boolean" in result.stderr


def test_production_settings_pass_the_deploy_check():
    result = run_check(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "SECRET_KEY": "k3y-" + "a1b2c3d4e5" * 6,
            "ALLOWED_HOSTS": "deh.example.org",
        },
        "--deploy",
        "--fail-level",
        "WARNING",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
