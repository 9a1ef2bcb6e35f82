from django.contrib import admin

from koers.audit.models import AccessLog, HistoryEntry


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(HistoryEntry)
class HistoryEntryAdmin(ReadOnlyAdmin):
    list_display = ["timestamp", "username", "action", "model", "object_repr", "ip_address"]
    list_filter = ["action", "model"]


@admin.register(AccessLog)
class AccessLogAdmin(ReadOnlyAdmin):
    list_display = ["timestamp", "username", "action", "subject"]
