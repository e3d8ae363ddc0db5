"""Reads for officials' tools: who may see which district, plans, events, readiness, activity.

Every function runs a fixed number of queries whatever the size of the district.
"""

import datetime as dt
import statistics
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet, Sum, prefetch_related_objects
from django.db.models.functions import TruncMonth
from django.utils import timezone

from catalogue import readiness
from catalogue.models import Certification, Product
from cms.officials.models import (
    ActionPlanPage,
    EventPage,
    EventRegistration,
    SellerRegistration,
)
from marketplace.models import Enquiry, Order, Quotation
from marketplace.states import OrderStatus
from regions.models import District, ExportStatImport, State
from regions.selectors import official_scope
from sellers import selectors as seller_selectors
from sellers.models import Seller, SellerMembership

# Orders whose money has arrived (or arrived and the order moved on).
PAID_STATUSES = (
    OrderStatus.PAID,
    OrderStatus.IN_PRODUCTION,
    OrderStatus.SHIPPED,
    OrderStatus.DELIVERED,
    OrderStatus.COMPLETED,
)


# --- Who may see what -------------------------------------------------------------------


def sees_all_districts(user) -> bool:
    return official_scope(user).is_staff


def accessible_districts(user) -> QuerySet[District]:
    """Districts whose private figures `user` may see and import: staff see all; officials
    the districts of their posts (a state post: every district of the state)."""
    return official_scope(user).districts()


def accessible_states(user) -> QuerySet[State]:
    return official_scope(user).states()


def imports_for(user) -> QuerySet[ExportStatImport]:
    """Import reports the user may read: staff all; others those of their districts."""
    imports = ExportStatImport.objects.select_related("district", "uploaded_by")
    if sees_all_districts(user):
        return imports
    return imports.filter(district__in=accessible_districts(user))


# --- Action plan and events ---------------------------------------------------------------


PLAN_TABLES = ("targets", "focus_products", "bottlenecks", "schemes", "depc_members")


def action_plan(*, district_id: int) -> ActionPlanPage | None:
    """The district's live plan with its tables, in one query.

    The tables come from the plan's live revision (read with the page), not from its five
    child tables (five more queries on every storefront whose caches are empty). Publishing
    writes exactly that revision's rows into those tables, and every write of a plan goes
    through a revision (the editor, the tracker's status form, the demo, translations), so
    both say the same; a change made to the tables alone would be undone by the next publish
    in any case. A plan published without a revision is read from its tables."""
    plan = (
        ActionPlanPage.objects.live()
        .filter(district_id=district_id)
        .select_related("live_revision")
        .order_by("-last_published_at")
        .first()
    )
    if plan is None:
        return None
    if plan.live_revision is None:
        prefetch_related_objects([plan], *PLAN_TABLES)
        return plan
    # Rows only: check_fks=False asks the database nothing about the revision's foreign keys.
    published = ActionPlanPage.from_serializable_data(plan.live_revision.content, check_fks=False)
    for table in PLAN_TABLES:
        setattr(plan, table, list(getattr(published, table).all()))
    return plan


def action_plan_for_edit(*, page_id: int) -> ActionPlanPage:
    return ActionPlanPage.objects.select_related("district").get(pk=page_id)


def upcoming_events(*, district_id: int, limit: int = 5) -> list[EventPage]:
    now = timezone.now()
    return list(
        EventPage.objects.live()
        .filter(district_id=district_id)
        .filter(Q(ends_at__gte=now) | Q(ends_at__isnull=True, starts_at__gte=now))
        .annotate(registered=Count("registrations"))
        .order_by("starts_at")[:limit]
    )


@dataclass(frozen=True)
class RegistrationState:
    signed_in: bool
    registered: bool
    registered_count: int
    capacity: int | None
    open: bool

    @property
    def full(self) -> bool:
        return self.capacity is not None and self.registered_count >= self.capacity

    @property
    def can_register(self) -> bool:
        return self.signed_in and self.open and not self.registered and not self.full


