"""The display-currency switcher: remembers the choice, then goes back.

It answers GET as well as POST so the header needs no CSRF token and anonymous pages stay
cacheable; the only effect a forged request could have is the display currency of prices.
"""

from django.http import HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from core import money


@require_http_methods(["GET", "POST"])
def set_currency(request):
    """Store the chosen currency in the session, a cookie and (signed in) the user's profile.

    An unknown code is ignored rather than refused: the visitor lands back on their page with
    prices as before, never an error page. `next` must point at this site (no open redirect).
    """
    params = request.POST if request.method == "POST" else request.GET
    target = params.get("next") or request.headers.get("referer") or "/"
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = HttpResponseRedirect(target)
    code = (params.get("currency") or "").strip().upper()
    if money.is_display_currency(code):
        request.session[money.SESSION_KEY] = code
        response.set_cookie(
            money.COOKIE_NAME, code, max_age=money.COOKIE_MAX_AGE, samesite="Lax", httponly=True
        )
        if request.user.is_authenticated:
            money.user_preferred_currency_set(user=request.user, currency=code)
    return response
