from django.urls import path

from . import views

app_name = "documents"
urlpatterns: list = [
    path("quotes/<int:pk>/proforma.pdf", views.proforma, name="proforma"),
    path(
        "orders/<str:number>/shipping-documents/",
        views.shipping_documents,
        name="shipping_documents",
    ),
    path("trade-documents/<int:pk>/", views.document_download, name="download"),
    path("trade-documents/<int:pk>/language/", views.document_language, name="language"),
]
