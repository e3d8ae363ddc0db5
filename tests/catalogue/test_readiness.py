"""catalogue.readiness: pure checklist rules (no database)."""

import datetime as dt
from types import SimpleNamespace

from catalogue import readiness

TODAY = dt.date(2025, 6, 1)


def seller(**kwargs):
    base = {"iec": "0512345678", "iec_status": "verified", "gstin": "09AAAAA0000A1Z5"}
    return SimpleNamespace(**{**base, "gstin_status": "verified", **kwargs})


def product(**kwargs):
    base = {"hs_code": "500720", "hs_chapter_id": "50", "gi_id": None, "gi_authorised_user": False}
    return SimpleNamespace(**{**base, **kwargs})


def cert(kind, valid_until=None):
    return SimpleNamespace(kind=kind, valid_until=valid_until)


def check(p, s, certs=(), regs=None):
    return readiness.product_checklist(
        product=p, seller=s, certifications=certs, registrations=regs or {}, today=TODAY
    )


def test_rcmc_body_follows_chapter_and_heading():
    assert readiness.rcmc_body("500720", None) == "isepc"
    assert readiness.rcmc_body("090411", None) == "spices_board"
    assert readiness.rcmc_body("0902", None) == "tea_board"
    assert readiness.rcmc_body("", "57") == "cepc"
    assert readiness.rcmc_body("741820", None) == "epch"
    assert readiness.rcmc_body("999999", None) == "fieo"


def test_a_complete_silk_product_is_ready():
    result = check(product(), seller(), regs={"isepc": None})
    assert result.ready and result.score == 100
    # The Handloom Mark is recommended, never blocking.
    assert [i.key for i in result.items if not i.required] == ["cert:handloom_mark"]


def test_missing_unverified_and_expired_items_are_listed():
    result = check(
        product(hs_code="0904", hs_chapter_id="09", gi_id=3),
        seller(iec="", gstin_status="unverified"),
        certs=[cert("fssai", dt.date(2024, 1, 1))],
        regs={"spices_board": dt.date(2026, 1, 1)},
    )
    statuses = {item.key: item.status for item in result.items}
    assert statuses == {
        "iec": "missing",
        "gst": "unverified",
        "rcmc:spices_board": "ok",
        "hs_code": "missing",
        "cert:fssai": "expired",
        "gi_authorised_user": "missing",
    }
    assert not result.ready and result.score == 17


def test_summary_counts_missing_items_across_products():
    lists = [check(product(), seller(), regs={"isepc": None}), check(product(), seller(iec=""))]
    summary = readiness.summarise(lists)
    assert (summary.products, summary.ready, summary.ready_percent) == (2, 1, 50)
    assert summary.missing_by_item["iec"][1] == 1
    assert summary.missing_by_item["rcmc:isepc"][1] == 1
