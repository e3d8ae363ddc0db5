"""Reads of the trade flow, with the joins each page needs (constant query counts)."""

from __future__ import annotations

import statistics
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db.models import Count, Exists, F, Max, OuterRef, Q, QuerySet
from django.db.models.functions import Coalesce
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from buyers.models import ShortlistItem
from catalogue import selectors as catalogue_selectors
from catalogue.models import Category, GIProduct, Product
from regions.models import District
from regions.selectors import official_scope
from sellers.models import Seller, SellerMembership
from sellers.selectors import member_seller_ids, user_is_seller_staff

from .models import BuyingRequest, Enquiry, Message, Order, OrderDocument, Quotation
from .payments.methods import payment_steps
from .states import ORDER_TRANSITIONS, EnquiryStatus, OrderStatus, QuoteStatus


def user_seller_ids(user: User) -> list[int]:
    return list(member_seller_ids(user).values_list("seller_id", flat=True))


def rfq_matching_sellers(*, rfq: BuyingRequest, exclude_user: User | None = None) -> QuerySet:
    """Approved sellers with a published product matching every criterion the RFQ sets."""
    if not (rfq.category_id or rfq.gi_id or rfq.district_id):
        return Seller.objects.none()
    products = Product.objects.filter(seller=OuterRef("pk"), status=Product.Status.PUBLISHED)
    if rfq.category_id:
        children = Category.objects.filter(parent_id=rfq.category_id).values("pk")
        products = products.filter(Q(category_id=rfq.category_id) | Q(category_id__in=children))
    if rfq.gi_id:
        products = products.filter(gi_id=rfq.gi_id)
    if rfq.district_id:
        products = products.filter(district_id=rfq.district_id)
    sellers = Seller.objects.filter(Exists(products), status=Seller.Status.APPROVED)
    if exclude_user is not None:
        sellers = sellers.exclude(pk__in=member_seller_ids(exclude_user))
    return sellers.order_by("name")


def district_sellers(*, district) -> QuerySet:
    """Sellers a district's "send an enquiry" call to action offers the buyer to choose from."""
    products = Product.objects.filter(
        seller=OuterRef("pk"), status=Product.Status.PUBLISHED, district=district
    )
    return Seller.objects.filter(Exists(products), status=Seller.Status.APPROVED).order_by("name")


# ---------------------------------------------------------------- object access (404 else)


def party_for(*, user: User | None, buyer_id: int, seller_id: int) -> str | None:
    """Which side of a trade `user` is on: "buyer", "seller" (any member of the selling
    business), "staff", or None. The one answer: views, services and payments ask it here."""
    if user is None or not user.is_authenticated:
        return None
    if user.pk == buyer_id:
        return "buyer"
    if user_is_seller_staff(user, seller_id):
        return "seller"
    if user.is_staff:
        return "staff"  # read-only, for disputes and support
    return None


def enquiry_for(*, user: User, pk: int) -> tuple[Enquiry, str]:
    """The enquiry and the user's side of it ("buyer", "seller", "staff"); 404 otherwise."""
    enquiry = (
        Enquiry.objects.select_related("buyer", "seller__district", "product", "rfq")
        .filter(pk=pk)
        .first()
    )
    if enquiry is None:
        raise Http404
    party = party_for(user=user, buyer_id=enquiry.buyer_id, seller_id=enquiry.seller_id)
    if party is None:
        raise Http404
    return enquiry, party


def conversation(*, enquiry: Enquiry) -> list[Message]:
    return list(
        enquiry.messages.select_related("sender")
        .prefetch_related("attachments")
        .order_by("created_at", "id")
    )


def quotation_for_enquiry(*, enquiry: Enquiry) -> Quotation | None:
    return (
        Quotation.objects.filter(enquiry=enquiry)
        .prefetch_related("lines__product", "revisions", "orders")
        .first()
    )


QUOTE_TERM_FIELDS = (
    "currency",
    "incoterm",
    "port",
    "lead_time_days",
    "valid_until",
    "payment_terms",
    "sample_offered",
    "sample_price",
    "notes",
)


