"""Content in five languages with Wagtail's localisation and wagtail-localize.

How an official publishes a district storefront in French:
1. `ensure_locales()` (called by load_demo_data) creates a Wagtail Locale per LANGUAGES entry,
   and `translation_parents_ensure()` gives the home and state pages an *alias* in every
   locale, so a storefront can be translated without the official owning its parents.
2. The official clicks "Translate this page" on their storefront (wagtail-localize; the
   permission comes from `translation_rights_ensure()`, and `cms.wagtail_hooks` refuses it on
   a page they cannot edit). The French copy starts as a draft
   (`WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False`) and gets the same officials group
   and state review workflow as the original (`_on_copy_for_translation_done`).
3. Opening the copy shows wagtail-localize's editor: each sentence of the original beside its
   French, a PO file to download for a translator and upload back, and "Publish in French"
   (or submit to the state's review). Machine translation appears only where a deployment
   configures `WAGTAILLOCALIZE_MACHINE_TRANSLATOR` (docs/translation.md).

Pages not yet translated (or whose translation is still a draft) still answer under /fr/...:
`LocaleFallbackRoutingMixin` routes to the original-language page when the French tree has no
live child, so switching language never breaks a page, and the page says "Original in
English"; hreflang alternates announce real translations and the home and state pages'
aliases, never the original page served under another language's prefix.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import Q
from django.dispatch import receiver
from django.http import Http404
from wagtail.models import Locale, Page
from wagtail.signals import copy_for_translation_done
from wagtail_localize.fields import SynchronizedField


def content_language_codes() -> list[str]:
    languages = getattr(settings, "WAGTAIL_CONTENT_LANGUAGES", settings.LANGUAGES)
    return [code for code, _name in languages]


@transaction.atomic
def ensure_locales() -> list[Locale]:
    """One Wagtail Locale per content language (idempotent)."""
    return [
        Locale.objects.get_or_create(language_code=code)[0] for code in content_language_codes()
    ]


@transaction.atomic
def translation_parents_ensure(*, pages=None) -> int:
    """Alias the home page and state pages into every locale (idempotent).

    Aliases follow their source automatically; as listing pages in the locale's interface they
    are announced as that language's version (hreflang, sitemap) and are their own canonical. The
    default `pages` are the depth-2 (home) and depth-3 (state) pages of the default locale.
    Returns the number of aliases created.
    """
    default = Locale.get_default()
    if pages is None:
        pages = Page.objects.filter(depth__in=[2, 3], locale=default).order_by("path")
    created = 0
    locales = [loc for loc in ensure_locales() if loc.pk != default.pk]
    for page in pages:
        existing = set(page.get_translations().values_list("locale_id", flat=True))
        for locale in locales:
            if locale.pk in existing:
                continue
            page.specific.copy_for_translation(locale, copy_parents=True, alias=True)
            created += 1
    return created


@transaction.atomic
def translation_rights_ensure(*, groups=None) -> int:
    """Let officials' groups use "Translate this page" (the permission is global; which pages
    they can submit and edit is limited by their page permissions, see cms.wagtail_hooks)."""
    from cms import permissions as perms
    from cms.services import submit_translation_permission

    permission = submit_translation_permission()
    if groups is None:
        groups = Group.objects.filter(name__startswith=perms.OFFICIALS_GROUP_PREFIX)
    count = 0
    for group in groups:
        group.permissions.add(permission)
        count += 1
    return count


def translate_page(*, page: Page, language: str, user=None) -> Page:
    """Submit `page` for translation into `language` as the admin's "Translate this page"
    does (wagtail-localize: a draft copy plus its segments to translate; parents aliased when
    missing). Returns the draft. For scripts, demo data and tests."""
    from wagtail_localize.operations import translate_object

    locale = Locale.objects.get(language_code=language)
    existing = page.get_translation_or_none(locale)
    if existing is not None and not existing.alias_of_id:
        return existing.specific
    translate_object(page.specific, [locale], user=user)
    return page.get_translation(locale).specific


@receiver(copy_for_translation_done)
def _on_copy_for_translation_done(sender, source_obj, target_obj, **kwargs):
    """A translated storefront is curated by the same officials and reviewed by the same
    state reviewers as its original."""
    district_id = getattr(target_obj, "district_id", None)
    if district_id is None or getattr(target_obj, "alias_of_id", None):
        return
    from cms import services
    from cms.models import DistrictPage

    if isinstance(target_obj, DistrictPage):
        # At once, in the copy's transaction: the official who asked for the translation is
        # sent straight to its editor, which checks their rights on the copy.
        services.district_officials_group_ensure(district=target_obj.district)


@dataclass(frozen=True)
class TranslationReview:
    """A published translation some of whose sentences no person has confirmed yet."""

    unreviewed: int
    total: int


def translation_review(page) -> TranslationReview | None:
    """None unless `page` is a translation (wagtail-localize) with sentences still marked
    "machine": the demo's translations, or a deployment's machine translator's. Confirming
    or editing a sentence in the translation editor makes it "manual"; when none is left
    the page no longer says "awaiting review". One query (none for an original or an
    alias), read where the page's cached fragment misses."""
    from django.db.models import Count, Q
    from wagtail_localize.models import StringTranslation

    if getattr(page, "alias_of_id", None) or page_language(page) == settings.LANGUAGE_CODE:
        return None
    machine = Q(translation_type=StringTranslation.TRANSLATION_TYPE_MACHINE)
    counts = StringTranslation.objects.filter(
        context__object_id=page.translation_key, locale_id=page.locale_id
    ).aggregate(total=Count("pk"), unreviewed=Count("pk", filter=machine))
    if not counts["unreviewed"]:
        return None
    return TranslationReview(counts["unreviewed"], counts["total"])


