"""Laws as things: the laws an issue cites, corrected on the issue page (CitationInline), and the pages of
laws (CitationAdmin): the list of the acts cited, and the page of one act with its articles and every issue
citing it, its 시행령 or its 시행규칙, by year. Both read only the issues the viewer may see
(selectors.visible_issues); the rows are written by issues/laws.py only."""

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .. import citations, laws
from ..models import Citation
from .records import VisibleIssuesMixin

FIELDS = ("law", "article", "article_sub", "paragraph", "item")
LAWS_PER_PAGE = 50
ISSUES_PER_PAGE = 100


def law_page_url(act_key: str) -> str:
    return reverse("admin:issues_citation_law", args=[act_key])


class CitationForm(forms.ModelForm):
    class Meta:
        model = Citation
        fields = FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["law"].error_messages["required"] = gettext("Write the law's name, e.g. 의료법 시행규칙.")
        for name in FIELDS[1:]:
            self.fields[name].widget.attrs.update(min="1", size="4")

    def clean_law(self):
        name = citations.normalise_law_name(self.cleaned_data["law"])
        if not name:  # only brackets or spaces typed
            raise ValidationError(self.fields["law"].error_messages["required"], code="required")
        return name  # the field refused a name over 200 characters already, saying how long it is

    def clean(self):
        cleaned = super().clean()
        for name in FIELDS[1:]:
            if cleaned.get(name) == 0:
                self.add_error(name, gettext("Numbers of articles, paragraphs and items start at 1."))
        if cleaned.get("article") is None and any(cleaned.get(name) is not None for name in FIELDS[2:]):
            self.add_error("article", gettext("Write the article the 의, 항 or 호 belongs to."))
        return cleaned


class CitationFormSet(forms.BaseInlineFormSet):
    """Saves through laws.correct_citations: the rows on the page become the issue's citations, all marked
    corrected, so that a later change of 관련 법령 keeps them."""

    user = None  # set by CitationInline.get_formset

    def save(self, commit=True):
        self.new_objects, self.changed_objects, self.deleted_objects = [], [], []
        if not self.has_changed():
            return []
        rows, added = [], []
        for form in self.forms:
            instance = form.instance
            if instance.pk is None and not form.has_changed():
                continue  # an empty row left blank
            if self.can_delete and self._should_delete_form(form):
                if instance.pk is not None:
                    self.deleted_objects.append(instance)
                continue
            row = {name: form.cleaned_data.get(name) for name in FIELDS}
            # The words it was read from, while the officer leaves the row as read.
            row["text"] = instance.text if instance.pk is not None and not form.has_changed() else ""
            if instance.pk is None:
                added.append(len(rows))
            elif form.has_changed():
                self.changed_objects.append((instance, form.changed_data))
            rows.append(row)
        made = laws.correct_citations(self.instance, rows, by=self.user)
        self.new_objects = [made[place] for place in added]
        return made


class CitationInline(admin.TabularInline):
    """The laws the issue cites, on the issue page: read from 관련 법령, corrected here by the roles that may
    change citations (roles.ROLES: officers); the others read them, with links to each law's page."""

    model = Citation
    form = CitationForm
    formset = CitationFormSet
    fields = [*FIELDS, "as_written", "links"]
    readonly_fields = ["as_written", "links"]
    extra = 0
    template = "admin/issues/issue/citations_inline.html"

    class Media:
        css = {"all": ["admin/laws.css"]}

    # Not on the page of a new issue: registering it reads its 관련 법령 (services.register_issue).
    def has_view_permission(self, request, obj=None):
        return obj is not None and super().has_view_permission(request, obj)

    def has_add_permission(self, request, obj=None):
        return obj is not None and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return obj is not None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return obj is not None and super().has_delete_permission(request, obj)

    def get_queryset(self, request):
        # Asked without the issue (so the permissions above say no): the formset keeps the issue's rows only.
        return Citation.objects.order_by("pk")

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        return type(formset.__name__, (formset,), {"user": request.user})

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        # As on the issue's own fields: no maxlength to cut a pasted name at, the form says it is too long.
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if field is not None:
            field.widget.attrs.pop("maxlength", None)
        return field

    @admin.display(description=_("as written"))
    def as_written(self, citation):
        if citation.pk is None:
            return ""
        return citation.text or (gettext("written by an officer") if citation.is_corrected else "")

    @admin.display(description=_("the law"))
    def links(self, citation):
        if citation.pk is None:
            return ""
        return format_html(
            '<a href="{}">{}</a><br><a href="{}" target="_blank" rel="noopener noreferrer">{}</a>',
            law_page_url(citation.act_key), gettext("Issues citing it"), citations.law_url(citation.law),
            gettext("National Law Information Center"))


@admin.register(Citation)
class CitationAdmin(VisibleIssuesMixin, admin.ModelAdmin):
    """The pages of laws. Its list is the list of the acts cited (not of citation rows), and a citation is
    never added, changed or deleted here: on the issue page only."""

    def get_urls(self):
        view = self.admin_site.admin_view
        return [path("law/<path:act_key>/", view(self.law_view), name="issues_citation_law"),
                *super().get_urls()]

    def _context(self, request, title, **context):
        return {**self.admin_site.each_context(request), "opts": self.model._meta, "title": title, **context}

    def changelist_view(self, request, extra_context=None):
        """The laws cited, by act: how many issues cite it (or its 시행령 and 시행규칙), open and closed, the
        latest year one was filed; most cited first, searchable, fifty a page."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        search = request.GET.get("q", "")[:200]
        page = Paginator(laws.cited_acts(request.user, search), LAWS_PER_PAGE).get_page(request.GET.get("p"))
        rows = [{**row, "name": laws.act_name(row["name"]), "open": row["issues"] - row["closed"],
                 "latest_year": timezone.localtime(row["latest"]).year if row["latest"] else None,
                 "page_url": law_page_url(row["act_key"]), "url": citations.law_url(laws.act_name(row["name"]))}
                for row in page.object_list]
        return TemplateResponse(request, "admin/issues/citation/laws.html", self._context(
            request, gettext("Laws cited"), page=page, rows=rows, search=search,
            page_range=page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)))

    def law_view(self, request, act_key):
        """The page of an act: its name and link to 국가법령정보센터, its laws' articles with how many issues cite
        each, and the issues citing it by year (the year filed), newest first, a hundred a page; ?law=&article=
        keeps those citing one article."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        summary = laws.cited_acts(request.user).filter(act_key=act_key).first()
        if summary is None:
            raise Http404  # not cited, or only by issues the viewer may not see: nothing says which
        name = laws.act_name(summary["name"])
        law_key = request.GET.get("law", "")
        article = request.GET.get("article", "")
        article = int(article) if article.isdigit() and len(article) < 6 else None
        issues = laws.act_issues(act_key, request.user, law_key=law_key, article=article)
        page = Paginator(issues, ISSUES_PER_PAGE).get_page(request.GET.get("p"))
        years = {}
        for issue in page.object_list:
            years.setdefault(laws.filed_year(issue), []).append(issue)
        act_laws = laws.act_laws(act_key, request.user)
        chosen = next((law for law in act_laws if law.law_key == law_key), None) if law_key else None
        return TemplateResponse(request, "admin/issues/citation/law.html", self._context(
            request, name, name=name, act_key=act_key, url=citations.law_url(name), summary=summary,
            open=summary["issues"] - summary["closed"], laws=act_laws, years=sorted(years.items(), reverse=True),
            page=page, chosen=chosen, article=article, laws_url=reverse("admin:issues_citation_changelist"),
            page_range=page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)))
