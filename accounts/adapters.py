from allauth.account.adapter import DefaultAccountAdapter

from core.client_ip import client_ip

SELLER_ONBOARDING_URL = "/dashboard/profile/"


class AccountAdapter(DefaultAccountAdapter):
    """Role-aware redirects: a new seller without a business goes to onboarding."""

    def _needs_onboarding(self, user) -> bool:
        return (
            user.is_authenticated
            and user.signup_role == user.SignupRole.SELLER
            and not user.seller_memberships.exists()
        )

    def get_login_redirect_url(self, request):
        if self._needs_onboarding(request.user):
            return SELLER_ONBOARDING_URL
        return super().get_login_redirect_url(request)

    def get_client_ip(self, request) -> str:
        # Sign-in, sign-up and password-reset limits count the same address as our own
        # limits (core.client_ip), and a proxy misconfiguration is never a 500.
        return client_ip(request)

    def get_signup_redirect_url(self, request):
        if self._needs_onboarding(request.user):
            return SELLER_ONBOARDING_URL
        return super().get_signup_redirect_url(request)
