"""What the seller's dashboard pages share, here and in catalogue's listing pages: who may
open them (`seller_view`, `owner_only`) and the Translations sections' forms and save/remove
flow (the business story here, a listing's name and description in catalogue)."""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from sellers.selectors import seller_for_user, user_is_seller_owner
from sellers.validators import translation_languages


def seller_view(view):
    """Login required; passes the user's Seller, or shows the 'no business' page (403)."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        seller = seller_for_user(request.user)
        if seller is None:
            return render(request, "dashboard/no_seller.html", status=403)
        return view(request, seller, *args, **kwargs)

    return wrapper


def owner_only(view):
    """Only the business's owners change its profile, photos and story (staff get 403)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        seller = seller_for_user(request.user)
        if request.method == "POST" and seller and not user_is_seller_owner(request.user, seller):
            return render(request, "dashboard/no_seller.html", {"member_of": seller}, status=403)
        return view(request, *args, **kwargs)

    return wrapper


def translation_form_items(rows, bound, make_form, pending=None) -> list[dict]:
    """One form per language other than the original; `bound` replaces its language's.
    `make_form(row, code)` builds the unbound form from the saved row (None if none), or
    from the text waiting for review in `pending` ({code: row-like}) when there is one."""
    by_language = {row.language: row for row in rows}
    pending = pending or {}
    items = []
    for code, name in translation_languages():
        row = by_language.get(code)
        shown = pending.get(code, row)
        form = bound if bound is not None and bound.language == code else make_form(shown, code)
        items.append(
            {
                "language": code,
                "language_name": name,
                "form": form,
                "exists": row or pending.get(code),
                "waiting": code in pending,
            }
        )
    return items


def _translation_language(request) -> tuple[str, str] | None:
    """The posted language as (code, name) when it is one a seller may translate into."""
    code = request.POST.get("language", "")
    name = dict(translation_languages()).get(code)
    return (code, name) if name else None


def translation_post(request, form_class, *, save, delete, done_url):
    """The save/remove flow shared by the listing's and the profile's Translations sections.

    Returns (redirect, form, chosen): a redirect when the change is done, else None with the
    bound form and the chosen (code, name) for the page to show its errors."""
    chosen = _translation_language(request)
    form = form_class(request.POST, language=chosen[0] if chosen else None)
    if "remove" in request.POST and chosen:
        delete(language=chosen[0])
        messages.success(request, _("Translation removed: %(language)s.") % {"language": chosen[1]})
        return redirect(done_url), form, chosen
    if form.is_valid():
        try:
            row = save(form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if getattr(row, "waits_for_review", False):
                done = _(
                    "Translation saved: %(language)s. It waits for the district official's "
                    "review; buyers read the published version until then."
                )
            else:
                done = _("Translation saved: %(language)s.")
            messages.success(request, done % {"language": chosen[1]})
            return redirect(done_url), form, chosen
    return None, form, chosen
