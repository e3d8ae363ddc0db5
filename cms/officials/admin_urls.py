"""Admin URLs of the officials' tools, mounted under /admin/officials/ by wagtail_hooks."""

from django.urls import path

from cms.officials import admin_views

app_name = "officials_admin"
urlpatterns = [
    path("", admin_views.IndexView.as_view(), name="index"),
    path(
        "districts/<int:district_id>/",
        admin_views.DistrictDashboardView.as_view(),
        name="district_dashboard",
    ),
    path(
        "districts/<int:district_id>/charts/<slug:key>.csv",
        admin_views.district_chart_csv,
        name="district_chart_csv",
    ),
    path(
        "districts/<int:district_id>/import/",
        admin_views.ImportView.as_view(),
        name="district_import",
    ),
    path(
        "districts/<int:district_id>/readiness/",
        admin_views.ReadinessView.as_view(),
        name="district_readiness",
    ),
    path("import/", admin_views.ImportView.as_view(), name="import_all"),
    path("imports/<int:pk>/", admin_views.ImportReportView.as_view(), name="import_report"),
    path("imports/<int:pk>/confirm/", admin_views.import_confirm, name="import_confirm"),
    path("imports/<int:pk>/undo/", admin_views.import_undo, name="import_undo"),
    path("import/<slug:kind>.csv", admin_views.import_template, name="import_template"),
    path("india/", admin_views.RegionDashboardView.as_view(), name="india_dashboard"),
    path(
        "states/<int:state_id>/", admin_views.RegionDashboardView.as_view(), name="state_dashboard"
    ),
    path(
        "states/<int:state_id>/charts/<slug:key>.csv",
        admin_views.region_chart_csv,
        name="region_chart_csv",
    ),
    path(
        "events/<int:page_id>/registrations/",
        admin_views.EventRegistrationsView.as_view(),
        name="event_registrations",
    ),
    path(
        "events/<int:page_id>/registrations.csv",
        admin_views.event_registrations_csv,
        name="event_registrations_csv",
    ),
    path(
        "plans/<int:page_id>/bottlenecks/",
        admin_views.BottleneckTrackerView.as_view(),
        name="bottlenecks",
    ),
]
