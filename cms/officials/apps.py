from django.apps import AppConfig


class OfficialsConfig(AppConfig):
    """District officials' tools: action plans, events, export data dashboards."""

    name = "cms.officials"
    label = "officials"
