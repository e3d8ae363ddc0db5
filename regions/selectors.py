"""Reads of the regions app: who is an official of what (`official_scope`), and export
statistics for dashboards (every function one or two GROUP BY queries).

A district's totals come from the ExportStatTotal rollup (one row per district and period)
and its breakdowns by HS chapter or country read its ExportStat rows through the
(district, period_start, hs_chapter) index. A state's or India's totals and breakdowns read
ExportStatRollup (one row per state or India, period and chapter or country), so their cost
does not grow with the number of districts. `scope` is a district, a state or None (India).
"""

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import F, Max, Q, QuerySet, Sum

from regions.models import (
    District,
    ExportStat,
    ExportStatRollup,
    ExportStatTotal,
    OfficialPost,
    State,
)
from regions.periods import add_months, financial_year, months_in, period_end

ZERO = Decimal("0")
Scope = District | State | None


# --- Who is an official of what -------------------------------------------------------------

DISTRICT, STATE, STAFF = "district", "state", "staff"
_ABOVE = {DISTRICT: STATE, STATE: STAFF, STAFF: STAFF}


def overdue_after() -> dt.timedelta:
    """How long an item may wait for review before it escalates one level."""
    return dt.timedelta(days=getattr(settings, "REVIEW_OVERDUE_DAYS", 3))


@dataclass
class OfficialScope:
    """What one user may review and curate, and whose duty each district's queue is.

    Coverage: a district's items are the duty of its own officials; a district with none falls
    to its state's officials, a state with none to site staff. An item waiting longer than
    `overdue_after()` is also the duty of the level above. Staff may review every district;
    a state official every district of the state.
    """

    is_staff: bool
    district_ids: frozenset[int]  # the districts the user holds a post for
    state_ids: frozenset[int]  # the states the user holds a post for
    # (districts with an official of their own, states with a state official): read on first
    # use, so pages that only ask "may this user review?" (the header) make one query.
    coverage: tuple[frozenset[int], frozenset[int]] | None = None

    def _coverage(self) -> tuple[frozenset[int], frozenset[int]]:
        if self.coverage is None:
            self.coverage = staffed_places()
        return self.coverage

    @property
    def staffed_district_ids(self) -> frozenset[int]:
        return self._coverage()[0]

    @property
    def staffed_state_ids(self) -> frozenset[int]:
        return self._coverage()[1]

    @property
    def is_official(self) -> bool:
        return bool(self.district_ids or self.state_ids)

    @property
    def can_review(self) -> bool:
        return self.is_official or self.is_staff

    def q(self, field: str = "district") -> Q:
        """A filter on `field` (a path to a District; "" for District itself) keeping the
        districts in scope."""
        if self.is_staff:
            return Q()
        if not self.is_official:
            return Q(pk__in=[])
        prefix = f"{field}__" if field else ""
        return Q(**{f"{prefix}pk__in": self.district_ids}) | Q(
            **{f"{prefix}state_id__in": self.state_ids}
        )

    def districts(self) -> QuerySet[District]:
        return District.objects.filter(self.q("")).select_related("state")

    def states(self) -> QuerySet[State]:
        """The states the user may curate as a whole (staff: all)."""
        if self.is_staff:
            return State.objects.all()
        return State.objects.filter(pk__in=self.state_ids)

    def covers(self, district_id: int, state_id: int) -> bool:
        return self.is_staff or district_id in self.district_ids or state_id in self.state_ids

    def level(self, district_id: int, state_id: int) -> str:
        """Who a district's queue falls to: its officials, its state's, or site staff."""
        if district_id in self.staffed_district_ids:
            return DISTRICT
        return STATE if state_id in self.staffed_state_ids else STAFF

    def escalated_level(self, district_id: int, state_id: int) -> str:
        """The level an overdue item of the district escalates to (skipping an empty one)."""
        above = _ABOVE[self.level(district_id, state_id)]
        if above == STATE and state_id not in self.staffed_state_ids:
            return STAFF
        return above

    def _holds(self, level: str, district_id: int, state_id: int) -> bool:
        if level == DISTRICT:
            return district_id in self.district_ids
        if level == STATE:
            return state_id in self.state_ids
        return self.is_staff

    def is_duty(self, district_id: int, state_id: int, *, overdue: bool = False) -> bool:
        """True if an item of this district is this user's to review now (their level, or
        the level it escalated to once overdue)."""
        if self._holds(self.level(district_id, state_id), district_id, state_id):
            return True
        return overdue and self._holds(
            self.escalated_level(district_id, state_id), district_id, state_id
        )


