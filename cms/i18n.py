"""Content in five languages with Wagtail's localisation and copy-for-translation.

How an official publishes a district storefront in French:
1. `ensure_locales()` (called by load_demo_data) creates a Wagtail Locale per LANGUAGES entry,
   and `translation_parents_ensure()` gives the home and state pages an *alias* in every
   locale, so a storefront can be translated without the official owning its parents.
2. The official clicks "Translate" on their storefront (wagtail.contrib.simple_translation;
   the permission comes from `translation_rights_ensure()`), which copies the page into the
   French tree as a draft. The copy gets the same officials group and state review workflow
   as the original (`_on_copy_for_translation_done`, via cms.services).
3. They replace the text and "Submit to <state> review"; the state reviewer publishes.

Pages not yet translated still answer under /fr/...: `LocaleFallbackRoutingMixin` routes to
the original-language page when the French tree has no such child, so switching language
never breaks a page; hreflang alternates announce real translations and the home and state
pages' aliases, never the original page served under another language's prefix.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.dispatch import receiver
from django.http import Http404
from wagtail.actions.copy_for_translation import CopyPageForTranslationAction
from wagtail.models import Locale, Page
from wagtail.signals import copy_for_translation_done

SUBMIT_TRANSLATION = ("simple_translation", "submit_translation")


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
    """Let officials' groups use "Translate" (the permission is global; what they can copy
    and edit is still limited by their page permissions)."""
    from cms import permissions as perms

    permission = Permission.objects.get(
        content_type__app_label=SUBMIT_TRANSLATION[0], codename=SUBMIT_TRANSLATION[1]
    )
    if groups is None:
        groups = Group.objects.filter(name__startswith=perms.OFFICIALS_GROUP_PREFIX)
    count = 0
    for group in groups:
        group.permissions.add(permission)
        count += 1
    return count


def translate_page(*, page: Page, language: str, user=None) -> Page:
    """Copy `page` into `language` as a draft (parents aliased when missing), as the admin's
    Translate button does. For scripts, demo data and tests."""
    locale = Locale.objects.get(language_code=language)
    existing = page.get_translation_or_none(locale)
    if existing is not None and not existing.alias_of_id:
        return existing.specific
    if existing is not None:
        existing.delete()  # an alias stands in until a real translation replaces it
    action = CopyPageForTranslationAction(
        page=page.specific, locale=locale, copy_parents=True, user=user
    )
    return action.execute(skip_permission_checks=user is None).specific


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
        transaction.on_commit(
            lambda: services.district_officials_group_ensure(district=target_obj.district)
        )


class LocaleFallbackRoutingMixin:
    """Route to the default-locale page when this locale's tree lacks the requested child.

    Mix into HomePage, StatePage and DistrictPage (before `Page`). Without it, once a French
    home page exists, /fr/<state>/<district>/ would 404 for every storefront not translated
    yet; with it, the visitor sees the original page (labelled by its own `lang`).
    """

    def route(self, request, path_components):
        try:
            return super().route(request, path_components)
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


def world_demo_ensure(stdout=None) -> dict:
    """Demo set-up for languages and currencies (idempotent; called by load_demo_data):
    the demo exchange-rate snapshot when no rates exist, the five Wagtail locales, aliases of
    the home page and of the states that have district officials (so those officials can
    translate their storefronts), and the Translate permission for officials' groups."""
    from django.core.management import call_command

    from cms.models import StatePage
    from core.models import ExchangeRate
    from regions.models import DistrictOfficial

    if not ExchangeRate.objects.exists():
        call_command("update_exchange_rates", "--demo", stdout=stdout)
    locales = ensure_locales()
    default = Locale.get_default()
    states_with_officials = DistrictOfficial.objects.values("district__state")
    parents = [
        *Page.objects.filter(depth=2, locale=default),
        *StatePage.objects.filter(locale=default, state__in=states_with_officials),
    ]
    aliases = translation_parents_ensure(pages=parents)
    groups = translation_rights_ensure()
    if stdout is not None:
        stdout.write(
            f"Languages: {len(locales)} locales, {aliases} parent aliases created, "
            f"Translate allowed for {groups} officials' group(s)"
        )
    return {"locales": len(locales), "aliases": aliases, "groups": groups}
