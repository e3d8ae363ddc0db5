from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.contrib.sites.shortcuts import get_current_site
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from core.client_ip import client_ip
from core.outbox import queue_email
from core.site_url import site_url

# Lazy: reversed in the request's language (a French seller lands on /fr/dashboard/profile/).
SELLER_ONBOARDING_URL = reverse_lazy("marketplace:dashboard_profile")


class AccountAdapter(DefaultAccountAdapter):
    """Role-aware redirects: a new seller without a business goes to onboarding."""

    error_messages = {
        **DefaultAccountAdapter.error_messages,
        # Shown on the sign-in page, under which both ways in are offered.
        "too_many_login_attempts": _(
            "Too many failed sign-in attempts for this account. To get in now, ask for a "
            "sign-in code by email (below), or reset your password with “Forgot your "
            "password?”. Otherwise try again in 15 minutes."
        ),
    }

    def _needs_onboarding(self, user) -> bool:
        return (
            user.is_authenticated
            and user.signup_role == user.SignupRole.SELLER
            and not user.seller_memberships.exists()
        )

    def get_login_redirect_url(self, request):
        if self._needs_onboarding(request.user):
            return str(SELLER_ONBOARDING_URL)
        return super().get_login_redirect_url(request)

    def get_client_ip(self, request) -> str:
        # Sign-in, sign-up and password-reset limits count the same address as our own
        # limits (core.client_ip), and a proxy misconfiguration is never a 500.
        return client_ip(request)

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        # allauth's own send_mail with the last step swapped: queued (with retries), never
        # sent inside the request, so a mail server that is down cannot 500 a sign-up or a
        # password reset (the user row is already written by then).
        # allauth builds its links (confirm address, reset password, sign up) from the
        # request's host; like every email of the site they use the configured address.
        context = {
            key: site_url(value)
            if isinstance(value, str) and value.startswith(("http://", "https://"))
            else value
            for key, value in context.items()
        }
        request = allauth_context.request
        ctx = {"request": request, "email": email, "current_site": get_current_site(request)}
        ctx.update(context)
        queue_email(self.render_mail(template_prefix, email, ctx))

    def get_signup_redirect_url(self, request):
        if self._needs_onboarding(request.user):
            return str(SELLER_ONBOARDING_URL)
        return super().get_signup_redirect_url(request)
