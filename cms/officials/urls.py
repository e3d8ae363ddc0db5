from django.urls import path

from cms.officials import views

app_name = "officials"
urlpatterns = [
    path("events/<int:page_id>/register/", views.event_register, name="event_register"),
    path("events/<int:page_id>/cancel/", views.event_unregister, name="event_unregister"),
    path("dashboard/readiness/", views.readiness, name="readiness"),
    path(
        "dashboard/readiness/registrations/<int:pk>/delete/",
        views.readiness_registration_delete,
        name="readiness_registration_delete",
    ),
    path(
        "districts/<int:district_id>/glance/<slug:key>.csv",
        views.glance_csv,
        name="glance_csv",
    ),
    path(
        "districts/<int:district_id>/glance/<slug:key>.svg",
        views.glance_svg,
        name="glance_svg",
    ),
]
