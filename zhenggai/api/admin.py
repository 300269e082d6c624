"""Tokens in the admin: staff can see and revoke them; secrets are never shown (they are not stored)."""

from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhenggai.api.models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "prefix", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["revoked_at"]
    search_fields = ["name", "prefix", "user__username"]
    readonly_fields = ["user", "name", "prefix", "created_at", "last_used_at", "revoked_at"]
    exclude = ["key_hash"]
    actions = ["revoke"]

    def has_add_permission(self, request, obj=None):
        return False

    @admin.action(description=_("撤销所选令牌"))
    def revoke(self, request, queryset):
        queryset.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
