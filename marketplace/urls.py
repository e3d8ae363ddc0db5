from django.urls import include, path

from . import mailbox_views, views

app_name = "marketplace"
urlpatterns: list = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/inbox/", views.inbox, name="inbox"),
    # The seller's profile and team pages live in sellers, under `marketplace:` names.
    path("", include("sellers.urls")),
    path("enquiries/new/", views.enquiry_new, name="enquiry_new"),
    path("enquiries/<int:pk>/", views.enquiry_detail, name="enquiry_detail"),
    path("enquiries/<int:pk>/close/", views.enquiry_close, name="enquiry_close"),
    path("enquiries/<int:pk>/quote/", views.quote_edit, name="quote_edit"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment"),
    path("quotes/<int:pk>/accept/", views.quote_accept, name="quote_accept"),
    path("quotes/<int:pk>/decline/", views.quote_decline, name="quote_decline"),
    path("quotes/<int:pk>/sample/", views.sample_order, name="sample_order"),
    path("rfq/new/", views.rfq_new, name="rfq_new"),
    path("rfq/<int:pk>/", views.rfq_detail, name="rfq_detail"),
    path("orders/<str:number>/", views.order_detail, name="order_detail"),
    path("orders/<str:number>/status/", views.order_status, name="order_status"),
    path("orders/<str:number>/documents/", views.order_documents, name="order_documents"),
    path("orders/<str:number>/documents/<int:pk>/", views.order_document, name="order_document"),
    path("demo/mailbox/", mailbox_views.demo_mailbox, name="demo_mailbox"),
    path("", include("marketplace.payments.urls")),
    path("", include("marketplace.documents.urls")),
    path("", include("marketplace.reviews.urls")),
]