def quote_form_initial(*, enquiry: Enquiry, quote: Quotation | None) -> tuple[dict, list[dict]]:
    """(terms, lines) to start the seller's quotation form with: the current quotation's to
    revise it, else the enquiry's product, quantity and incoterm."""
    if quote:
        initial = {f: getattr(quote, f) for f in QUOTE_TERM_FIELDS}
        lines = [
            {
                "product": line.product_id,
                "description": line.description,
                "quantity": line.quantity,
                "unit": line.unit,
                "unit_price": line.unit_price,
            }
            for line in quote.lines.all()
        ]
        return initial, lines
    initial = {"incoterm": enquiry.incoterm, "port": "", "lead_time_days": 30}
    if enquiry.product:
        initial["lead_time_days"] = enquiry.product.lead_time_days
    lines = [
        {
            "product": enquiry.product_id,
            "description": enquiry.subject,
            "quantity": enquiry.quantity,
            "unit": enquiry.unit,
        }
    ]
    return initial, lines


def quote_product_choices(*, seller_id: int) -> list[tuple[int, str]]:
    """The seller's own products a quotation line may name (not withdrawn ones)."""
    return list(
        Product.objects.filter(seller_id=seller_id)
        .exclude(status="withdrawn")
        .values_list("pk", "name")
    )


def quotation_for_buyer(*, user: User, pk: int) -> Quotation:
    quote = Quotation.objects.select_related("enquiry").filter(pk=pk).first()
    if quote is None or not user.is_authenticated or quote.enquiry.buyer_id != user.pk:
        raise Http404
    return quote


def order_for(*, user: User, number: str) -> tuple[Order, str]:
    order = (
        Order.objects.select_related("buyer", "seller", "quotation__enquiry")
        .prefetch_related("lines", "events__actor", "documents")
        .filter(number=number)
        .first()
    )
    if order is None:
        raise Http404
    party = party_for(user=user, buyer_id=order.buyer_id, seller_id=order.seller_id)
    if party is None:
        raise Http404
    return order, party


def order_document_for(*, user: User, number: str, pk: int) -> OrderDocument:
    """A document of an order the user is a party to (buyer, seller, staff); 404 otherwise,
    including a document id that belongs to another order."""
    order, _party = order_for(user=user, number=number)
    document = OrderDocument.objects.filter(order=order, pk=pk).first()
    if document is None:
        raise Http404
    return document


def rfq_initial(params) -> dict:
    """The buying-request form's scope from a link (?district=, ?category=, ?gi= slugs), as
    a district storefront sends it; an unknown slug is left out rather than refused."""
    models = {"district": District, "category": Category, "gi": GIProduct}
    initial = {}
    for name, model in models.items():
        slug = params.get(name)
        if slug and (found := model.objects.filter(slug=slug).first()):
            initial[name] = found
    return initial


def rfq_for_buyer(*, user: User, pk: int) -> BuyingRequest:
    rfq = BuyingRequest.objects.filter(pk=pk, buyer_id=user.pk).first()
    if rfq is None:
        raise Http404
    return rfq


def rfq_quotes(*, rfq: BuyingRequest) -> list[Enquiry]:
    """The RFQ's enquiries (one per seller), each with its quotation, for side-by-side view."""
    return list(
        rfq.enquiries.select_related("seller__district", "quotation")
        .prefetch_related("quotation__lines")
        .order_by("seller__name")
    )


# ---------------------------------------------------------------- enquiry budget


def enquiry_budget(user: User) -> int:
    """How many enquiries or buying requests `user` may send per hour (one query).

    An account whose email is not verified gets the strict budget; a verified account
    younger than ENQUIRY_NEW_ACCOUNT_DAYS the new-account one: enough for a first sourcing
    session, too little for a spam script. Established accounts start wider and grow with
    age, up to a maximum."""
    strict = settings.ENQUIRY_RATE_LIMIT_PER_HOUR
    if not EmailAddress.objects.filter(user=user, verified=True).exists():
        return strict
    age_days = (timezone.now() - user.date_joined).days
    if age_days < settings.ENQUIRY_NEW_ACCOUNT_DAYS:
        return max(strict, settings.ENQUIRY_RATE_LIMIT_NEW_VERIFIED_PER_HOUR)
    months = (age_days - settings.ENQUIRY_NEW_ACCOUNT_DAYS) // 30
    grown = settings.ENQUIRY_RATE_LIMIT_ESTABLISHED_PER_HOUR + 10 * months
    return max(strict, min(grown, settings.ENQUIRY_RATE_LIMIT_MAX_PER_HOUR))


