from django.contrib import admin

from zhenggai.supervision.models import (
    Notification,
    NotificationPreference,
    ReminderLog,
    ReminderRun,
    SupervisionNotice,
    WebhookEndpoint,
)


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(admin.ModelAdmin):
    list_display = ("__str__", "unit", "kind", "enabled")
    list_filter = ("kind", "enabled")
    raw_id_fields = ("unit",)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ReminderRun)
class ReminderRunAdmin(ReadOnlyAdmin):
    list_display = ("ran_on", "started_at", "finished_at")


@admin.register(ReminderLog)
class ReminderLogAdmin(ReadOnlyAdmin):
    list_display = ("sent_on", "kind", "item_key", "recipient", "endpoint")
    list_filter = ("kind", "sent_on")


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ("title", "user", "created_at", "read_at", "email_status")
    list_filter = ("kind", "email_status")


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = ("user", "digest", "updated_at")
    list_filter = ("digest",)
    raw_id_fields = ("user",)


@admin.register(SupervisionNotice)
class SupervisionNoticeAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "issued_on", "answer_due", "answered_on")
    list_select_related = ("problem",)
