"""axe-core (npm registry, tests/browser/js) audits the pages a buyer reads: no serious or
critical violation is allowed on the home page, a state, a district storefront, a product,
a seller, the GI registry and the search page."""

from pathlib import Path

import pytest

from catalogue.models import Product
from cms.demo import build_site
from tests.factories import DistrictFactory, StateFactory
from tests.factories.cms import make_products

AXE = Path(__file__).parent / "js" / "node_modules" / "axe-core" / "axe.min.js"


def serious_violations(page) -> list[str]:
    # evaluate() runs through the DevTools protocol, so the page's CSP does not block axe.
    page.evaluate(AXE.read_text())
    result = page.evaluate(
        "() => axe.run(document, {resultTypes: ['violations'],"
        " runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa', 'best-practice']}})"
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {v['nodes'][0]['target']}"
        for v in result["violations"]
        if v["impact"] in {"serious", "critical"}
    ]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_public_pages_have_no_serious_accessibility_violations(live_server, page):
    assert AXE.exists(), "run `npm ci` in tests/browser/js (make e2e does it)"
    state = StateFactory()
    varanasi = DistrictFactory(state=state, name="Varanasi", slug="varanasi")
    make_products(varanasi, 3)
    build_site()
    product = Product.objects.filter(status=Product.Status.PUBLISHED).first()
    paths = [
        "/",
        f"/{state.slug}/",
        f"/{state.slug}/varanasi/",
        product.get_absolute_url(),
        product.seller.get_absolute_url(),
        "/gi/",
        "/search/?q=silk",
    ]
    report = {}
    for path in paths:
        page.goto(f"{live_server.url}{path}")
        problems = serious_violations(page)
        if problems:
            report[path] = problems
    assert not report, "\n".join(f"{p}: {v}" for p, items in report.items() for v in items)
