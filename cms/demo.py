"""Build the public page tree from the regions data: Home → 36 states → every district →
its clusters, and give the districts' officials their Wagtail rights.

Called by `load_demo_data` after the regions, catalogue and accounts data exist. Idempotent:
pages are matched by their region row, never duplicated, and pages people made or edited are
left alone (a second run creates nothing).
"""

from __future__ import annotations

import time

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_noop
from wagtail.models import Locale, Page, Site
from wagtail.search.backends import get_search_backend

from cms import services
from cms.models import ClusterPage, DistrictPage, HomePage, StatePage
from regions.models import Cluster, District, OfficialPost, State

# Marked for the catalogs (not translated here: the page stores the English words): the home
# page in another language shows them from the catalogs (templates/cms/home_page.html).
HOME_TITLE = gettext_noop("Buy direct from India's districts")
HOME_INTRO = gettext_noop(
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
    officials = OfficialPost.objects.select_related("user").order_by("user_id")
    granted = 0
    for user in {post.user_id: post.user for post in officials}.values():
        services.official_grant(official=user)
        granted += 1
    _say(stdout, f"Site: Wagtail rights granted to {granted} official(s)")
    return home


def _bulk_add_children(batches: list[tuple[Page, list[Page]]]) -> None:
    """Insert each batch's pages under its parent with a fixed number of statements overall.

    `add_child` costs a dozen queries and signal handlers per page (over a minute for the
    ~1,800 demo pages on this machine); here treebeard's materialised paths are computed in
    Python, the base rows go in with one bulk INSERT, each specific row with one INSERT
    (`save_base(raw=True)` writes only the subclass table, as loaddata does), and Wagtail's
    search index is updated in bulk. Only for freshly built demo pages: no revisions and no
    log entries (the pages are live and editable like any other).
    """
    batches = [(parent, children) for parent, children in batches if children]
    if not batches:
        return
    models = {type(child) for _, children in batches for child in children}
    content_types = ContentType.objects.get_for_models(*models)
    base_fields = [f for f in Page._meta.concrete_fields if not f.primary_key]
    everyone = []
    for parent, children in batches:
        last = parent.get_last_child() if parent.numchild else None
        step = Page._str2int(last.path[-Page.steplen :]) if last else 0
        for child in children:
            step += 1
            child.path = Page._get_path(parent.path, parent.depth + 1, step)
            child.depth = parent.depth + 1
            child.numchild = 0
            child.url_path = f"{parent.url_path}{child.slug}/"
            child.draft_title = child.title
            child.locale_id = parent.locale_id
            child.content_type = content_types[type(child)]
            everyone.append(child)
    rows = Page.objects.bulk_create(
        [Page(**{f.attname: getattr(child, f.attname) for f in base_fields}) for child in everyone],
        batch_size=500,
    )
    for child, row in zip(everyone, rows, strict=True):
        child.id = child.page_ptr_id = row.pk
        child.save_base(raw=True, force_insert=True)
    for parent, children in batches:
        Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(children))
        parent.numchild += len(children)
    backend = get_search_backend()
    for model in models:
        backend.add_bulk(model, [child for child in everyone if type(child) is model])


def _build_tree(home: HomePage) -> dict:
    locale_id = home.locale_id
    created = {"states": 0, "districts": 0, "clusters": 0}

    state_pages = {page.state_id: page for page in StatePage.objects.filter(locale_id=locale_id)}
    new_states = [
        StatePage(**_live(title=state.name, slug=state.slug, state=state))
        for state in State.objects.exclude(pk__in=state_pages).order_by("name")
    ]
    _bulk_add_children([(home, new_states)])
    state_pages.update({page.state_id: page for page in new_states})
    created["states"] = len(new_states)

    district_pages = {
        page.district_id: page for page in DistrictPage.objects.filter(locale_id=locale_id)
    }
    by_state: dict[int, list] = {}
    for district in District.objects.exclude(pk__in=district_pages).order_by("name"):
        by_state.setdefault(district.state_id, []).append(
            DistrictPage(**_live(title=district.name, slug=district.slug, district=district))
        )
    _bulk_add_children([(state_pages[state_id], pages) for state_id, pages in by_state.items()])
    for pages in by_state.values():
        district_pages.update({page.district_id: page for page in pages})
        created["districts"] += len(pages)

    have_pages = ClusterPage.objects.filter(locale_id=locale_id).values_list("cluster_id")
    by_district: dict[int, list] = {}
    for cluster in Cluster.objects.exclude(pk__in=have_pages).order_by("name"):
        if cluster.district_id in district_pages:
            by_district.setdefault(cluster.district_id, []).append(
                ClusterPage(**_live(title=cluster.name, slug=cluster.slug[:200], cluster=cluster))
            )
    _bulk_add_children(
        [(district_pages[district_id], pages) for district_id, pages in by_district.items()]
    )
    created["clusters"] = sum(len(pages) for pages in by_district.values())
    return created
