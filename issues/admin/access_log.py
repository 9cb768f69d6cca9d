"""The access log (issues/privacy/access_log.py writes it): superusers read it, nobody edits or deletes it here."""

from django.contrib import admin
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ..models import AccessLog
from .records import ReadOnlyMixin


@admin.register(AccessLog)
class AccessLogAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["at", "kind", "user", "issue", "what", "ip_address"]
    list_filter = ["kind", ("user", admin.RelatedOnlyFieldListFilter), ("at", admin.DateFieldListFilter)]
    list_select_related = ["user", "issue", "export"]
    search_fields = ["issue__number", "user__username", "ip_address"]
    date_hierarchy = "at"
    fields = ["at", "kind", "user", "ip_address", "issue", "export", "what"]
    readonly_fields = fields
    show_full_result_count = False

    # Who may read the log: superusers, who audit the staff (officers included).
    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    @admin.display(description=_("what"))
    def what(self, entry):
        """The detail in one line, e.g. "XLSX · 12 rows · state=proposal" or "attachment #7 · size=5120"."""
        detail = dict(entry.detail)
        parts = []
        for key, label in (("attachment", gettext("attachment #%(id)s")), ("meeting", gettext("meeting #%(id)s"))):
            if key in detail:
                parts.append(label % {"id": detail.pop(key)})
        if "format" in detail:
            parts.append(str(detail.pop("format")).upper())
        if "rows" in detail:
            # A streamed CSV's export row has the count of the rows really sent.
            rows = detail.pop("rows") if entry.export is None else entry.export.row_count
            parts.append(gettext("%(count)s rows") % {"count": rows})
        filters = detail.pop("filters", None) or {}
        parts.extend(f"{key}={value}" for key, value in {**filters, **detail}.items())
        return " · ".join(parts)
