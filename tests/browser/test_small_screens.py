"""Every page type on a 360 px phone in all five languages: no sideways scroll, and
the first search result within the first screenfuls (issue 17 item 7: the order page was
505 px wide, the French header search 400 px, the storefront tracker table stuck out to the
left in Arabic, and the first result started 2,217 px down)."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core import mail
from django.test import Client
from wagtail.rich_text import RichText

from buyers.models import ShortlistItem
from catalogue.models import Product, ProductImage
from cms.models import ArticlePage
from marketplace.mailbox import DemoMailboxBackend
from marketplace.models import BuyingRequest, Order, SentEmail
from marketplace.payments.services import terms_change_propose
from marketplace.services import quote_accept
from regions.models import Cluster
from search.backends import reset_backends
from search.indexing import reindex_products
from tests.factories import (
    BuyerCompanyFactory,
    DistrictOfficialFactory,
    GIProductFactory,
    PriceTierFactory,
    ProductFactory,
    SellerFactory,
    UserFactory,
)
from tests.factories.cms import make_cluster_page, make_image
from tests.factories.marketplace import EnquiryFactory, QuotationFactory, make_trade
from tests.factories.officials import make_action_plan, make_event, make_storefront

WIDTH, HEIGHT = 360, 740
LANGUAGES = ("", "/fr", "/ar", "/es", "/hi")

# The widest element sticking out, for a message that says what to fix.
OFFENDERS = """() => {
  const width = window.innerWidth;
  return [...document.querySelectorAll('body *')]
    .filter((el) => {
      const box = el.getBoundingClientRect();
      return box.width > 0 && (box.right > width + 1 || box.left < -1);
    })
    .slice(0, 5)
    .map((el) => {
      const box = el.getBoundingClientRect();
      const where = `${Math.round(box.left)}..${Math.round(box.right)}`;
      return `${el.tagName.toLowerCase()}.${el.className} ${where}`;
    });
}"""


# Tables on a phone: every visible table of three columns or more stacks into cards (its
# rows laid out as blocks, each cell under its column's name), and no table scrolls
# sideways inside its own box either.
TABLES = """() => {
  const problems = [];
  let stacked = 0;
  for (const table of document.querySelectorAll('main table')) {
    if (!table.getClientRects().length) continue;  // in a closed <details>
    const row = table.querySelector('tbody tr');
    if (!row) continue;
    const columns = (table.querySelector('thead tr') || row).children.length;
    const name = `table.${table.className}`;
    if (table.scrollWidth > table.clientWidth + 1) {
      problems.push(`${name} scrolls sideways (${table.scrollWidth} > ${table.clientWidth})`);
    }
    if (columns < 3) continue;
    if (getComputedStyle(row).display !== 'block') {
      problems.push(`${name} (${columns} columns) does not stack`);
      continue;
    }
    stacked += 1;
    // Each stacked cell but the card's title says which column it is.
    for (const tr of table.querySelectorAll('tbody tr')) {
      const cells = [...tr.children].filter((cell) => cell.tagName === 'TD');
      const unlabelled = cells
        .slice(1)
        .filter((cell) => !cell.dataset.label && cell.textContent.trim())
        .map((cell) => cell.textContent.trim().slice(0, 30));
      if (cells.length > 2 && unlabelled.length) {
        problems.push(`${name}: a cell without a label ("${unlabelled[0]}")`);
      }
    }
  }
  return { problems, stacked };
}"""


def _session_cookie(live_server, user) -> dict:
    client = Client()
    client.force_login(user)
    return {
        "name": "sessionid",
        "value": client.cookies["sessionid"].value,
        "url": live_server.url,
    }


def _phone(browser, live_server, user=None):
    context = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT}, locale="en-GB")
    if user is not None:
        context.add_cookies([_session_cookie(live_server, user)])
    return context, context.new_page()


def _assert_fits(page, url, *, stacks=False, shows=None):
    response = page.goto(url)
    assert response.status == 200, url
    # Still the page asked for, not a sign-in or MFA page it redirected to.
    assert page.url.split("?")[0] == url.split("?")[0], (url, page.url)
    if shows:  # and showing what it is there for
        assert page.locator(shows).first.is_visible(), (url, shows)
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    inner_width = page.evaluate("window.innerWidth")
    assert scroll_width <= inner_width, (url, scroll_width, page.evaluate(OFFENDERS))
    # Nor does a framed document (an email in the demo mailbox) scroll sideways in its frame.
    for frame in page.frames[1:]:
        widths = frame.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert widths[0] <= widths[1], (url, frame.url, widths, frame.evaluate(OFFENDERS))
    tables = page.evaluate(TABLES)
    assert not tables["problems"], (url, tables["problems"])
    # A stacked table's caption spans the cards (it once shrank to a one-letter column).
    narrow = page.evaluate(
        "() => [...document.querySelectorAll('main table.stack caption')]"
        ".filter(c => !c.classList.contains('visually-hidden'))"
        ".filter(c => c.getBoundingClientRect().width < window.innerWidth / 2)"
        ".map(c => c.textContent.trim())"
    )
    assert not narrow, (url, narrow)
    if stacks:  # pages known to hold a wide table: it is there, and stacked
        assert tables["stacked"] >= 1, url


@pytest.fixture
def world(transactional_db):
    storefront = make_storefront()
    plan = make_action_plan(storefront, bottlenecks=3)  # the tracker table
    district = storefront.district
    seller_owner, buyer, order = make_trade()
    seller = seller_owner.seller_memberships.first().seller
    seller.district = district
    seller.save()
    BuyerCompanyFactory(user=buyer)
    gi = GIProductFactory(name="Banaras Brocades and Sarees", slug="banaras-brocades")
    gi.districts.add(district)
    image = make_image("Saree")
    products = []
    for n in range(6):
        product = ProductFactory(
            seller=seller,
            district=district,
            gi=gi if n == 0 else None,
            name=f"Banarasi katan silk saree with zari border, handwoven {n}",
            slug=f"banarasi-silk-saree-{n}",
        )
        PriceTierFactory(product=product, min_quantity=10, unit_price_inr=Decimal("15500.00"))
        ProductImage.objects.create(product=product, image=image, alt_text="Saree")
        products.append(product)
    SellerFactory(district=district, name="Kashi Handloom Silk Weavers Producer Company")
    reset_backends()
    reindex_products([product.pk for product in products])
    enquiry = order.quotation.enquiry
    rfq = BuyingRequest.objects.create(
        buyer=buyer,
        title="Banarasi silk sarees for a boutique in Lyon",
        description="Sixty sarees in three colours, boxed singly.",
        quantity=60,
        destination_country="FR",
        district=district,
    )
    for product in products[:2]:
        EnquiryFactory(buyer=buyer, product=product, rfq=rfq)
    QuotationFactory(enquiry=EnquiryFactory(buyer=buyer, product=products[2], rfq=rfq))
    for product in products[:3]:
        ShortlistItem.objects.create(user=buyer, product=product)
    return {
        "storefront": storefront,
        "plan": plan,
        "product": products[0],
        "seller": seller,
        "buyer": buyer,
        "seller_owner": seller_owner,
        "order": order,
        "enquiry": enquiry,
        "rfq": rfq,
        "gi": gi,
        "official": DistrictOfficialFactory(district=district).user,
    }


# A long unbroken address, as officials paste them (it must wrap, not widen the page).
LONG_URL = (
    "https://www.example.gov.in/district-export-hub/varanasi/registration-camp-for-weavers"
    "-importer-exporter-code-2025?utm_source=storefront&utm_medium=article"
)


@pytest.fixture
def more_pages(world):
    """The CMS pages (an article, a cluster, an event), the demo mailbox with emails, an order
    awaiting payment with a proposed change of terms, and a delivered order to review."""
    storefront, buyer = world["storefront"], world["buyer"]
    image = make_image("Loom")
    article = ArticlePage(
        title="Banarasi silk: from the loom to buyers abroad, a registration camp for weavers",
        slug="banarasi-silk-from-the-loom",
        intro="How Varanasi helps its silk weavers reach export markets.",
        date=dt.date(2025, 1, 15),
        hero_image=image,
        body=[
            (
                "rich_text",
                RichText(
                    "<p>A Banarasi saree can take a weaver two weeks to a month. Most looms "
                    "are family workshops in the old city and the villages around it.</p>"
                    f'<p>Register at <a href="{LONG_URL}">{LONG_URL}</a>.</p>'
                    "<ul><li>Importer-Exporter Code</li><li>GI authorised user</li></ul>"
                ),
            ),
            ("image", {"image": image, "alt_text": "A pit loom", "caption": "A pit loom"}),
            ("quote", {"quote": "Buyers now come to the looms.", "attribution": "A weaver"}),
            ("product", world["product"]),
            ("seller", world["seller"]),
            (
                "call_to_action",
                {
                    "heading": "Buy from Varanasi's weavers",
                    "text": "Ask the makers for a quotation.",
                    "link_label": "Browse the storefront",
                    "url": storefront.url,
                },
            ),
        ],
    )
    storefront.add_child(instance=article)
    article.save_revision().publish()
    cluster = Cluster.objects.create(
        district=storefront.district,
        name="Banaras Brocades and Sarees Cluster, Sarai Mohana and Lohta",
        slug="banaras-brocades-cluster",
        kind=Cluster.Kind.GI,
        locality="Sarai Mohana, Lohta, Bajardiha, Madanpura and the villages around Varanasi",
        material="Mulberry silk, zari (gold and silver thread), cotton",
        description="Some 1,20,000 handlooms weave brocades and sarees for export.",
        source_url=LONG_URL,
    )
    cluster_page = make_cluster_page(storefront, cluster)
    cluster_page.hero_image = image
    cluster_page.save_revision().publish()
    event = make_event(
        storefront,
        capacity=40,
        title="Buyer-seller meet for Banarasi silk and brocades, Trade Facilitation Centre",
        online_url=LONG_URL,
        description="<p>Meet forty weavers and their <b>GI-tagged</b> sarees.</p>",
        ends_at=dt.datetime(2030, 1, 2, 17, tzinfo=dt.UTC),
    )
    products = Product.objects.filter(seller=world["seller"]).order_by("pk")

    def order_for(product, **quote):
        enquiry = EnquiryFactory(buyer=buyer, product=product, status="quoted")
        quotation = QuotationFactory(enquiry=enquiry, **quote)
        return quote_accept(quotation=quotation, by=buyer)

    # Awaiting payment by card (not takeable here): the seller proposes bank transfer.
    awaiting = order_for(products[3], payment_terms="card")
    terms_change_propose(
        order=awaiting, by=world["seller_owner"], party="seller", to_terms="bank_transfer"
    )
    delivered = order_for(products[4])
    Order.objects.filter(pk=delivered.pk).update(status="delivered")
    # The emails this trade sent, kept as the demo's mailbox keeps them (HTML and text).
    DemoMailboxBackend(stream=io.StringIO()).send_messages(list(mail.outbox))
    DemoMailboxBackend(stream=io.StringIO()).send_messages(
        [mail.EmailMessage("Plain text, with a long link", f"Open {LONG_URL}", to=[buyer.email])]
    )
    assert SentEmail.objects.exclude(body_html="").exists() and SentEmail.objects.count() >= 2
    return {
        "article": article,
        "cluster": cluster_page,
        "event": event,
        "awaiting": awaiting,
        "delivered": delivered,
        "staff": UserFactory(is_staff=True),
    }


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_no_page_is_wider_than_a_360px_phone(live_server, browser, world, more_pages):
    storefront, product, order = world["storefront"], world["product"], world["order"]
    awaiting, delivered = more_pages["awaiting"], more_pages["delivered"]
    state_url = storefront.get_parent().url
    public = [
        "/",
        state_url,
        storefront.url,
        f"/products/{product.slug}/",
        f"/sellers/{world['seller'].slug}/",
        f"/sellers/{world['seller'].slug}/reviews/",
        "/sellers/",
        world["plan"].url,
        "/search/?q=silk+saree",
        "/search/?q=silk+saree&price_min=1000&moq_max=100",
        "/gi/",
        f"/gi/{world['gi'].slug}/",
        "/accounts/login/",
        "/accounts/signup/",
        more_pages["article"].url,
        more_pages["cluster"].url,
        more_pages["event"].url,
        "/no-such-page/",  # the site's own 404
    ]
    buyer_pages = [
        f"/enquiries/new/?product={product.slug}",
        "/dashboard/",
        "/dashboard/inbox/",
        f"/enquiries/{world['enquiry'].pk}/",
        f"/orders/{order.number}/",
        f"/orders/{order.number}/proforma/",
        f"/rfq/{world['rfq'].pk}/",
        "/dashboard/shortlist/",
        "/rfq/new/",
        "/dashboard/company/",
        "/dashboard/settings/",
        f"/orders/{awaiting.number}/",  # the seller's proposed change of terms, to answer
        f"/orders/{delivered.number}/review/",
    ]
    seller_pages = [
        "/dashboard/",
        "/dashboard/listings/",
        f"/dashboard/listings/{product.pk}/edit/",
        "/dashboard/listings/new/",
        "/dashboard/profile/",
        f"/enquiries/{world['enquiry'].pk}/quote/",
        f"/orders/{order.number}/",
        f"/orders/{order.number}/receipts/new/",
        "/dashboard/readiness/",
        "/dashboard/team/",
        "/dashboard/bank-details/",
        "/dashboard/payouts/",
        f"/orders/{awaiting.number}/",  # its own proposal, waiting for the buyer
    ]
    official_pages = [
        "/dashboard/",
        "/dashboard/review/",
        "/dashboard/review/?find=silk",
        f"/dashboard/review/listings/{product.pk}/preview/",
    ]
    # Pages whose wide tables must stack into cards (and not merely fit).
    stacking = {
        storefront.url,
        "/dashboard/inbox/",
        f"/enquiries/{world['enquiry'].pk}/",
        f"/orders/{order.number}/",
        f"/orders/{order.number}/proforma/",
        f"/rfq/{world['rfq'].pk}/",
        "/dashboard/shortlist/",
        "/dashboard/listings/",
    }
    # What the added pages must show (the page asked for, with what it is there for).
    shows = {
        more_pages["article"].url: ".page-article .stream",
        more_pages["cluster"].url: ".page-cluster .card-grid",
        more_pages["event"].url: ".deh-event-page .deh-register",
        f"/orders/{awaiting.number}/": "[data-testid=terms-change-open]",
        f"/orders/{delivered.number}/review/": "[data-testid=review-form]",
        "/dashboard/payouts/": "[data-testid=payouts-status]",
        "/demo/mailbox/": "[data-testid=demo-email] .mail__frame",
    }
    for user, paths in ((None, public), (world["buyer"], buyer_pages)):
        context, page = _phone(browser, live_server, user)
        for language in LANGUAGES:
            for path in paths:
                if path == "/no-such-page/":
                    url = f"{live_server.url}{language}{path}"
                    assert page.goto(url).status == 404
                    assert page.locator("[data-testid=not-found]").count() == 1
                    width = page.evaluate("document.documentElement.scrollWidth")
                    assert width <= page.evaluate("window.innerWidth"), (url, width)
                    continue
                url = f"{live_server.url}{language}{path}"
                _assert_fits(page, url, stacks=path in stacking, shows=shows.get(path))
        context.close()
    for user, paths in (
        (world["seller_owner"], seller_pages),
        (world["official"], official_pages),
        (more_pages["staff"], ["/demo/mailbox/"]),  # staff read it outside demo mode too
    ):
        context, page = _phone(browser, live_server, user)
        for language in LANGUAGES:
            for path in paths:
                url = f"{live_server.url}{language}{path}"
                _assert_fits(page, url, stacks=path in stacking, shows=shows.get(path))
        context.close()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_first_search_result_is_on_the_first_screenfuls_of_a_phone(live_server, browser, world):
    context, page = _phone(browser, live_server)
    for language in LANGUAGES:
        page.goto(f"{live_server.url}{language}/search/?q=silk+saree")
        first = page.locator(".hit").first
        top = first.evaluate("el => el.getBoundingClientRect().top + window.scrollY")
        assert top < 1.5 * HEIGHT, (language, top)
        # the filters are one tap away, and open on that tap
        toggle = page.locator(".search-filters__toggle")
        assert not page.locator(".search-facets").is_visible()
        toggle.click()
        assert page.locator(".search-facets").is_visible()
    context.close()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_phone_filters_stay_open_while_the_buyer_changes_them(live_server, browser, world):
    """The filters sit behind a button on a phone; ticking one must not fold them away (with
    JavaScript the results refresh in place; without, "Apply filters" reloads the page)."""
    for javascript in (True, False):
        context = browser.new_context(
            viewport={"width": WIDTH, "height": HEIGHT},
            locale="en-GB",
            java_script_enabled=javascript,
        )
        page = context.new_page()
        for language in ("", "/ar"):
            page.goto(f"{live_server.url}{language}/search/?q=silk+saree")
            panel = page.locator("[data-filters]")
            page.locator(".search-filters__toggle").click()
            for _tick in range(2):
                first = page.locator(".search-facets input[type=checkbox]:not(:checked)").first
                name, value = first.get_attribute("name"), first.get_attribute("value")
                # That box by its name and value: "the first unticked box" would re-resolve,
                # once the ticked box's refresh replaced the panel, to the next one, and
                # Playwright's check() would tick that one too (seen on a fast refresh).
                page.locator(f'.search-facets input[name="{name}"][value="{value}"]').check()
                if javascript:
                    page.wait_for_function(
                        "([n, v]) => new URLSearchParams(location.search).getAll(n).includes(v)"
                        " && document.getElementById('search-results')"
                        ".getAttribute('aria-busy') === 'false'",
                        arg=[name, value],
                    )
                    # the refreshed panel keeps the keyboard where it was
                    focused = page.evaluate(
                        "[document.activeElement.name, document.activeElement.value]"
                    )
                    assert focused == [name, value], (language, focused)
                else:
                    page.locator(".search-facets button[type=submit]").click()
                    page.wait_for_load_state()
                    assert f"{name}={value}" in page.url.replace("%3A", ":")
                assert panel.evaluate("el => el.open"), (javascript, language)
                assert page.locator(".search-facets").is_visible()
                ticked = page.locator(f'.search-facets input[name="{name}"][value="{value}"]')
                assert ticked.is_checked()
                scroll_width = page.evaluate("document.documentElement.scrollWidth")
                assert scroll_width <= WIDTH, (javascript, language, page.evaluate(OFFENDERS))
            # and one tap leads from the open panel to the results
            page.locator("[data-show-results]").click()
            assert (
                page.locator("#search-hits").evaluate("el => el.getBoundingClientRect().top")
                < HEIGHT / 2
            )
        context.close()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_result_cards_show_the_buyers_saved_products(live_server, browser, world):
    """Cards are cached for everyone; the signed-in buyer's saved ones still read "Saved"
    (one per-user request), also after the results refresh in place, and without
    JavaScript the confirmation page says the product is already saved."""
    saved = {f"banarasi-silk-saree-{n}" for n in range(3)}
    context, page = _phone(browser, live_server, world["buyer"])
    page.goto(f"{live_server.url}/search/?q=silk+saree")
    cards = page.locator("[data-testid=card-save]")
    page.wait_for_function("() => document.querySelectorAll('[data-saved=true]').length === 3")
    labels = {card.get_attribute("data-slug"): card.inner_text() for card in cards.all()}
    assert len(labels) >= 6 and saved <= set(labels)
    assert {slug for slug, label in labels.items() if label == "Saved"} == saved
    page.locator("#search-sort").select_option("newest")  # refreshed in place
    page.wait_for_function(
        "() => new URLSearchParams(location.search).get('sort') === 'newest'"
        " && document.querySelectorAll('[data-saved=true]').length === 3"
    )
    context.close()

    context = browser.new_context(
        viewport={"width": WIDTH, "height": HEIGHT}, locale="en-GB", java_script_enabled=False
    )
    context.add_cookies([_session_cookie(live_server, world["buyer"])])
    page = context.new_page()
    page.goto(f"{live_server.url}/search/?q=silk+saree")
    page.locator('[data-testid=card-save][data-slug="banarasi-silk-saree-0"]').click()
    assert page.locator("[data-testid=already-saved]").is_visible()
    page.go_back()
    page.locator('[data-testid=card-save][data-slug="banarasi-silk-saree-5"]').click()
    assert page.locator("[data-testid=confirm-save]").is_visible()
    context.close()
