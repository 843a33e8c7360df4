from django.contrib import admin

from cities.models import City, Department, Region


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["name", "code"]


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "region"]
    list_filter = ["region"]
    list_select_related = ["region"]
    search_fields = ["name", "code"]


@admin.register(City)
class CityAdmin(admin.ModelAdmin):
    list_display = ["name", "insee_code", "department", "population", "kind"]
    list_filter = ["kind", "department__region"]
    list_select_related = ["department"]
    search_fields = ["name", "insee_code", "postal_codes"]
    raw_id_fields = ["parent"]
    readonly_fields = ["search_name"]
