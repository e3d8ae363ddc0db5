"""Background work of the trade flow (Django's task framework; ImmediateBackend in tests).

The team-invitation email moved to `sellers.tasks` with the team pages; the name stays here
so that an invitation queued before the move (by this path) still runs.
"""

from sellers.tasks import send_invitation

__all__ = ["send_invitation"]
