from django.apps import AppConfig


class OfficialsConfig(AppConfig):
    """District officials' tools: action plans, events, export data dashboards."""

    name = "cms.officials"
    label = "officials"

    def ready(self):
        from cms.officials.tasks import export_figures_imported
        from regions.signals import export_figures_imported as imported

        # Draw the dashboards' charts in the background once an import has committed.
        imported.connect(export_figures_imported, dispatch_uid="officials-draw-charts")
