"""The issue records other than the issue itself: history, notes, attachments, the notice outbox,
agenda items (meetings: meetings.py). History and notices are read-only: they are written by services."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .. import roles, selectors
from ..models import AgendaItem, Attachment, Note, Notice, StatusChange, TrackingCounter
from ..notices import outbox


class ReadOnlyMixin:
    """Rows that services write and nobody adds, edits or deletes in the admin."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class VisibleIssuesMixin(ReadOnlyMixin):
    """Records of issues the user may see (selectors.visible_issues), read-only: services write them."""

    def get_queryset(self, request):
        return selectors.of_visible_issues(request.user, super().get_queryset(request))


@admin.register(StatusChange)
class StatusChangeAdmin(VisibleIssuesMixin, admin.ModelAdmin):
    list_display = ["issue", "from_state", "to_state", "by", "at"]
    list_filter = ["to_state"]
    list_select_related = ["issue", "by"]

    def get_exclude(self, request, obj=None):
        # The move's internal note, to roles that read history notes and to the one who wrote it.
        if roles.may_see(request.user, roles.HISTORY_NOTES) or (obj is not None and obj.by_id == request.user.pk):
            return super().get_exclude(request, obj)
        return [*(super().get_exclude(request, obj) or ()), "note"]


@admin.register(Note)
class NoteAdmin(VisibleIssuesMixin, admin.ModelAdmin):
    """Notes are written on the issue page (services.add_note tells the filer of public ones)."""

    list_display = ["issue", "author", "is_public", "is_from_filer", "created_at"]
    list_filter = ["is_public", "is_from_filer"]
    list_select_related = ["issue", "author"]
    search_fields = ["body", "issue__number"]

    def get_queryset(self, request):
        return selectors.visible_notes(request.user, super().get_queryset(request))


@admin.register(Attachment)
class AttachmentAdmin(VisibleIssuesMixin, admin.ModelAdmin):
    list_display = ["original_name", "issue", "content_type", "size", "created_at", "download"]
    list_select_related = ["issue"]
    fields = ["issue", "note", "original_name", "content_type", "size", "uploaded_by", "created_at", "download"]
    readonly_fields = fields

    def get_queryset(self, request):
        return selectors.visible_attachments(request.user, super().get_queryset(request))

    @admin.display(description=_("download"))
    def download(self, attachment):
        return format_html('<a href="{}">{}</a>', reverse("issues-attachment", args=[attachment.pk]),
                           gettext("Download"))


@admin.register(Notice)
class NoticeAdmin(admin.ModelAdmin):
    """The outbox: what was owed to whom, and what failed (with a retry action)."""

    list_display = ["kind", "recipient", "issue", "status", "attempts", "created_at", "sent_at", "last_error_short"]
    list_filter = ["status", "kind"]
    list_select_related = ["issue"]
    search_fields = ["recipient", "issue__number", "key"]
    # The details without the sealed link an owed receipt carries (issues/links.py): nothing for the screen.
    readonly_fields = [f.name if f.name != "context" else "details" for f in Notice._meta.fields]
    actions = ["retry"]

    @admin.display(description=_("details"))
    def details(self, notice):
        return outbox.forget_links(notice.context) or "—"

    def get_queryset(self, request):
        return selectors.visible_notices(request.user, super().get_queryset(request))

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("last error"))
    def last_error_short(self, notice):
        return notice.last_error[:80]

    @admin.action(description=_("Send the failed notices again"), permissions=["change"])
    def retry(self, request, queryset):
        count = outbox.retry(queryset.values_list("pk", flat=True))
        self.message_user(request, gettext("%(count)d failed notices are owed again.") % {"count": count})


@admin.register(TrackingCounter)
class TrackingCounterAdmin(admin.ModelAdmin):
    """Read only, even for superusers: services.allocate_number alone writes the counters, and a counter
    deleted or added by hand would hand out a number taken already (every filing would fail)."""

    list_display = ["year", "last"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AgendaItem)
class AgendaItemAdmin(admin.ModelAdmin):
    list_display = ["meeting", "position", "issue", "conclusion", "applied_at"]
    list_select_related = ["meeting", "issue"]
    autocomplete_fields = ["issue"]

    def get_queryset(self, request):
        return selectors.of_visible_issues(request.user, super().get_queryset(request))