def staffed_places() -> tuple[frozenset[int], frozenset[int]]:
    """(districts that have an official of their own, states that have a state official),
    in one query."""
    rows = list(OfficialPost.objects.values_list("district_id", "state_id").distinct())
    return frozenset(d for d, _s in rows if d), frozenset(s for _d, s in rows if s)


def official_scope(user) -> OfficialScope:
    """What `user` may review and curate (see OfficialScope): one query for the user's posts,
    one more on the first coverage question; kept on the user object for the request."""
    cached = getattr(user, "_official_scope", None)
    if cached is not None:
        return cached
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        scope = OfficialScope(False, frozenset(), frozenset())
    else:
        posts = list(OfficialPost.objects.filter(user=user).values_list("district_id", "state_id"))
        scope = OfficialScope(
            is_staff=bool(user.is_staff or user.is_superuser),
            district_ids=frozenset(d for d, _s in posts if d),
            state_ids=frozenset(s for _d, s in posts if s),
        )
    if hasattr(user, "pk"):
        user._official_scope = scope
    return scope


def officials_for(*, district_id: int, state_id: int, overdue: bool = False) -> QuerySet:
    """The users whose duty an item of the district is (see OfficialScope), in one query."""
    from django.contrib.auth import get_user_model

    users = get_user_model().objects.filter(is_active=True)
    district_held = OfficialPost.objects.filter(district_id=district_id).exists()
    state_held = OfficialPost.objects.filter(state_id=state_id).exists()
    level = DISTRICT if district_held else STATE if state_held else STAFF
    levels = {level}
    if overdue:
        above = _ABOVE[level]
        levels.add(STAFF if above == STATE and not state_held else above)
    q = Q(pk__in=[])
    if DISTRICT in levels:
        q |= Q(official_posts__district_id=district_id)
    if STATE in levels:
        q |= Q(official_posts__state_id=state_id)
    if STAFF in levels:
        q |= Q(is_staff=True)
    return users.filter(q).distinct()


def _totals(scope: Scope):
    """Rows with period_kind, period_start, value_inr and value_usd: one per period."""
    if isinstance(scope, District):
        return ExportStatTotal.objects.filter(district_id=scope.pk)
    return _rollups(scope, ExportStatRollup.Dimension.TOTAL)


def _rollups(scope: State | None, dimension: str):
    return ExportStatRollup.objects.filter(
        Q(state_id=scope.pk) if scope else Q(state__isnull=True), dimension=dimension
    )


@dataclass(frozen=True)
class Window:
    """[start, end) and the same months a year earlier."""

    start: dt.date
    end: dt.date

    @property
    def previous(self) -> "Window":
        return Window(add_months(self.start, -12), add_months(self.end, -12))

    @property
    def last_month(self) -> dt.date:
        return add_months(self.end, -1)


def latest_window(scope: Scope, months: int = 12) -> Window | None:
    """The `months` months ending with the latest period that has figures in the scope."""
    latest = (
        _totals(scope)
        .values("period_kind")
        .annotate(last=Max("period_start"))
        .order_by("-last")
        .first()
    )
    if not latest:
        return None
    end = period_end(latest["last"], latest["period_kind"])
    return Window(add_months(end, -months), end)


def latest_complete_window(scope: Scope, months: int = 12) -> Window | None:
    """The latest `months` consecutive months that all have figures in the scope, so that a
    small import of one later month or quarter does not move a public headline onto a
    period that is mostly empty. None when no such run exists."""
    covered = set()
    for start, kind in _totals(scope).values_list("period_start", "period_kind").distinct():
        covered.update(months_in(start, kind))
    return _latest_run(covered, months)


def _latest_run(covered: set[dt.date], months: int) -> Window | None:
    run, run_start, run_end = 0, None, None
    for month in sorted(covered, reverse=True):
        if run and month == add_months(run_start, -1):
            run, run_start = run + 1, month
        else:
            run, run_start, run_end = 1, month, add_months(month, 1)
        if run >= months:
            return Window(add_months(run_end, -months), run_end)
    return None


