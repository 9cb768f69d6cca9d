from django.contrib import admin

from .models import Attendee, Meeting


class AttendeeInline(admin.TabularInline):
    model = Attendee
    extra = 0
    autocomplete_fields = ["company", "organization", "contact", "user"]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "starts_at", "venue", "host_department"]
    list_filter = ["kind", "fields"]
    date_hierarchy = "starts_at"
    search_fields = ["title", "venue", "address"]
    filter_horizontal = ["fields"]
    inlines = [AttendeeInline]
