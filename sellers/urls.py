"""The seller's own pages: the business profile (photos, translations) and the team
(members, invitations, joining).

No `app_name`: `marketplace.urls` includes these, so every seller page sits in the one
`marketplace:` namespace beside the dashboard: the team pages keep the `marketplace:team*`
names they had before they moved here, and the profile pages, which were
`catalogue:dashboard_profile*`, kept their names and paths and took this namespace.
"""

from django.urls import path

from sellers import views

urlpatterns = [
    path("dashboard/profile/", views.profile, name="dashboard_profile"),
    path("dashboard/profile/photos/", views.profile_photo_add, name="dashboard_profile_photo_add"),
    path(
        "dashboard/profile/photos/<int:pk>/remove/",
        views.profile_photo_remove,
        name="dashboard_profile_photo_remove",
    ),
    path(
        "dashboard/profile/translations/",
        views.profile_translation,
        name="dashboard_profile_translation",
    ),
    path("dashboard/team/", views.team, name="team"),
    path("dashboard/team/join/<uuid:token>/", views.team_join, name="team_join"),
    path(
        "dashboard/team/invitations/<int:pk>/resend/",
        views.team_invitation_resend,
        name="team_invitation_resend",
    ),
]
