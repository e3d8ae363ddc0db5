from django.apps import AppConfig

from cms.wagtail_speedups.admin_forms import district_choices_with_states
from cms.wagtail_speedups.image_filters import keep_parsed_filters


class CmsConfig(AppConfig):
    name = "cms"

    def ready(self):
        # Connects the copy-for-translation signal (translated storefronts keep their rights).
        from cms import i18n  # noqa: F401

        _iso_dates_in_the_admin()
        district_choices_with_states()
        keep_parsed_filters()


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