def event_registration_state(*, event: EventPage, user) -> RegistrationState:
    registrations = EventRegistration.objects.filter(event_id=event.pk)
    counts = registrations.aggregate(
        total=Count("id"),
        mine=Count("id", filter=Q(user_id=user.pk)) if user.is_authenticated else Count(None),
    )
    ended = (event.ends_at or event.starts_at) < timezone.now()
    return RegistrationState(
        signed_in=user.is_authenticated,
        registered=bool(counts["mine"]),
        registered_count=counts["total"],
        capacity=event.capacity,
        open=event.registration_open and not ended,
    )


def event_for_registrations(*, user, page_id: int) -> EventPage | None:
    """The event if `user` may see who registered for it: its district is one of the
    user's (staff: any; officials: their own; state reviewers: their state's). None
    otherwise, so the view answers 404 without confirming the event exists."""
    return (
        EventPage.objects.filter(pk=page_id, district__in=accessible_districts(user))
        .select_related("district")
        .first()
    )


@dataclass(frozen=True)
class Registrant:
    name: str
    email: str
    role: str
    organisation: str
    registered_at: dt.datetime


def event_registrations(*, event_id: int) -> list[Registrant]:
    """Who registered for the event, first come first, with their business or company
    (three queries, whatever the number of registrations)."""
    registrations = (
        EventRegistration.objects.filter(event_id=event_id)
        .select_related("user", "user__buyer_company")
        .prefetch_related(
            Prefetch(
                "user__seller_memberships",
                queryset=SellerMembership.objects.select_related("seller").order_by("seller__name"),
            )
        )
        .order_by("created_at", "pk")
    )
    found = []
    for registration in registrations:
        user = registration.user
        if registration.role == EventRegistration.Role.SELLER:
            organisation = ", ".join(m.seller.name for m in user.seller_memberships.all())
        else:
            company = getattr(user, "buyer_company", None)
            organisation = company.name if company else ""
        found.append(
            Registrant(
                name=user.full_name,
                email=user.email,
                role=registration.get_role_display(),
                organisation=organisation,
                registered_at=registration.created_at,
            )
        )
    return found


# --- Export readiness -----------------------------------------------------------------------


def _registrations_by_seller(seller_ids) -> dict[int, dict[str, dt.date | None]]:
    found: dict[int, dict[str, dt.date | None]] = {}
    for seller_id, body, valid_until in SellerRegistration.objects.filter(
        seller_id__in=seller_ids
    ).values_list("seller_id", "body", "valid_until"):
        found.setdefault(seller_id, {})[body] = valid_until
    return found


def _readiness_products(products: QuerySet[Product]):
    return products.select_related("seller").prefetch_related(
        Prefetch(
            "certifications",
            queryset=Certification.objects.only("product_id", "kind", "valid_until"),
        )
    )


def product_checklists(products: QuerySet[Product]) -> list[tuple[Product, readiness.Checklist]]:
    """Checklists of many products in three queries."""
    products = list(_readiness_products(products))
    registrations = _registrations_by_seller({product.seller_id for product in products})
    today = timezone.localdate()
    return [
        (
            product,
            readiness.product_checklist(
                product=product,
                seller=product.seller,
                certifications=product.certifications.all(),
                registrations=registrations.get(product.seller_id, {}),
                today=today,
            ),
        )
        for product in products
    ]


def seller_readiness(*, seller: Seller):
    products = Product.objects.filter(seller=seller).exclude(status=Product.Status.WITHDRAWN)
    return product_checklists(products.order_by("name"))


def district_readiness(*, district_id: int):
    products = Product.objects.filter(
        district_id=district_id, status__in=[Product.Status.PUBLISHED, Product.Status.PENDING]
    ).order_by("seller__name", "name")
    checklists = product_checklists(products)
    return readiness.summarise(checklist for _, checklist in checklists), checklists


def seller_registrations(*, seller: Seller) -> QuerySet[SellerRegistration]:
    return SellerRegistration.objects.filter(seller=seller)


def sellers_of(user) -> QuerySet[Seller]:
    return seller_selectors.sellers_of(user)


# --- Platform activity ----------------------------------------------------------------------


