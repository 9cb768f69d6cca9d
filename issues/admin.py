"""A plain admin for every issue model. The state is never a form field: it changes only through
services.move_issue (see workflow.py)."""

from django.contrib import admin

from meetings.admin import MeetingAdmin as BaseMeetingAdmin
from meetings.models import Meeting

from .models import AgendaItem, Attachment, Issue, Note, Notice, StatusChange, TrackingCounter


class StatusChangeInline(admin.TabularInline):
    model = StatusChange
    extra = 0
    can_delete = False
    fields = ["at", "from_state", "to_state", "resolution", "by", "by_filer", "note", "public_note", "meeting"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


class NoteInline(admin.StackedInline):
    model = Note
    extra = 0
    fields = ["body", "is_public", "author", "is_from_filer", "created_at"]
    readonly_fields = ["author", "is_from_filer", "created_at"]


class AttachmentInline(admin.TabularInline):
    model = Attachment
    extra = 0
    fields = ["original_name", "content_type", "size", "created_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0
    autocomplete_fields = ["issue"]
    fields = ["position", "issue", "conclusion", "conclusion_note", "applied_at"]
    readonly_fields = ["applied_at"]


@admin.register(Issue)
class IssueAdmin(admin.ModelAdmin):
    list_display = ["number", "title", "company", "field", "ministry", "state", "assignee", "filed_at"]
    list_filter = ["state", "field", "ministry", "source"]
    list_select_related = ["company", "field", "ministry", "assignee"]
    search_fields = ["number", "title", "company__name", "company__business_number", "related_law"]
    autocomplete_fields = ["company", "contact", "ministry", "assignee"]
    readonly_fields = [
        "number", "state", "state_changed_at", "resolution", "duplicate_of", "proposed_on",
        "government_answer", "closed_at", "privacy_consent_version", "privacy_consented_at",
    ]
    inlines = [StatusChangeInline, NoteInline, AttachmentInline]
    actions = None  # deleting or changing state in bulk must go through services

    def save_model(self, request, obj, form, change):
        if not change:
            from django.utils import timezone

            from .services import allocate_number

            obj.number = allocate_number(timezone.localdate(obj.filed_at).year)
            obj.source = obj.source or Issue.Source.OFFICER
        super().save_model(request, obj, form, change)


@admin.register(StatusChange)
class StatusChangeAdmin(admin.ModelAdmin):
    list_display = ["issue", "from_state", "to_state", "by", "at"]
    list_filter = ["to_state"]
    list_select_related = ["issue", "by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Note)
class NoteAdmin(admin.ModelAdmin):
    list_display = ["issue", "author", "is_public", "is_from_filer", "created_at"]
    list_filter = ["is_public", "is_from_filer"]
    list_select_related = ["issue", "author"]


@admin.register(Attachment)
class AttachmentAdmin(admin.ModelAdmin):
    list_display = ["original_name", "issue", "content_type", "size", "created_at"]
    list_select_related = ["issue"]
    readonly_fields = ["issue", "note", "file", "original_name", "content_type", "size", "uploaded_by", "created_at"]


@admin.register(Notice)
class NoticeAdmin(admin.ModelAdmin):
    list_display = ["kind", "recipient", "issue", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["status", "kind"]
    list_select_related = ["issue"]
    readonly_fields = [f.name for f in Notice._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(TrackingCounter)
class TrackingCounterAdmin(admin.ModelAdmin):
    list_display = ["year", "last"]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(AgendaItem)
class AgendaItemAdmin(admin.ModelAdmin):
    list_display = ["meeting", "position", "issue", "conclusion", "applied_at"]
    list_select_related = ["meeting", "issue"]
    autocomplete_fields = ["issue"]


admin.site.unregister(Meeting)


@admin.register(Meeting)
class MeetingAdmin(BaseMeetingAdmin):
    """The meeting page with its agenda, which lives here because meetings know nothing of issues."""

    inlines = [*BaseMeetingAdmin.inlines, AgendaItemInline]
