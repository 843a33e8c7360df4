from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from sources.models import Document, Source


@admin.register(Source)
class SourceAdmin(SimpleHistoryAdmin):
    list_display = ["key", "title", "kind", "publisher", "published"]
    list_filter = ["kind", "language"]
    search_fields = ["key", "title", "publisher"]
    raw_id_fields = ["document"]

    def has_delete_permission(self, request, obj=None):
        return False  # dossiers cite sources: they are corrected, never deleted


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ["sha256", "original_name", "page_count", "size", "uploaded_at"]
    readonly_fields = ["sha256", "size", "page_count", "original_name", "uploaded_by"]
    exclude = ["search_text"]

    def has_add_permission(self, request):
        return False  # documents arrive through the source form, which checks them

    def has_delete_permission(self, request, obj=None):
        return False