class SyncedSlugMixin:
    """Mix into every page type: a translation keeps its original's slug (wagtail-localize
    would offer it as a segment to translate). /fr/<state>/<district>/ is the English path
    with a prefix (`path_in_language`, the fallback router, hreflang), so a translated slug
    would strand the French page at a URL nothing links to."""

    override_translatable_fields = [SynchronizedField("slug", overridable=False)]


def fixed_in_translations(*fields: str) -> list[SynchronizedField]:
    """The page type's overrides: the slug (above) and `fields`, which a translation must
    share with its original. A French Varanasi storefront is about Varanasi: wagtail-localize
    would otherwise offer the district in its editor as an overridable value, shown as a bare
    id ("9 – Uses English version")."""
    return [
        *SyncedSlugMixin.override_translatable_fields,
        *(SynchronizedField(name, overridable=False) for name in fields),
    ]


class LocaleFallbackRoutingMixin:
    """Route to the default-locale page when this locale's tree lacks the requested child.

    Mix into HomePage, StatePage and DistrictPage (before `Page`). Without it, once a French
    home page exists, /fr/<state>/<district>/ would 404 for every storefront not translated
    yet; with it, the visitor sees the original page (labelled by its own `lang`).
    """

    def route(self, request, path_components):
        try:
            found = _route_in_one_query(self, request, path_components)
            return found if found is not None else super().route(request, path_components)
        except Http404:
            if not path_components:
                raise
            default = Locale.get_default()
            if self.locale_id == default.pk:
                raise
            original = self.get_translation_or_none(default)
            if original is None:
                raise
            return original.specific.route(request, path_components)


def _plain_route(page_class) -> bool:
    """Whether `page_class` routes a path to its children as Wagtail's `Page.route` does
    (this mixin only adds a fallback for a missing child)."""
    return page_class is not None and page_class.route in (
        Page.route,
        LocaleFallbackRoutingMixin.route,
    )


# What `_route_in_one_query` leaves on the page it finds for the page's own view.
ROUTE_EXTRAS = ("_deh_live_translations", "_deh_ancestors")


