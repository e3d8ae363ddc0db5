"""Signals of the regions app, for the layers above it (which regions must not import)."""

from django.dispatch import Signal

# Sent after an export-figures import has committed, with `district_ids`: the districts whose
# figures changed (their states' and India's rollups changed with them). The officials'
# dashboards listen to draw their charts before anyone opens them.
export_figures_imported = Signal()
