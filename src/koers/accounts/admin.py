from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from koers.accounts.models import Membership, Role, User


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
