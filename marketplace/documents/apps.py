from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    """Trade documents the site generates: proforma invoice, commercial invoice, packing list."""

    name = "marketplace.documents"
    label = "documents"
