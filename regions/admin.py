from django.contrib import admin

from regions.models import Cluster, District, OfficialPost, State


@admin.register(State)
class StateAdmin(admin.ModelAdmin):
    list_display = ["name", "iso_code", "kind"]
    search_fields = ["name", "iso_code"]


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ["name", "state", "lgd_code"]
    list_filter = ["state"]
    search_fields = ["name", "aliases"]
    list_select_related = ["state"]


admin.site.register(Cluster)
admin.site.register(OfficialPost)
