"""The Wagtail speed-ups (cms/wagtail_speedups) are pinned to the Wagtail they were written for."""

import importlib
import inspect

import pytest
import wagtail

from cms.wagtail_speedups import SPEEDUPS, WRITTEN_FOR


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


def test_installed_wagtail_is_the_one_the_speedups_were_written_for():
    assert wagtail.__version__ == WRITTEN_FOR, (
        f"Wagtail {wagtail.__version__} is installed; the speed-ups in cms/wagtail_speedups "
        f"were written for {WRITTEN_FOR}. Recheck each one (README.md there), then update "
        "WRITTEN_FOR."
    )


@pytest.mark.parametrize("speedup", SPEEDUPS, ids=lambda s: s.name)
def test_what_each_speedup_relies_on_is_still_in_wagtail(speedup):
    assert _resolve(speedup.where) is not None
    source = inspect.getsource(_resolve(speedup.relies_on))
    assert speedup.marker in source, (
        f"{speedup.name} ({speedup.where}) relies on {speedup.relies_on} using "
        f"{speedup.marker!r}, which this Wagtail no longer does: recheck it."
    )
