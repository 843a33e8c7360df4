from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from accounts.models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = [
        *BaseUserAdmin.fieldsets,
        (_("Modération"), {"fields": ["blocked_at", "blocked_reason"]}),
    ]
    list_display = [*BaseUserAdmin.list_display, "is_active", "blocked_at"]
    list_filter = [*BaseUserAdmin.list_filter, "groups"]
