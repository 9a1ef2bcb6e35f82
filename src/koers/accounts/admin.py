from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from koers.accounts.models import Invitation, Membership, Role, User


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0


@admin.register(User)
class KoersUserAdmin(UserAdmin):
    inlines = [MembershipInline]
    fieldsets = (*UserAdmin.fieldsets, ("Koers", {"fields": ("email_notifications",)}))


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "swv", "role", "created_at", "expires_at", "accepted_at", "revoked_at"]
    list_filter = ["swv", "role"]
    search_fields = ["email"]
    exclude = ["token_hash"]
    readonly_fields = ["invited_by", "accepted_by", "accepted_at", "created_at", "sent_at"]

    def has_add_permission(self, request):
        return False  # an invitation needs a mailed token: made in Koers by a beheerder