def _route_in_one_query(page, request, path_components):
    """The route Wagtail's walk would find for a path two or more levels deep, or None to
    let the walk decide (a missing or unpublished page, an intermediate page type that routes
    its own way).

    Wagtail's walk asks two queries per level (the child by slug, then its specific row):
    four for a storefront, six for a cluster page, when the route cache is empty. Each
    level's page is the child of the one before with the next slug, so every level is read
    in one query by slug and depth under `page` (slugs are unique among siblings, and the
    slug column is indexed), and only the page reached is then loaded as its own type.

    The same query brings what the page's own view asks next of the tree, left on the page:
    its live translations (for hreflang, cms.templatetags.world_seo) and, from the chain
    walked, its ancestors (for breadcrumbs, cms.selectors.page_ancestors)."""
    if len(path_components) < 2:
        return None  # one level: the walk's own two queries
    depth = page.depth
    levels = Q(
        slug__in=set(path_components),
        depth__gt=depth,
        depth__lte=depth + len(path_components),
        path__startswith=page.path,
    )
    # Pages with the last slug at the last depth (the leaf, and any namesake under another
    # parent), whose translations are told apart below by their translation key.
    leaves = Page.objects.filter(
        slug=path_components[-1],
        depth=depth + len(path_components),
        path__startswith=page.path,
    ).values("translation_key")
    candidates = list(Page.objects.filter(levels | Q(translation_key__in=leaves, live=True)))
    chain, parent = [], page
    for level, slug in enumerate(path_components, start=1):
        child = next(
            (
                candidate
                for candidate in candidates
                if candidate.depth == depth + level
                and candidate.slug == slug
                and candidate.path.startswith(parent.path)
            ),
            None,
        )
        if child is None:
            return None
        child._cached_parent_obj = parent  # as Wagtail's walk leaves it (get_parent)
        chain.append(child)
        parent = child
    *between, leaf = chain
    if not leaf.live or not all(_plain_route(p.specific_class) for p in between):
        return None
    specific = _specific(leaf)
    specific._deh_live_translations = [
        c for c in candidates if c.translation_key == leaf.translation_key and c.live
    ]
    if depth == 2:  # from the home page: the chain is every ancestor below the tree root
        specific._deh_ancestors = [page, *between]
    return specific.route(request, [])


def _specific(page):
    """`page.specific`, with the rows its type names in `route_select_related` joined to it
    and those in `route_prefetch_related` prefetched (a storefront's district and state, its
    hero image with its renditions: what its view would ask next, one query at a time)."""
    page_class = page.specific_class
    related = getattr(page_class, "route_select_related", ())
    prefetch = getattr(page_class, "route_prefetch_related", ())
    if not related and not prefetch:
        return page.specific
    specific = (
        page_class._default_manager.select_related(*related)
        .prefetch_related(*prefetch)
        .filter(pk=page.pk)
        .first()
    )
    if specific is None:  # deleted since the route query: as Wagtail would find it
        return page.specific
    specific._cached_parent_obj = page._cached_parent_obj
    return specific


def world_demo_ensure(stdout=None) -> dict:
    """Demo set-up for languages and currencies (idempotent; called by load_demo_data):
    the demo exchange-rate snapshot when no rates exist, the five Wagtail locales, aliases of
    the home page and of the states that have district officials (so those officials can
    translate their storefronts), and the Translate permission for officials' groups."""
    from django.core.management import call_command

    from cms.models import StatePage
    from core.models import ExchangeRate
    from core.money import DEMO_RATE_SOURCES
    from regions.models import OfficialPost

    # Demo rates dated at load time, unless real rates were loaded (make run re-runs this).
    if not ExchangeRate.objects.exclude(source__in=DEMO_RATE_SOURCES).exists():
        call_command("update_exchange_rates", "--demo", stdout=stdout)
    locales = ensure_locales()
    default = Locale.get_default()
    posts = OfficialPost.objects.all()
    parents = [
        *Page.objects.filter(depth=2, locale=default),
        *StatePage.objects.filter(
            Q(state__in=posts.values("district__state")) | Q(state__in=posts.values("state")),
            locale=default,
        ),
    ]
    aliases = translation_parents_ensure(pages=parents)
    groups = translation_rights_ensure()
    if stdout is not None:
        stdout.write(
            f"Languages: {len(locales)} locales, {aliases} parent aliases created, "
            f"Translate allowed for {groups} officials' group(s)"
        )
    return {"locales": len(locales), "aliases": aliases, "groups": groups}


# -- Reading the site in a language its pages were not (all) translated into -----------------
#
# The French tree holds only aliases of the home and some state pages plus the storefronts
# officials translated. Listing a French page's children would show one state and no
# district; so listings read the original (default-locale) tree, and every link is built in
# the reader's language: /fr/<state>/<district>/ is routed to the French copy when there is
# one (same slug) and to the original otherwise (LocaleFallbackRoutingMixin above).


