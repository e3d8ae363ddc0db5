"""A buyer's budgeted form post (an enquiry or a buying request), done once.

The choreography both forms share, in one place: a repeat of a form already acted on goes to
the first post's result without counting against the budget; otherwise one slot of the
buyer's hourly enquiry budget is taken (`core.ratelimit`, the budget from
`selectors.enquiry_budget`); the write runs once per form token (`marketplace.once`); a slot
is given back when the write turns out to be a repeat or is refused. A refusal (the budget,
or a `TradeError`) is written onto the form, so the page shown again keeps every field the
buyer typed: the draft is never lost.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import ngettext

from core import ratelimit

from .. import once, selectors
from .common import TradeError


@dataclass
class Submission:
    """What became of the post. `url`: go there (the new object, or the first post's);
    `created`: the object the write made now (None for a repeat or a refusal); `wait`: > 0
    when the budget refused it, seconds until a slot frees (the page answers 429). Neither
    `url` nor `wait`: the form carries the refusal; show it again."""

    url: str = ""
    created: Any = None
    wait: int = 0


def submit_within_budget(request, form, write: Callable[[], Any]) -> Submission:
    """Run `write()` (which returns an object with `get_absolute_url`) for the valid `form`
    of `request.user`, at most once and within the enquiry budget."""
    if first := once.submitted(form):
        return Submission(url=first)  # a second post of the same form: show the first's
    budget = selectors.enquiry_budget(request.user)
    if wait := ratelimit.acquire(request, user_limit=budget):
        form.add_error(None, _budget_refusal(wait))
        return Submission(wait=wait)
    try:
        with once.once(request, form) as done:
            created = write()
            done.url = created.get_absolute_url()
    except once.Duplicate as duplicate:
        ratelimit.release(request)
        return Submission(url=duplicate.url)
    except TradeError as exc:
        ratelimit.release(request)
        form.add_error(None, str(exc))
        return Submission()
    return Submission(url=done.url, created=created)


def _budget_refusal(wait: int) -> str:
    minutes = max(1, wait // 60)
    return ngettext(
        "You have sent many enquiries in the last hour. To protect sellers from spam, "
        "please send this one in about %(minutes)d minute: what you wrote is kept below.",
        "You have sent many enquiries in the last hour. To protect sellers from spam, "
        "please send this one in about %(minutes)d minutes: what you wrote is kept below.",
        minutes,
    ) % {"minutes": minutes}