# ---------------------------------------------------------------- next actions


@dataclass(frozen=True)
class Action:
    label: str
    url: str
    to: str = ""  # an order status to move to, when the action is a button


def order_next_actions(order: Order, party: str, *, change_proposed_by: str = "") -> list[Action]:
    """What this party should do next on this order; buttons only for legal transitions.

    While the order awaits payment, the payment method's own steps come first (pay, share
    bank details, record the receipt: `payments.methods`); cancelling is never the first
    thing proposed. `change_proposed_by` is the party of an open payment-terms proposal."""
    url = order.get_absolute_url()
    labels = {
        OrderStatus.IN_PRODUCTION: _("Start production"),
        OrderStatus.SHIPPED: _("Mark as shipped"),
        OrderStatus.DELIVERED: _("Confirm delivery"),
        OrderStatus.COMPLETED: _("Complete the order"),
        OrderStatus.CANCELLED: _("Cancel the order"),
    }
    actions = [
        Action(labels[to], url, to)
        for to, parties in ORDER_TRANSITIONS[order.status].items()
        if party in parties and to in labels
    ]
    if order.status == OrderStatus.AWAITING_PAYMENT and party in ("buyer", "seller"):
        steps = [Action(step.label, step.url) for step in payment_steps(order, party)]
        if change_proposed_by and change_proposed_by != party:
            steps.insert(0, Action(_("Answer the proposed change of payment terms"),
                                   url + "#payment-terms"))  # fmt: skip
        actions = steps + actions
    return actions


def order_next_action_text(order: Order, party: str, *, change_proposed_by: str = "") -> str:
    actions = order_next_actions(order, party, change_proposed_by=change_proposed_by)
    if actions:
        return actions[0].label
    if order.status in (OrderStatus.COMPLETED, OrderStatus.CANCELLED):
        return _("Nothing to do")
    if order.status == OrderStatus.DISPUTED:
        return _("Our team is reviewing the dispute")
    return _("Wait for the other side")


def enquiry_next_action(enquiry: Enquiry, party: str) -> str:
    try:
        quote = enquiry.quotation
    except Quotation.DoesNotExist:
        quote = None
    if party == "seller":
        if enquiry.status == EnquiryStatus.OPEN:
            return _("Reply and send a quotation")
        if enquiry.status == EnquiryStatus.QUOTED:
            return _("Wait for the buyer's decision")
    if party == "buyer":
        if enquiry.status == EnquiryStatus.OPEN:
            return _("Wait for the seller's quotation")
        if enquiry.status == EnquiryStatus.QUOTED and quote and quote.can_be_accepted:
            return _("Review and accept the quotation")
        if enquiry.status == EnquiryStatus.QUOTED:
            return _("Ask the seller for a new quotation")
    return _("Nothing to do")


# ---------------------------------------------------------------- lists and dashboards


def unread_count(user: User) -> int:
    """Unread messages addressed to the user, as buyer or as seller staff (ONE query)."""
    if not user.is_authenticated:
        return 0
    my_sellers = member_seller_ids(user)
    return (
        Message.objects.filter(read_at__isnull=True)
        .filter(
            Q(enquiry__buyer=user, from_buyer=False)
            | Q(enquiry__seller_id__in=my_sellers, from_buyer=True)
        )
        .exclude(sender=user)
        .count()
    )


INBOX_FILTERS = {
    "open": Q(status=EnquiryStatus.OPEN),
    "quoted": Q(status=EnquiryStatus.QUOTED),
    "ordered": Q(status=EnquiryStatus.ORDERED),
    "closed": Q(status=EnquiryStatus.CLOSED),
}


def _with_unread(qs: QuerySet, *, from_buyer: bool) -> QuerySet:
    unread = Message.objects.filter(
        enquiry=OuterRef("pk"), from_buyer=from_buyer, read_at__isnull=True
    )
    return qs.annotate(has_unread=Exists(unread))


def seller_inbox(*, user: User, status: str = "", unread: bool = False) -> QuerySet:
    qs = Enquiry.objects.filter(seller_id__in=member_seller_ids(user))
    if status in INBOX_FILTERS:
        qs = qs.filter(INBOX_FILTERS[status])
    qs = _with_unread(qs, from_buyer=True)
    if unread:
        qs = qs.filter(has_unread=True)
    return qs.select_related("buyer__buyer_company", "product", "seller", "quotation").order_by(
        "-last_message_at"
    )


