from django.contrib import admin

from regulators.models import Regulator


@admin.register(Regulator)
class RegulatorAdmin(admin.ModelAdmin):
    list_display = ["name"]
    search_fields = ["name"]
