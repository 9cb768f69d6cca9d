"""On-site meetings (간담회, 세미나, 포럼, 토론회) where issues are discussed with companies and experts.

The agenda (which issues, in which order, with what conclusion) lives in the issues app, because
meetings know nothing of issues: dependencies point issues → meetings → companies."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from companies.models import Company, Contact, Field, Organization


class Meeting(models.Model):
    class Kind(models.TextChoices):
        ROUNDTABLE = "roundtable", _("Roundtable (간담회)")
        SEMINAR = "seminar", _("Seminar (세미나)")
        FORUM = "forum", _("Forum (포럼)")
        DEBATE = "debate", _("Debate (토론회)")

    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.ROUNDTABLE)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    host_department = models.CharField(_("host department"), max_length=200, blank=True)
    fields = models.ManyToManyField(Field, verbose_name=_("fields"), blank=True, related_name="meetings")
    minutes = models.TextField(_("minutes"), blank=True)
    next_steps = models.TextField(
        _("next steps"), blank=True,
        help_text=_("What follows the meeting beyond each issue's conclusion (the next meeting, what the companies "
                    "send): the result report's last section."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def __str__(self):
        # The day in Seoul (TIME_ZONE): a meeting at 08:00 is on that day, not on the UTC day before.
        # ISO, as the meeting's name also goes into spreadsheet cells (the export's 논의 간담회).
        return f"{self.title} ({timezone.localtime(self.starts_at):%Y-%m-%d})"


class Attendee(models.Model):
    """Someone at the table: a company's representative, an association, an expert or city staff."""

    class Role(models.TextChoices):
        COMPANY = "company", _("Company")
        ORGANIZATION = "organization", _("Organization")
        EXPERT = "expert", _("Expert")
        CITY_STAFF = "city_staff", _("City staff")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="attendees"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    company = models.ForeignKey(
        Company, verbose_name=_("company"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    contact = models.ForeignKey(
        Contact, verbose_name=_("contact person"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    organization = models.ForeignKey(
        Organization, verbose_name=_("organization"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    name = models.CharField(_("name"), max_length=100, blank=True)
    position = models.CharField(_("position"), max_length=100, blank=True)

    class Meta:
        ordering = ["meeting", "role", "id"]
        verbose_name = _("attendee")
        verbose_name_plural = _("attendees")

    def __str__(self):
        who = self.name or self.company or self.organization or self.user or "?"
        return f"{who} ({self.get_role_display()})"

    def clean(self):
        """A contact person speaks for their own company: a contact of another company than the row's is
        refused, and a row with a contact but no company takes the contact's company."""
        super().clean()
        if self.contact_id is None:
            return
        contact = self.contact
        if self.company_id is None:
            self.company_id = contact.company_id
        elif contact.company_id != self.company_id:
            raise ValidationError({"contact": _(
                "%(contact)s is a contact person of %(other)s, not of %(company)s: choose one of "
                "%(company)s's contact people, or change the company."
            ) % {"contact": contact.name, "other": contact.company.name, "company": self.company.name}})
