from django.apps import AppConfig


class CmsConfig(AppConfig):
    name = "cms"

    def ready(self):
        # Connects the copy-for-translation signal (translated storefronts keep their rights).
        from cms import i18n  # noqa: F401

        _iso_dates_in_the_admin()
        district_choices_with_states()


def _iso_dates_in_the_admin():
    """Every date field of a Wagtail edit form (events, action plans, articles) shows the
    "YYYY-MM-DD" hint and parses ISO dates, as the public forms do (issue 21). Wagtail's own
    override only sets the picker widget; registering again for the same class replaces it,
    so the widget is repeated here."""
    from django.db import models
    from wagtail.admin import widgets
    from wagtail.admin.forms.models import register_form_field_override

    from core.dates import IsoDateField, IsoDateTimeField

    register_form_field_override(
        models.DateField, override={"widget": widgets.AdminDateInput, "form_class": IsoDateField}
    )
    register_form_field_override(
        models.DateTimeField,
        override={"widget": widgets.AdminDateTimeInput, "form_class": IsoDateTimeField},
    )


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
