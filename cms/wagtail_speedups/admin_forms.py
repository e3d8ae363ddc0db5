"""The storefront editor's district select, built with one query (called from cms/apps.py)."""

from __future__ import annotations


def district_choices_with_states():
    """A district's label names its state ("Varanasi, Uttar Pradesh"): without the join, the
    storefront editor's district select asked one query per district for its state (1,562 of
    the editor's 1,609 queries on the demo's 781 districts, issue 21; bench/admin_speed.py
    measures it with and without)."""
    from django.db import models
    from wagtail.admin.forms.models import register_form_field_override

    from regions.models import District

    queryset = District.objects.select_related("state")
    register_form_field_override(models.ForeignKey, to=District, override={"queryset": queryset})
