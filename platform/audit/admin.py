from django.contrib import admin

from audit.models import PlatformLogEntry


@admin.register(PlatformLogEntry)
class PlatformLogEntryAdmin(admin.ModelAdmin):
    """The platform log for platform admins: a list to read, never to edit."""

    list_display = ["at", "actor_label", "action", "object_type", "object_label", "company_id"]
    list_filter = ["action", "actor_kind", "object_type"]
    search_fields = ["actor_label", "object_label"]
    date_hierarchy = "at"
    readonly_fields = [field.name for field in PlatformLogEntry._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
