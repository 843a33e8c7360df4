from django.contrib import admin

from review.models import ChangeRequest, ModerationAction


@admin.register(ChangeRequest)
class ChangeRequestAdmin(admin.ModelAdmin):
    """Proposals are decided on the site, where the diff and the checks are."""

    list_display = ["id", "title", "author", "state", "created_at", "decided_by"]
    list_filter = ["state", "content_type"]
    list_select_related = ["author", "decided_by", "content_type"]
    search_fields = ["summary", "author__username"]
    readonly_fields = [field.name for field in ChangeRequest._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ModerationAction)
class ModerationActionAdmin(admin.ModelAdmin):
    """The audit log is append-only, here as on the site."""

    list_display = ["created_at", "actor", "kind", "target_label", "reason"]
    list_filter = ["kind"]
    list_select_related = ["actor"]
    search_fields = ["target_label", "reason", "actor__username"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