def locale_languages() -> dict[int, str]:
    """{locale id: language code}, remembered under the content version (a Locale edit bumps
    it), so a page's language is known without a query."""
    from core.fragment_cache import versioned_cache

    languages = versioned_cache().get(_locale_languages_key())
    if languages is None:
        languages = dict(Locale.objects.values_list("pk", "language_code"))
        remember_locale_languages(languages)
    return languages


def remember_locale_languages(languages: dict[int, str]) -> None:
    """Keep `languages` where `locale_languages` looks (also read with the other routing
    facts, cms.wagtail_speedups.routing.site_facts)."""
    from core import content_cache
    from core.fragment_cache import versioned_cache

    versioned_cache().set(_locale_languages_key(), languages, content_cache.FRAGMENT_SECONDS)


def _locale_languages_key() -> str:
    from core import content_cache

    return f"locale-languages:{content_cache.current_content_version()}"


def active_locale_id() -> int | None:
    """The id of the Locale of the active language, as `Locale.get_active()` finds it (the
    default language's when the active one has none), from `locale_languages` instead of a
    query. None when there are no locales at all."""
    from django.utils.translation import get_language
    from wagtail.coreutils import get_supported_content_language_variant

    ids = {code: pk for pk, code in locale_languages().items()}
    for code in (get_language(), settings.LANGUAGE_CODE):
        try:
            found = ids.get(get_supported_content_language_variant(code))
        except LookupError:
            continue
        if found is not None:
            return found
    return None


def page_language(page) -> str:
    """The language of `page`'s locale (its tree, not necessarily its words)."""
    return locale_languages().get(page.locale_id, settings.LANGUAGE_CODE)


def content_language(page) -> str:
    """The language a page's text is in: an alias shows its original's words, and aliases
    are made only of default-locale pages (translation_parents_ensure)."""
    if getattr(page, "alias_of_id", None):
        return settings.LANGUAGE_CODE
    return page_language(page)


def strip_language_prefix(path: str) -> str:
    """`/fr/x/` -> `/x/`; a path without a language prefix is returned as it is."""
    for code, _name in settings.LANGUAGES:
        if path == f"/{code}" or path.startswith(f"/{code}/"):
            return "/" + path[len(code) + 2 :]
    return path


def path_in_language(path: str, language: str | None = None) -> str:
    """A site path (relative, or absolute URL) moved into `language` (default: the active
    one): its language prefix replaced, none for the default language (the URL patterns are
    `prefix_default_language=False`). Pure string work: no resolve, no query."""
    from urllib.parse import urlsplit, urlunsplit

    from django.utils.translation import get_language

    if not path:
        return path
    language = language or get_language() or settings.LANGUAGE_CODE
    parts = urlsplit(path)
    if not parts.path.startswith("/"):
        return path
    bare = strip_language_prefix(parts.path)
    prefixed = bare if language == settings.LANGUAGE_CODE else f"/{language}{bare}"
    return urlunsplit(parts._replace(path=prefixed))


def localized_page_url(page, request=None) -> str:
    """`page`'s URL in the reader's language, whatever locale the page itself is in."""
    return path_in_language(page.get_url(request))


def default_locale_source(page):
    """The default-locale page `page` translates or aliases (itself when it is one): the tree
    listings read, so every state and district appears in every language. One query unless
    `page` is already in the default locale."""
    default_id = next(
        (pk for pk, code in locale_languages().items() if code == settings.LANGUAGE_CODE), None
    )
    if default_id is None or page.locale_id == default_id:
        return page
    source = (
        type(page)
        .objects.filter(translation_key=page.translation_key, locale_id=default_id)
        .first()
    )
    return source or page


def translated_titles(pages, language: str | None = None) -> dict:
    """{translation_key: title} of the live, real (not alias) translations of `pages` in
    `language` (default: the active one): one query, none in the default language."""
    from django.utils.translation import get_language

    language = language or get_language() or settings.LANGUAGE_CODE
    pages = list(pages)
    if language == settings.LANGUAGE_CODE or not pages:
        return {}
    return dict(
        Page.objects.filter(
            translation_key__in=[page.translation_key for page in pages],
            locale__language_code=language,
            alias_of__isnull=True,
            live=True,
        ).values_list("translation_key", "title")
    )
