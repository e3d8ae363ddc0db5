"""Demo content for the officials' tools: the Varanasi export action plan, an upcoming
buyer-seller meet, the illustrative export figures and a "district at a glance" block.

Idempotent: each piece is created only when missing, and nothing an official made is touched.
"""

import datetime as dt
from decimal import Decimal
from pathlib import Path

from django.utils import timezone

from cms.models import DistrictPage
from cms.officials.models import (
    ActionPlanFocusProduct,
    ActionPlanPage,
    ActionPlanScheme,
    ActionPlanTarget,
    Bottleneck,
    DEPCMember,
    EventPage,
)
from regions.models import ExportStat
from regions.services import export_stats_import

DATA = Path(__file__).resolve().parents[2] / "regions" / "data"
SAMPLES = ["sample_export_stats.csv", "sample_export_stats_state.csv"]
# The plan's English summary, which the demo translates (cms/demo_translations/<language>.po).
PLAN_SUMMARY = (
    "<p>The plan aims to raise the district's exports by 12% a year until 2029, led by silk, "
    "carpets and crafts.</p>"
    "<p>It brings dye testing close to the weavers and helps them register as exporters.</p>"
)


def _action_plan(storefront: DistrictPage) -> bool:
    if ActionPlanPage.objects.child_of(storefront).exists():
        return False
    plan = ActionPlanPage(
        title="District Export Action Plan 2024–29",
        slug="export-action-plan",
        plan_status=ActionPlanPage.PlanStatus.NOTIFIED,
        status_date=dt.date(2024, 6, 1),
        baseline_year=2023,
        baseline_exports_inr=Decimal("3200000000"),
        target_growth_percent=Decimal("12.0"),
    )
    plan.targets = [
        ActionPlanTarget(year=year, target_inr=Decimal(3200000000) * Decimal("1.12") ** n)
        for n, year in enumerate(range(2024, 2029), start=1)
    ]
    plan.focus_products = [
        ActionPlanFocusProduct(name="Banarasi silk sarees and brocades", hs_code="500720"),
        ActionPlanFocusProduct(name="Hand-knotted carpets (Bhadohi belt)", hs_code="570110"),
        ActionPlanFocusProduct(name="Wooden lacquerware and toys", hs_code="950300"),
    ]
    plan.bottlenecks = [
        Bottleneck(
            title="No NABL-accredited lab nearby for azo-free dye testing",
            action="Set up a testing cell at the Trade Facilitation Centre",
            owner="District Industries Centre",
            status=Bottleneck.Status.IN_PROGRESS,
            due_date=dt.date(2025, 3, 31),
        ),
        Bottleneck(
            title="Weavers lack IEC and RCMC registrations",
            action="Monthly registration camps with EPCH and the Handloom EPC",
            owner="Joint Commissioner of Industries",
            due_date=dt.date(2025, 6, 30),
        ),
    ]
    plan.schemes = [
        ActionPlanScheme(
            name="Market Access Initiative",
            agency="Department of Commerce",
            description="Support for buyer-seller meets and trade fairs abroad.",
        )
    ]
    plan.depc_members = [
        DEPCMember(name="District Magistrate, Varanasi", role=DEPCMember.Role.CHAIR),
        DEPCMember(name="Joint Commissioner of Industries", role=DEPCMember.Role.CONVENER),
    ]
    storefront.add_child(instance=plan)
    plan.save_revision().publish()
    return True


def _event(storefront: DistrictPage) -> bool:
    if EventPage.objects.child_of(storefront).exists():
        return False
    event = EventPage(
        title="Varanasi silk and crafts buyer-seller meet",
        slug="buyer-seller-meet",
        starts_at=timezone.now().replace(hour=10, minute=0, second=0, microsecond=0)
        + dt.timedelta(days=30),
        venue="Trade Facilitation Centre, Bada Lalpur, Varanasi",
        capacity=120,
    )
    storefront.add_child(instance=event)
    event.save_revision().publish()
    return True


def _export_figures() -> int:
    if ExportStat.objects.filter(district__slug="varanasi").exists():
        return 0
    imported = 0
    for name in SAMPLES:
        path = DATA / name
        record, report = export_stats_import(data=path.read_bytes(), filename=name)
        if report.ok:
            imported += record.row_count
    return imported


def _glance_block(storefront: DistrictPage) -> bool:
    if any(block.block_type == "district_at_a_glance" for block in storefront.body):
        return False
    storefront.body.append(("district_at_a_glance", {"heading": "Varanasi at a glance"}))
    storefront.save_revision().publish()
    return True


def officials_demo_ensure(stdout=None) -> None:
    storefront = DistrictPage.objects.filter(district__slug="varanasi").first()
    if storefront is None:
        return
    rows = _export_figures()
    plan = _action_plan(storefront)
    event = _event(storefront)
    glance = _glance_block(storefront.specific)
    if stdout is not None:
        stdout.write(
            f"Officials' demo: {rows} export rows, action plan {'created' if plan else 'kept'}, "
            f"event {'created' if event else 'kept'}, at-a-glance block "
            f"{'added' if glance else 'kept'}"
        )


def plan_english_ensure(storefront: DistrictPage) -> list[ActionPlanPage]:
    """The storefront's action plan for the demo translations, its summary filled in when
    empty (an official's own text is kept); [] when it has no plan."""
    plan = ActionPlanPage.objects.child_of(storefront).first()
    if plan is None:
        return []
    if not plan.summary:
        plan.summary = PLAN_SUMMARY
        plan.save_revision().publish()
    return [plan]
