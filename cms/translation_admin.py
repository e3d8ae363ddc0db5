"""Object-level rights on wagtail-localize's admin views.

wagtail-localize asks only for the global `wagtail_localize.submit_translation` permission
before it submits a page for translation or syncs a source into its translations. Every
district officials' group holds that permission (cms.i18n.translation_rights_ensure), so on
its own it would let the Varanasi official create (and sync, and publish) a French Agra
storefront. These subclasses add the check the rest of the admin makes: the user must be able
to edit the page (and, when syncing, every enabled translation of it). They are mounted on
wagtail-localize's own paths ahead of its URLs (cms.wagtail_hooks), so its buttons, links and
`reverse()` names lead here.

The translation editor, PO download/upload, preview, machine translation and "stop
translating" already check that the user can edit the *target* page (wagtail-localize's
`user_can_edit_instance`), and a district's translated pages are granted only to that
district's officials (cms.services.district_officials_group_ensure).
"""

from __future__ import annotations

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.http import Http404
from wagtail.models import Page
from wagtail_localize.views.edit_translation import user_can_edit_instance
from wagtail_localize.views.submit_translations import SubmitPageTranslationView
from wagtail_localize.views.update_translations import UpdateTranslationsView


class ScopedSubmitPageTranslationView(SubmitPageTranslationView):
    """"Translate this page" for pages the user may edit, 403 for any other."""

    def dispatch(self, request, *args, **kwargs):
        page = self.get_object()
        if not page.permissions_for_user(request.user).can_edit():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ScopedUpdateTranslationsView(UpdateTranslationsView):
    """"Sync translated pages" only for a source, and translations, the user may edit."""

    def dispatch(self, request, *args, **kwargs):
        source = self.get_object()
        try:
            instance = source.get_source_instance()
        except ObjectDoesNotExist:
            raise Http404 from None
        if not user_can_edit_instance(request.user, instance):
            raise PermissionDenied
        for translation in source.translations.filter(enabled=True).select_related(
            "target_locale"
        ):
            try:
                target = source.get_translated_instance(translation.target_locale)
            except ObjectDoesNotExist:
                continue  # not created yet: syncing creates it in the source's subtree rights
            if isinstance(target, Page) and not user_can_edit_instance(request.user, target):
                raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)
