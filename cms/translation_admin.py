"""Object-level rights on wagtail-localize's admin views.

wagtail-localize asks only for the global `wagtail_localize.submit_translation` permission
before it submits a page for translation or syncs a source into its translations. Every
district officials' group holds that permission (cms.i18n.translation_rights_ensure), so on
its own it would let the Varanasi official create (and sync, and publish) a French Agra
storefront. These subclasses add the check the rest of the admin makes: the user must be able
to edit the page (and, when syncing, every enabled translation of it). They are mounted on
wagtail-localize's own paths ahead of its URLs (cms.wagtail_hooks), so its buttons, links and
`reverse()` names lead here.

`upload_pofile` is wrapped too: wagtail-localize answers a request without a file, or a PO file
without its "X-WagtailLocalize-TranslationID" header (one made by hand, or for another tool),
with a server error; here it gets a plain message and the editor back.

The translation editor, PO download/upload, preview, machine translation and "stop
translating" already check that the user can edit the *target* page (wagtail-localize's
`user_can_edit_instance`), and a district's translated pages are granted only to that
district's officials (cms.services.district_officials_group_ensure).
"""

from __future__ import annotations

import tempfile

import polib
from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.admin.views.pages.utils import get_valid_next_url_from_request
from wagtail.models import Page
from wagtail_localize.models import Translation
from wagtail_localize.views import edit_translation
from wagtail_localize.views.edit_translation import user_can_edit_instance
from wagtail_localize.views.submit_translations import SubmitPageTranslationView
from wagtail_localize.views.update_translations import UpdateTranslationsView


class ScopedSubmitPageTranslationView(SubmitPageTranslationView):
    """ "Translate this page" for pages the user may edit, 403 for any other."""

    def dispatch(self, request, *args, **kwargs):
        page = self.get_object()
        if not page.permissions_for_user(request.user).can_edit():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ScopedUpdateTranslationsView(UpdateTranslationsView):
    """ "Sync translated pages" only for a source, and translations, the user may edit."""

    def dispatch(self, request, *args, **kwargs):
        source = self.get_object()
        try:
            instance = source.get_source_instance()
        except ObjectDoesNotExist:
            raise Http404 from None
        if not user_can_edit_instance(request.user, instance):
            raise PermissionDenied
        for translation in source.translations.filter(enabled=True).select_related("target_locale"):
            try:
                target = source.get_translated_instance(translation.target_locale)
            except ObjectDoesNotExist:
                continue  # not created yet: syncing creates it in the source's subtree rights
            if isinstance(target, Page) and not user_can_edit_instance(request.user, target):
                raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


# Larger than any storefront's PO file (Varanasi's whole storefront is ~6 KB).
PO_UPLOAD_MAX_BYTES = 2 * 1024 * 1024


@require_POST
def upload_pofile(request, translation_id):
    """wagtail-localize's PO upload, after checking what it takes for granted."""
    translation = get_object_or_404(Translation, id=translation_id)
    if not user_can_edit_instance(request.user, translation.get_target_instance()):
        raise PermissionDenied
    back = get_valid_next_url_from_request(request) or translation.get_target_instance_edit_url()
    upload = request.FILES.get("file")
    problem = _po_problem(upload, translation)
    if problem:
        messages.error(request, problem)
        return redirect(back)
    upload.seek(0)
    return edit_translation.upload_pofile(request, translation_id)


def _po_problem(upload, translation) -> str | None:
    if upload is None:
        return _("Choose a PO file to upload.")
    if upload.size > PO_UPLOAD_MAX_BYTES:
        return _("This file is too large for a page's translation (2 MB at most).")
    # Parsed from a file of its own: polib reads a *string* that names a path as that path.
    with tempfile.NamedTemporaryFile(suffix=".po") as copy:
        for chunk in upload.chunks():
            copy.write(chunk)
        copy.flush()
        try:
            po = polib.pofile(copy.name, encoding="utf-8")
        except (OSError, UnicodeDecodeError, ValueError):
            po = None
    if po is None:
        return _("Please upload a valid PO file (UTF-8 text in gettext's PO format).")
    if po.metadata.get("X-WagtailLocalize-TranslationID") != str(translation.uuid):
        return _(
            "This PO file was not downloaded from this translation: download the PO file "
            "here, translate it and upload it back."
        )
    return None
