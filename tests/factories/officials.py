"""Builders for officials' content: a storefront with an action plan, events, officials."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from cms.officials.models import (
    ActionPlanPage,
    ActionPlanTarget,
    Bottleneck,
    DEPCMember,
    EventPage,
)
from cms.services import official_grant
from regions.models import District
from tests.factories import DistrictOfficialFactory, StateFactory, UserFactory
from tests.factories.cms import make_district_page, make_state_page


def make_storefront(name="Varanasi", lgd_code=187, state_page=None):
    state_page = state_page or make_state_page(state=StateFactory())
    district = District.objects.create(
        state=state_page.state,
        name=name,
        slug=name.lower().replace(" ", "-"),
        lgd_code=lgd_code,
        aliases="Banaras; Kashi" if name == "Varanasi" else "",
    )
    return make_district_page(state_page=state_page, district=district)


def make_official(district, **user_kwargs):
    user = UserFactory(**user_kwargs)
    DistrictOfficialFactory(user=user, district=district)
    official_grant(official=user)
    return user


def make_action_plan(storefront, *, bottlenecks=1, publish=True):
    plan = ActionPlanPage(
        title="District Export Action Plan",
        slug="export-action-plan",
        plan_status=ActionPlanPage.PlanStatus.NOTIFIED,
        status_date=dt.date(2024, 6, 1),
        baseline_year=2023,
        baseline_exports_inr=Decimal("3000000000"),
        target_growth_percent=Decimal("12.5"),
    )
    plan.targets = [
        ActionPlanTarget(year=2023, target_inr=Decimal("3100000000")),
        ActionPlanTarget(year=2024, target_inr=Decimal("3500000000")),
    ]
    plan.bottlenecks = [
        Bottleneck(title=f"Testing lab for dyes {n}", owner="DIC", due_date=dt.date(2025, 3, 31))
        for n in range(bottlenecks)
    ]
    plan.depc_members = [DEPCMember(name="A. Collector", role=DEPCMember.Role.CHAIR)]
    storefront.add_child(instance=plan)
    revision = plan.save_revision()
    if publish:
        revision.publish()
    plan.refresh_from_db()
    return plan


def make_event(storefront, *, capacity=None, days_ahead=10, **kwargs):
    event = EventPage(
        title=kwargs.pop("title", "Buyer-seller meet"),
        slug=kwargs.pop("slug", f"bsm-{days_ahead}-{capacity}"),
        starts_at=timezone.now() + dt.timedelta(days=days_ahead),
        venue="Trade Facilitation Centre",
        capacity=capacity,
        **kwargs,
    )
    storefront.add_child(instance=event)
    event.save_revision().publish()
    event.refresh_from_db()
    return event
