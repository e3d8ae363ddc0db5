"""Build the public page tree from the regions data: Home → 36 states → every district →
its clusters, and give the districts' officials their Wagtail rights.

Called by `load_demo_data` after the regions, catalogue and accounts data exist. Idempotent:
pages are matched by their region row, never duplicated, and pages people made or edited are
left alone (a second run creates nothing).
"""

from __future__ import annotations

import time

from django.db import transaction
from django.utils import timezone
from wagtail.models import Locale, Page, Site

from cms import services
from cms.models import ClusterPage, DistrictPage, HomePage, StatePage
from regions.models import Cluster, District, DistrictOfficial, State

HOME_TITLE = "Buy direct from India's districts"
HOME_INTRO = (
    "Every district of India has something it makes better than anywhere else. "
    "Browse by state and district, meet verified makers and send one enquiry to a "
    "district's exporters."
)


def _say(stdout, message: str) -> None:
    if stdout is not None:
        stdout.write(message)


def _live(**fields) -> dict:
    now = timezone.now()
    return {"live": True, "first_published_at": now, "last_published_at": now, **fields}


def ensure_home() -> HomePage:
    """The one HomePage, root of the default Site (replacing Wagtail's "Welcome" page)."""
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        home = root.add_child(
            instance=HomePage(
                **_live(title=HOME_TITLE, slug="deh-home", intro=HOME_INTRO),
                locale=Locale.get_default(),
            )
        )
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost",
            port=80,
            root_page=home,
            is_default_site=True,
            site_name="DEH Marketplace",
        )
    elif site.root_page_id != home.pk:
        previous = site.root_page
        site.root_page = home
        site.site_name = site.site_name or "DEH Marketplace"
        site.save()
        # Wagtail's placeholder "Welcome" page goes; anything a person built stays.
        if type(previous.specific) is Page and previous.is_leaf() and previous.depth == 2:
            previous.delete()
    return home


def build_site(stdout=None) -> HomePage:
    started = time.monotonic()
    with transaction.atomic():
        home = ensure_home()
        created = _build_tree(home)
    _say(
        stdout,
        "Site: {states} state, {districts} district and {clusters} cluster pages created "
        "in {seconds:.1f}s".format(**created, seconds=time.monotonic() - started),
    )
    officials = DistrictOfficial.objects.select_related("user").order_by("user_id")
    granted = 0
    for user in {post.user_id: post.user for post in officials}.values():
        services.official_grant(official=user)
        granted += 1
    _say(stdout, f"Site: Wagtail rights granted to {granted} district official(s)")
    return home


def _build_tree(home: HomePage) -> dict:
    locale_id = home.locale_id
    state_pages = {page.state_id: page for page in StatePage.objects.filter(locale_id=locale_id)}
    created = {"states": 0, "districts": 0, "clusters": 0}
    for state in State.objects.order_by("name"):
        if state.pk not in state_pages:
            state_pages[state.pk] = home.add_child(
                instance=StatePage(
                    **_live(title=state.name, slug=state.slug, state=state),
                    locale_id=locale_id,
                )
            )
            created["states"] += 1

    district_pages = {
        page.district_id: page for page in DistrictPage.objects.filter(locale_id=locale_id)
    }
    for district in District.objects.order_by("state__name", "name"):
        if district.pk in district_pages:
            continue
        parent = state_pages[district.state_id]
        district_pages[district.pk] = parent.add_child(
            instance=DistrictPage(
                **_live(title=district.name, slug=district.slug, district=district),
                locale_id=locale_id,
            )
        )
        created["districts"] += 1

    have_pages = set(
        ClusterPage.objects.filter(locale_id=locale_id).values_list("cluster_id", flat=True)
    )
    for cluster in Cluster.objects.exclude(pk__in=have_pages).order_by("pk"):
        parent = district_pages.get(cluster.district_id)
        if parent is None:
            continue
        parent.add_child(
            instance=ClusterPage(
                **_live(title=cluster.name, slug=cluster.slug[:200], cluster=cluster),
                locale_id=locale_id,
            )
        )
        created["clusters"] += 1
    return created
