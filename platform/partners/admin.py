from django.contrib import admin

from partners.models import ApiKey


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    list_display = ["name", "company", "scope", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["scope", "company"]
    readonly_fields = ["prefix", "secret_hash", "created_by", "created_at", "last_used_at"]
