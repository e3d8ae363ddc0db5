"""The seller's own pages: the team (members, invitations, joining).

No `app_name`: `marketplace.urls` includes these, so they keep the paths and the
`marketplace:team*` names links, emails and tests use since before they moved here.
"""

from django.urls import path

from sellers import views

urlpatterns = [
    path("dashboard/team/", views.team, name="team"),
    path("dashboard/team/join/<uuid:token>/", views.team_join, name="team_join"),
    path(
        "dashboard/team/invitations/<int:pk>/resend/",
        views.team_invitation_resend,
        name="team_invitation_resend",
    ),
]
