from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from discussions.models import Message, Thread


@admin.register(Thread)
class ThreadAdmin(admin.ModelAdmin):
    """Read only, like messages: locking is journalled on the site."""

    list_display = ["title", "author", "message_count", "last_posted_at", "locked_at"]
    list_select_related = ["author"]
    search_fields = ["title"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Message)
class MessageAdmin(SimpleHistoryAdmin):
    list_display = ["thread", "number", "author", "created_at", "hidden_at"]
    list_select_related = ["thread", "author"]
    search_fields = ["body"]

    # Messages are written, edited and hidden on the site, where they are rendered and
    # sanitised and where hiding is journalled: here they are only read.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
