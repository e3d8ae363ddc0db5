from django.urls import path

from catalogue import dashboard_views, review_views, views, views_currency

app_name = "catalogue"
urlpatterns = [
    path("currency/", views_currency.set_currency, name="set_currency"),
    path("products/<slug:slug>/", views.product_detail, name="product_detail"),
    path("sellers/", views.seller_list, name="seller_list"),
    path("sellers/<slug:slug>/", views.seller_detail, name="seller_detail"),
    path("gi/", views.gi_list, name="gi_list"),
    path("gi/<slug:slug>/", views.gi_detail, name="gi_detail"),
    # Seller dashboard: listings (the /dashboard/ landing page belongs to marketplace, the
    # business profile and team pages to sellers)
    path("dashboard/listings/", dashboard_views.listings, name="dashboard_listings"),
    path("dashboard/listings/new/", dashboard_views.listing_edit, name="dashboard_listing_create"),
    path(
        "dashboard/listings/<int:pk>/edit/",
        dashboard_views.listing_edit,
        name="dashboard_listing_edit",
    ),
    path(
        "dashboard/listings/<int:pk>/translations/",
        dashboard_views.listing_translation,
        name="dashboard_listing_translation",
    ),
    path(
        "dashboard/listings/<int:pk>/withdraw/",
        dashboard_views.listing_withdraw,
        name="dashboard_listing_withdraw",
    ),
    path(
        "dashboard/listings/<int:pk>/submit/",
        dashboard_views.listing_submit,
        name="dashboard_listing_submit",
    ),
    path("dashboard/listings/import/", dashboard_views.listing_import, name="dashboard_import"),
    path(
        "dashboard/listings/import/<int:pk>/",
        dashboard_views.listing_import_job,
        name="dashboard_import_job",
    ),
    # District officials
    path("dashboard/review/", review_views.review_queue, name="review_queue"),
    path(
        "dashboard/review/listings/<int:pk>/",
        review_views.review_product,
        name="review_product",
    ),
    path(
        "dashboard/review/listings/<int:pk>/preview/",
        review_views.review_product_preview,
        name="review_product_preview",
    ),
    path("dashboard/review/sellers/<int:pk>/", review_views.review_seller, name="review_seller"),
    path(
        "dashboard/review/sellers/<int:pk>/preview/",
        review_views.review_seller_preview,
        name="review_seller_preview",
    ),
    path(
        "dashboard/review/documents/<int:pk>/",
        review_views.review_document,
        name="review_document",
    ),
]