def buyer_enquiries(*, user: User, status: str = "") -> QuerySet:
    qs = Enquiry.objects.filter(buyer=user)
    if status in INBOX_FILTERS:
        qs = qs.filter(INBOX_FILTERS[status])
    return (
        _with_unread(qs, from_buyer=False)
        .select_related("seller", "product", "quotation")
        .order_by("-last_message_at")
    )


@dataclass(frozen=True)
class InboxRow:
    """One row of the buyer's "My enquiries": a single enquiry, or a buying request standing
    for the enquiries it sent (one per matched seller, which would otherwise repeat)."""

    enquiry: Enquiry | None = None
    rfq: BuyingRequest | None = None

    @property
    def last_activity(self):
        return self.enquiry.last_message_at if self.enquiry else self.rfq.last_activity

    @property
    def next_action(self) -> str:
        if self.enquiry:
            return enquiry_next_action(self.enquiry, "buyer")
        return rfq_next_action(self.rfq)

    @property
    def can_accept(self) -> bool:
        """A quotation in this row waits for the buyer's decision (the dashboard's next action)."""
        if self.rfq:
            return bool(self.rfq.acceptable)
        quote = getattr(self.enquiry, "quotation", None)
        return self.enquiry.status == EnquiryStatus.QUOTED and bool(quote and quote.can_be_accepted)

    @property
    def url(self) -> str:
        # A request's quotes are compared on its own page, not on one seller's enquiry.
        if self.rfq:
            return self.rfq.get_absolute_url()
        return self.enquiry.get_absolute_url() + ("#quotation" if self.can_accept else "")


def rfq_next_action(rfq: BuyingRequest) -> str:
    """The buyer's next step on a buying request, from the annotations of `buyer_inbox_rows`."""
    if not rfq.sent:
        return _("Wait: no seller matched yet")
    if rfq.acceptable:
        return _("Compare the quotes and accept the best one")
    if rfq.waiting:
        return _("Wait for the sellers' quotations")
    return _("Nothing to do")


def buyer_inbox_rows(*, user: User, status: str = "", limit: int = 100) -> list[InboxRow]:
    """The buyer's enquiries, each buying request's grouped into one row (two queries)."""
    singles = list(buyer_enquiries(user=user, status=status).filter(rfq__isnull=True)[:limit])
    rfqs = BuyingRequest.objects.filter(buyer=user).annotate(
        sent=Count("enquiries"),
        replied=Count("enquiries", filter=Q(enquiries__first_response_at__isnull=False)),
        quoted=Count(
            "enquiries",
            filter=Q(enquiries__status__in=[EnquiryStatus.QUOTED, EnquiryStatus.ORDERED]),
        ),
        waiting=Count("enquiries", filter=Q(enquiries__status=EnquiryStatus.OPEN)),
        # Quotes the buyer can still accept (the same test as Quotation.can_be_accepted).
        acceptable=Count(
            "enquiries",
            filter=Q(
                enquiries__status=EnquiryStatus.QUOTED,
                enquiries__quotation__status=QuoteStatus.SENT,
                enquiries__quotation__valid_until__gte=timezone.localdate(),
            ),
        ),
        last_activity=Coalesce(Max("enquiries__last_message_at"), F("created_at")),
        has_unread=Exists(
            Message.objects.filter(
                enquiry__rfq=OuterRef("pk"), from_buyer=False, read_at__isnull=True
            )
        ),
    )
    if status in INBOX_FILTERS:
        # A request shows under a status when any of its sellers' enquiries has it.
        rfqs = rfqs.filter(
            Exists(Enquiry.objects.filter(INBOX_FILTERS[status], rfq=OuterRef("pk")))
        )
    rows = [InboxRow(enquiry=e) for e in singles]
    rows += [InboxRow(rfq=r) for r in rfqs.order_by("-last_activity")[:limit]]
    rows.sort(key=lambda row: row.last_activity, reverse=True)
    return rows[:limit]


