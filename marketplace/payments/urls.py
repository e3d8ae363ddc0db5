from django.urls import path

from . import views

app_name = "payments"
urlpatterns: list = [
    path("orders/<str:number>/pay/", views.pay, name="pay"),
    path("orders/<str:number>/payment/success/", views.success, name="success"),
    path("orders/<str:number>/payment/cancelled/", views.cancelled, name="cancelled"),
    path("orders/<str:number>/receipts/new/", views.receipt_new, name="receipt_new"),
    path(
        "orders/<str:number>/receipts/<int:pk>/document/",
        views.receipt_document,
        name="receipt_document",
    ),
    path("orders/<str:number>/terms/", views.terms_change, name="terms_change"),
    path("orders/<str:number>/proforma/", views.proforma, name="proforma"),
    path("dashboard/bank-details/", views.bank_details, name="bank_details"),
    path("dashboard/payouts/", views.payouts, name="payouts"),
    path("dashboard/payouts/return/", views.payouts_return, name="payouts_return"),
    path("dashboard/payouts/refresh/", views.payouts_refresh, name="payouts_refresh"),
]
