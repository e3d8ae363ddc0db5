"""The storefront's own caches never outlive an edit, or the clock: the officials' sections
(cms/officials/storefront.py), the hreflang alternates (cms/templatetags/world_seo.py) and
Wagtail routing (cms.models.HomePage.route). Each test shows a warm render really skips the
database, then that the next render after a change shows it."""

import datetime as dt
import time

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Page

from cms.i18n import ensure_locales, translate_page
from cms.officials.models import ActionPlanPage, Bottleneck, DEPCMember, EventPage
from core import content_cache
from tests.factories import StateFactory
from tests.factories.cms import make_state_page
from tests.factories.officials import make_action_plan, make_event, make_storefront

FRENCH_ALTERNATE = '<link rel="alternate" hreflang="fr"'


def _render(client, url) -> tuple[str, list[str]]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), [q["sql"] for q in captured.captured_queries]


def _touching(queries: list[str], table: str) -> list[str]:
    return [sql for sql in queries if f'"{table}"' in sql]


def _publish_edit(page, **fields):
    page = page.specific
    for name, value in fields.items():
        setattr(page, name, value)
    page.save_revision().publish()


def test_plan_and_roster_edits_show_on_the_next_render(client, db):
    storefront = make_storefront()
    plan = make_action_plan(storefront)
    html, _ = _render(client, storefront.url)
    assert "Testing lab for dyes 0" in html and "A. Collector" in html

    html, queries = _render(client, storefront.url)
    assert "Testing lab for dyes 0" in html
    for table in ("officials_actionplanpage", "officials_bottleneck", "officials_depcmember"):
        assert not _touching(queries, table), f"warm render read {table}"

    # An official edits the tracker and the roster and publishes, as in the Wagtail admin.
    plan = ActionPlanPage.objects.get(pk=plan.pk)
    plan.bottlenecks = [Bottleneck(title="Cold chain at Raja Talab", owner="DIC")]
    plan.depc_members = [DEPCMember(name="B. Magistrate", role=DEPCMember.Role.CHAIR)]
    plan.save_revision().publish()
    html, _ = _render(client, storefront.url)
    assert "Cold chain at Raja Talab" in html and "Testing lab for dyes" not in html
    assert "B. Magistrate" in html and "A. Collector" not in html

    Page.objects.get(pk=plan.pk).specific.unpublish()
    html, _ = _render(client, storefront.url)
    assert "data-action-plan" not in html
    assert "has not been published here yet" in html


def test_a_new_event_shows_at_once_and_a_started_one_leaves_without_any_edit(client, db):
    storefront = make_storefront()
    html, _ = _render(client, storefront.url)
    assert "No upcoming events are announced." in html

    make_event(storefront, title="Silk buyer-seller meet")
    html, _ = _render(client, storefront.url)
    assert "Silk buyer-seller meet" in html

    # An event without an end leaves the list once it starts: a few seconds from now.
    starts_at = timezone.now() + dt.timedelta(seconds=3)
    make_event(storefront, title="Carpet expo", slug="carpet-expo", days_ahead=0)
    EventPage.objects.filter(slug="carpet-expo").update(starts_at=starts_at)
    content_cache.bump_content_version()  # the update() above skipped model signals
    html, _ = _render(client, storefront.url)
    assert "Carpet expo" in html
    html, queries = _render(client, storefront.url)
    assert "Carpet expo" in html
    assert not _touching(queries, "officials_eventpage"), "warm render read the events"

    version = content_cache.content_version()
    time.sleep(max(0.0, (starts_at - timezone.now()).total_seconds()) + 0.2)
    html, queries = _render(client, storefront.url)
    assert content_cache.content_version() == version, "nothing was edited"
    assert "Carpet expo" not in html
    assert "Silk buyer-seller meet" in html
    assert _touching(queries, "officials_eventpage"), "the list was read again"


def test_hreflang_shows_a_new_translation_on_the_next_render(client, db):
    ensure_locales()
    storefront = make_storefront()
    html, _ = _render(client, storefront.url)
    assert FRENCH_ALTERNATE not in html
    html, queries = _render(client, storefront.url)
    assert not [sql for sql in queries if '"translation_key" =' in sql], "warm render looked up"

    french = translate_page(page=storefront, language="fr")
    french.title = "Varanasi (FR)"
    french.save_revision().publish()
    html, _ = _render(client, storefront.url)
    assert FRENCH_ALTERNATE in html and '<link rel="alternate" hreflang="x-default"' in html

    Page.objects.get(pk=french.pk).specific.unpublish()
    html, _ = _render(client, storefront.url)
    assert FRENCH_ALTERNATE not in html


def test_routing_is_cached_until_a_page_moves_renames_or_unpublishes(client, db):
    storefront = make_storefront()
    url = storefront.url
    _render(client, url)
    _, queries = _render(client, url)
    by_slug = [sql for sql in queries if '"wagtailcore_page"."slug" =' in sql]
    assert by_slug == [], "warm render walked the page tree"

    _publish_edit(storefront, slug="kashi")
    assert client.get(url).status_code == 404
    new_url = Page.objects.get(pk=storefront.pk).url
    assert new_url.endswith("/kashi/")
    _render(client, new_url)

    home = storefront.get_parent().get_parent()
    other_state = make_state_page(
        home, StateFactory(iso_code="IN-BR", name="Bihar", slug="bihar", gst_code="10")
    )
    Page.objects.get(pk=storefront.pk).move(other_state, pos="last-child")
    moved_url = Page.objects.get(pk=storefront.pk).url
    assert moved_url.startswith(other_state.url)
    # The old path no longer routes to the page; Wagtail's automatic redirect takes over.
    response = client.get(new_url)
    assert response.status_code == 301 and response.url == moved_url
    _render(client, moved_url)

    Page.objects.get(pk=storefront.pk).specific.unpublish()
    assert client.get(moved_url).status_code == 404


def test_a_path_that_does_not_resolve_stays_a_404_and_is_not_cached(client, db):
    storefront = make_storefront()
    missing = storefront.url + "no-such-page/"
    assert client.get(missing).status_code == 404
    assert client.get(missing).status_code == 404
    make_event(storefront, title="Late arrival", slug="no-such-page")
    assert "Late arrival" in client.get(missing).content.decode()
