"""The Wagtail speed-ups (cms/wagtail_speedups) are pinned to the Wagtail they were written for,
every reliance they list still holds, and none of them is left out of the list."""

import importlib
import inspect
import pkgutil
from pathlib import Path

import pytest
import wagtail

import cms.wagtail_speedups
from cms.wagtail_speedups import SPEEDUPS, WRITTEN_FOR, Speedup

PACKAGE = cms.wagtail_speedups.__name__
README = Path(cms.wagtail_speedups.__file__).with_name("README.md").read_text()


def _resolve(dotted: str):
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            target = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        for attribute in parts[cut:]:
            target = getattr(target, attribute)
        return target
    raise ImportError(dotted)


def _broken_reliance(speedup: Speedup) -> str | None:
    """Why `speedup` no longer holds, or None when its marker is still in what it relies on."""
    if speedup.marker in inspect.getsource(_resolve(speedup.relies_on)):
        return None
    return (
        f"{speedup.name} ({speedup.where}) relies on {speedup.relies_on} containing "
        f"{speedup.marker!r}, which it no longer does: recheck it (cms/wagtail_speedups/README.md)."
    )


def test_installed_wagtail_is_the_one_the_speedups_were_written_for():
    assert wagtail.__version__ == WRITTEN_FOR, (
        f"Wagtail {wagtail.__version__} is installed; the speed-ups in cms/wagtail_speedups "
        f"were written for {WRITTEN_FOR}. Recheck each one (README.md there), then update "
        "WRITTEN_FOR."
    )


@pytest.mark.parametrize("speedup", SPEEDUPS, ids=lambda s: s.name)
def test_what_each_speedup_relies_on_still_holds(speedup):
    assert speedup.where.startswith(f"{PACKAGE}.")
    assert _resolve(speedup.where) is not None
    assert _broken_reliance(speedup) is None, _broken_reliance(speedup)


def test_a_changed_reliance_is_reported():
    # The check above must be able to fail: the same reliance with text that is not there.
    changed = Speedup(
        "cached site lookup",
        f"{PACKAGE}.site.CachedSiteMiddleware",
        "wagtail.models.sites.Site.find_for_request",
        "request._wagtail_site_renamed",
    )
    assert "no longer does" in _broken_reliance(changed)


def test_every_module_of_the_package_is_a_listed_speedup():
    listed = {speedup.where.split(".")[2] for speedup in SPEEDUPS}
    modules = {info.name for info in pkgutil.iter_modules(cms.wagtail_speedups.__path__)}
    assert modules - listed == set(), "add each speed-up to SPEEDUPS and the README's table"
    assert listed <= modules


@pytest.mark.parametrize("speedup", SPEEDUPS, ids=lambda s: s.name)
def test_the_readme_table_names_each_speedup(speedup):
    assert f"`{speedup.where}`" in README or f"`{speedup.where.rsplit('.', 1)[0]}`" in README
    assert f"`{speedup.relies_on}`" in README
