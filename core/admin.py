"""Django admin (/django-admin/) for staff: exchange rates stay editable by hand."""

from django.contrib import admin

from .models import ExchangeRate


@admin.register(ExchangeRate)
class ExchangeRateAdmin(admin.ModelAdmin):
    list_display = ("currency", "rate_date", "units_per_inr", "source", "updated_at")
    list_filter = ("currency",)
    search_fields = ("currency", "source")
    date_hierarchy = "rate_date"
    ordering = ("currency", "-rate_date")