def export_series(
    scope: Scope, *, since: dt.date | None = None
) -> list[tuple[dt.date, Decimal, Decimal]]:
    """(period start, INR, USD) per period, oldest first (a state or India: its rollup)."""
    rows = _totals(scope)
    if since:
        rows = rows.filter(period_start__gte=since)
    rows = (
        rows.values("period_start")
        .annotate(inr=Sum("value_inr"), usd=Sum("value_usd"))
        .order_by("period_start")
    )
    return [(row["period_start"], row["inr"], row["usd"]) for row in rows]


def exports_by_financial_year(scope: Scope) -> dict[int, tuple[Decimal, Decimal]]:
    """{FY start year: (INR, USD)} from the period series (at most a few hundred rows)."""
    years: dict[int, list[Decimal]] = {}
    for start, inr, usd in export_series(scope):
        totals = years.setdefault(financial_year(start), [ZERO, ZERO])
        totals[0] += inr
        totals[1] += usd
    return {year: (inr, usd) for year, (inr, usd) in sorted(years.items())}


def _breakdown(scope: Scope, window: Window | None, field: str, limit: int):
    if isinstance(scope, District):
        rows = ExportStat.objects.filter(district_id=scope.pk)
    else:
        dimension = "chapter" if field == "hs_chapter" else "country"
        rows = _rollups(scope, dimension).annotate(**{field: F("code")})
    if window:
        rows = rows.filter(period_start__gte=window.start, period_start__lt=window.end)
    rows = (
        rows.values(field)
        .annotate(inr=Sum("value_inr"), usd=Sum("value_usd"))
        .order_by("-inr", field)[:limit]
    )
    return [(row[field], row["inr"], row["usd"]) for row in rows]


def top_hs_chapters(scope: Scope, window: Window | None, limit: int = 10):
    """[(chapter "50", INR, USD)] largest first."""
    return _breakdown(scope, window, "hs_chapter", limit)


def top_countries(scope: Scope, window: Window | None, limit: int = 10):
    """[(ISO alpha-2, INR, USD)] largest first."""
    return _breakdown(scope, window, "country", limit)


@dataclass(frozen=True)
class Growth:
    window: Window
    current_inr: Decimal
    previous_inr: Decimal

    @property
    def percent(self) -> Decimal | None:
        if not self.previous_inr:
            return None
        change = (self.current_inr - self.previous_inr) * 100 / self.previous_inr
        return change.quantize(Decimal("0.1"))


def growth(scope: Scope, window: Window | None) -> Growth | None:
    """The window's exports against the same months a year earlier (one query)."""
    if window is None:
        return None
    previous = window.previous
    sums = _totals(scope).aggregate(
        current=Sum(
            "value_inr", filter=Q(period_start__gte=window.start, period_start__lt=window.end)
        ),
        previous=Sum(
            "value_inr", filter=Q(period_start__gte=previous.start, period_start__lt=previous.end)
        ),
    )
    return Growth(window, sums["current"] or ZERO, sums["previous"] or ZERO)


@dataclass(frozen=True)
class PeriodTotals:
    """A district's total of every period, read in one query, with the figures above
    computed from it: for a page that shows several of them (the storefront's "at a glance"
    block asked five queries of the same few dozen rows). Answers as the functions above do
    for the same scope (tests/officials/test_public.py)."""

    rows: tuple[tuple[dt.date, str, Decimal, Decimal], ...]

    @classmethod
    def of(cls, district: District) -> "PeriodTotals":
        rows = _totals(district).order_by("period_start")
        return cls(tuple(rows.values_list("period_start", "period_kind", "value_inr", "value_usd")))

    def latest_window(self, months: int = 12) -> Window | None:
        if not self.rows:
            return None
        start, kind, *_values = max(self.rows, key=lambda row: row[0])
        end = period_end(start, kind)
        return Window(add_months(end, -months), end)

    def latest_complete_window(self, months: int = 12) -> Window | None:
        covered = {month for start, kind, *_values in self.rows for month in months_in(start, kind)}
        return _latest_run(covered, months)

    def series(self, *, since: dt.date | None = None) -> list[tuple[dt.date, Decimal, Decimal]]:
        sums: dict[dt.date, list[Decimal]] = {}
        for start, _kind, inr, usd in self.rows:
            if since is None or start >= since:
                total = sums.setdefault(start, [ZERO, ZERO])
                total[0] += inr
                total[1] += usd
        return [(start, inr, usd) for start, (inr, usd) in sorted(sums.items())]

    def growth(self, window: Window | None) -> Growth | None:
        if window is None:
            return None
        previous = window.previous
        current = sum(
            (inr for start, _k, inr, _u in self.rows if window.start <= start < window.end), ZERO
        )
        before = sum(
            (inr for start, _k, inr, _u in self.rows if previous.start <= start < previous.end),
            ZERO,
        )
        return Growth(window, current, before)


