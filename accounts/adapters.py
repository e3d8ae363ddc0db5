from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    """Hook point for role-aware redirects after sign-up (buyer vs seller onboarding)."""