def _by_month(queryset, date_field: str, since: dt.datetime, value=None) -> dict[dt.date, object]:
    rows = (
        queryset.filter(**{f"{date_field}__gte": since})
        .annotate(month=TruncMonth(date_field))
        .values("month")
        .annotate(value=value or Count("id"))
        .order_by("month")
    )
    return {_as_date(row["month"]): row["value"] for row in rows}


def _as_date(value) -> dt.date:
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return value.date().replace(day=1)
    return value.replace(day=1)


@dataclass(frozen=True)
class Activity:
    months: list[dt.date]
    listings: dict
    sellers_verified: dict
    enquiries: dict
    quotes: dict
    orders: dict
    paid_by_currency: dict[str, dict]
    funnel: tuple[int, int, int]
    median_response_hours: float | None
    published_listings: int
    verified_sellers: int


def platform_activity(*, district_ids: QuerySet | list[int], months: int = 12) -> Activity:
    """Marketplace activity of the districts over the last `months` months: eight queries
    whatever the number of districts (the enquiries query also gives the funnel, the
    orders query also the paid value per currency)."""
    today = timezone.localdate().replace(day=1)
    index = today.year * 12 + today.month - 1 - (months - 1)
    first = dt.date(index // 12, index % 12 + 1, 1)
    since = timezone.make_aware(dt.datetime.combine(first, dt.time.min))
    month_list = [
        dt.date((index + offset) // 12, (index + offset) % 12 + 1, 1) for offset in range(months)
    ]
    products = Product.objects.filter(district_id__in=district_ids, status=Product.Status.PUBLISHED)
    sellers = Seller.objects.filter(district_id__in=district_ids)
    verified = sellers.filter(gstin_status=Seller.Verification.VERIFIED)
    window_enquiries = Enquiry.objects.filter(
        seller__district_id__in=district_ids, created_at__gte=since
    )
    quotes = Quotation.objects.filter(enquiry__seller__district_id__in=district_ids)
    orders = Order.objects.filter(seller__district_id__in=district_ids, is_sample=False)

    enquiries_by_month, funnel = {}, [0, 0, 0]
    # Joined to quotations and their orders, so counts are DISTINCT: an enquiry with a
    # main and a sample order still counts once, and only main orders count as ordered.
    for row in (
        window_enquiries.annotate(month=TruncMonth("created_at"))
        .values("month")
        .annotate(
            enquiries=Count("id", distinct=True),
            quoted=Count("id", distinct=True, filter=Q(quotation__isnull=False)),
            ordered=Count(
                "quotation__orders",
                distinct=True,
                filter=Q(quotation__orders__is_sample=False),
            ),
        )
        .order_by("month")
    ):
        enquiries_by_month[_as_date(row["month"])] = row["enquiries"]
        funnel = [
            funnel[0] + row["enquiries"],
            funnel[1] + row["quoted"],
            funnel[2] + row["ordered"],
        ]

    orders_by_month: dict[dt.date, int] = {}
    paid_by_currency: dict[str, dict] = {}
    for row in (
        orders.filter(created_at__gte=since)
        .annotate(month=TruncMonth("created_at"))
        .values("month", "currency")
        .annotate(count=Count("id"), paid=Sum("total", filter=Q(status__in=PAID_STATUSES)))
        .order_by("month", "currency")
    ):
        month = _as_date(row["month"])
        orders_by_month[month] = orders_by_month.get(month, 0) + row["count"]
        if row["paid"] is not None:
            paid_by_currency.setdefault(row["currency"], {})[month] = row["paid"]

    delays = [
        (responded - created).total_seconds() / 3600
        for created, responded in window_enquiries.filter(
            first_response_at__isnull=False
        ).values_list("created_at", "first_response_at")
    ]
    return Activity(
        months=month_list,
        listings=_by_month(products, "published_at", since),
        sellers_verified=_by_month(verified, "gstin_checked_at", since),
        enquiries=enquiries_by_month,
        quotes=_by_month(quotes, "created_at", since),
        orders=orders_by_month,
        paid_by_currency=paid_by_currency,
        funnel=tuple(funnel),
        median_response_hours=round(statistics.median(delays), 1) if delays else None,
        published_listings=products.count(),
        verified_sellers=verified.count(),
    )