def median_response_hours(*, seller_ids: list[int]) -> float | None:
    """Median hours from enquiry to the seller's first reply or quote (last 50 answered)."""
    rows = (
        Enquiry.objects.filter(seller_id__in=seller_ids, first_response_at__isnull=False)
        .order_by("-created_at")
        .values_list("created_at", "first_response_at")[:50]
    )
    hours = [(answered - asked).total_seconds() / 3600 for asked, answered in rows]
    return round(statistics.median(hours), 1) if hours else None


def dashboard_for(user: User) -> dict:
    """Everything the landing dashboard shows; a fixed number of queries whatever the data."""
    memberships = list(user.seller_memberships.select_related("seller"))
    seller_ids = [m.seller_id for m in memberships]
    scope = official_scope(user)
    is_official = scope.can_review
    # One row per buying request, as in the inbox: a request sent to eight sellers would
    # otherwise fill the card with eight identical subjects.
    buyer_rows = buyer_inbox_rows(user=user, limit=10)
    orders_as_buyer = list(
        Order.objects.filter(buyer=user).select_related("seller").order_by("-created_at")[:10]
    )
    rfqs = list(BuyingRequest.objects.filter(buyer=user).order_by("-created_at")[:5])
    quotes_to_compare = list(
        Quotation.objects.filter(enquiry__buyer=user, status=QuoteStatus.SENT)
        .select_related("enquiry__seller")
        .order_by("valid_until")[:10]
    )
    shortlist = list(ShortlistItem.objects.filter(user=user).select_related("product")[:12])
    ctx = {
        "memberships": memberships,
        "is_buyer": bool(buyer_rows or orders_as_buyer or rfqs or shortlist)
        or (not memberships and not is_official),
        "is_seller": bool(memberships),
        "is_owner": any(m.role == SellerMembership.Role.OWNER for m in memberships),
        "is_official": is_official,
        "review": catalogue_selectors.review_summary(scope),
        "buyer_rows": buyer_rows,
        "buyer_orders": [(o, order_next_action_text(o, "buyer")) for o in orders_as_buyer],
        "rfqs": rfqs,
        "quotes_to_compare": quotes_to_compare,
        "shortlist": shortlist,
        "has_buyer_company": hasattr(user, "buyer_company"),
    }
    next_actions: list[tuple[str, str]] = []
    if memberships:
        inbox = list(seller_inbox(user=user)[:10])
        seller_orders = list(
            Order.objects.filter(seller_id__in=seller_ids)
            .select_related("buyer", "seller")
            .order_by("-created_at")[:10]
        )
        ctx.update(
            {
                "inbox": [(e, enquiry_next_action(e, "seller")) for e in inbox],
                "seller_orders": [(o, order_next_action_text(o, "seller")) for o in seller_orders],
                "response_hours": median_response_hours(seller_ids=seller_ids),
                "open_enquiries": Enquiry.objects.filter(
                    seller_id__in=seller_ids, status=EnquiryStatus.OPEN
                ).count(),
            }
        )
        for order in seller_orders:
            # The first action is the one that moves the order forward (never "cancel"
            # while a step of the payment method is open).
            for action in order_next_actions(order, "seller")[:1]:
                if action.to != OrderStatus.CANCELLED:
                    next_actions.append((f"{order.number}: {action.label}", action.url))
        for enquiry, action in ctx["inbox"]:
            if enquiry.status == EnquiryStatus.OPEN:
                next_actions.append((f"{action}: {enquiry.subject}", enquiry.get_absolute_url()))
    for order, text in ctx["buyer_orders"]:
        if order.status in (
            OrderStatus.AWAITING_PAYMENT,
            OrderStatus.SHIPPED,
            OrderStatus.DELIVERED,
        ):
            next_actions.insert(0, (f"{order.number}: {text}", order.get_absolute_url()))
    for row in buyer_rows:
        if row.can_accept:
            subject = row.rfq.title if row.rfq else row.enquiry.subject
            next_actions.append((f"{row.next_action}: {subject}", row.url))
    if memberships and not any(m.seller.status == Seller.Status.APPROVED for m in memberships):
        next_actions.append(
            (
                _("Complete your business profile for approval"),
                reverse("marketplace:dashboard_profile"),
            )
        )
    if is_official and ctx["review"].size:
        next_actions.insert(
            0, (_("Review listings waiting for approval"), reverse("catalogue:review_queue"))
        )
    ctx["next_actions"] = next_actions[:6]
    return ctx