@dataclass(frozen=True)
class RankRow:
    rank: int
    district_id: int
    name: str
    value_inr: Decimal


def state_ranking(state_id: int, window: Window) -> list[RankRow]:
    """Districts of a state by exports in the window, largest first (one GROUP BY)."""
    rows = (
        ExportStatTotal.objects.filter(
            district__state_id=state_id,
            period_start__gte=window.start,
            period_start__lt=window.end,
        )
        .values("district_id", "district__name")
        .annotate(inr=Sum("value_inr"))
        .order_by("-inr", "district__name")
    )
    return [
        RankRow(position, row["district_id"], row["district__name"], row["inr"])
        for position, row in enumerate(rows, start=1)
    ]


def district_ranking(window: Window, limit: int = 20) -> list[RankRow]:
    """Districts of India by exports in the window (for staff), largest first."""
    rows = (
        ExportStatTotal.objects.filter(period_start__gte=window.start, period_start__lt=window.end)
        .values("district_id", "district__name")
        .annotate(inr=Sum("value_inr"))
        .order_by("-inr", "district__name")[:limit]
    )
    return [
        RankRow(position, row["district_id"], row["district__name"], row["inr"])
        for position, row in enumerate(rows, start=1)
    ]


# --- Finding a district by what a person types ------------------------------------------------


# Letters and digits plus the Devanagari vowel signs and virama, which Python's \w leaves
# out (category Mc/Mn): "वाराणसी" stays one word.
_WORD = re.compile("(?:[^\\W_]|[\u0900-\u0903\u093a-\u094f\u0951-\u0957\u0962\u0963])+")


def _fold(text: str) -> str:
    # Any script (Latin, Devanagari): case-folded words, punctuation and spacing ignored.
    return " ".join(_WORD.findall(unicodedata.normalize("NFC", text or "").casefold()))


def _names(district: District) -> list[str]:
    others = re.split(r"\s*;\s*", f"{district.previous_names};{district.aliases}")
    hindi = [district.name_hi] if district.name_hi else []
    return [district.name, *(name for name in others if name.strip()), *hindi]


@dataclass(frozen=True)
class DistrictMatch:
    district: District | None
    candidates: list[District]  # when none or several matched: what the person may mean


def district_lookup(text: str, *, state_id: int | None = None) -> DistrictMatch:
    """The district a person typed: its name, a former name or an alias, optionally
    "Name, State"; `state_id` narrows the search. One query (the state's or India's
    districts). Several matches or none give candidates instead of a district."""
    typed, _sep, state_text = (text or "").partition(",")
    districts = District.objects.select_related("state").order_by("name")
    if state_id:
        districts = districts.filter(state_id=state_id)
    districts = list(districts)
    if state_text.strip():
        wanted_state = _fold(state_text)
        districts = [
            d for d in districts if wanted_state in (_fold(d.state.name), _fold(d.state.iso_code))
        ]
    key = _fold(typed)
    if not key:
        return DistrictMatch(None, [])
    exact = [d for d in districts if key == _fold(d.name)]
    if not exact:
        exact = [d for d in districts if any(key == _fold(name) for name in _names(d))]
    if len(exact) == 1:
        return DistrictMatch(exact[0], [])
    if exact:
        return DistrictMatch(None, exact)
    near = [d for d in districts if any(_fold(name).startswith(key) for name in _names(d))]
    if not near:
        near = [d for d in districts if any(key in _fold(name) for name in _names(d))]
    return DistrictMatch(None, near[:8])


def district_options(*, state_id: int | None = None) -> list[dict]:
    """Districts for the typed-district autocomplete: name, state and other names (one query)."""
    districts = District.objects.select_related("state").order_by("state__name", "name")
    if state_id:
        districts = districts.filter(state_id=state_id)
    return [
        {
            "name": district.name,
            "state": district.state.name,
            "state_id": district.state_id,
            "other_names": _names(district)[1:],
        }
        for district in districts
    ]
