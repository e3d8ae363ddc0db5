from django.urls import include, path

from . import views

app_name = "marketplace"
urlpatterns: list = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("enquiries/new/", views.enquiry_new, name="enquiry_new"),
    path("enquiries/<int:pk>/", views.enquiry_detail, name="enquiry_detail"),
    path("rfq/<int:pk>/", views.rfq_detail, name="rfq_detail"),
    path("orders/<str:number>/", views.order_detail, name="order_detail"),
    path("", include("marketplace.payments.urls")),
]
