"""Django's own admin strings whose Korean reads badly, translated again in the project's catalogue.

Django's Korean catalogue (django/contrib/admin/locale/ko) has broken entries: "보기위한 1%s 를(을) 선택" for a
changelist's title, "저장 및 다른 이름으로 추가" for "Save and add another", "%(filter_title)s (으)로" over each
filter, "아래 내용을 수정해야 합니다" ("you must correct the below") after a successful save, "뷰 %s", "독자는 …",
"또한" for "and" in history lines, and many 을/를 after a name. locale/ko/LC_MESSAGES/django.po comes first
(settings.LOCALE_PATHS), so an entry there with Django's msgid replaces Django's.

makemessages (run with --no-obsolete by the translation tool) keeps only the msgids it finds in our sources: so
each overridden msgid is written here, exactly as Django spells it, marked and never translated at import.
Nothing imports this module but the test that lists these strings (tests/test_django_strings.py). Where Django
uses one of these msgids with a context (it does not, today), pgettext_noop would take the same context.

The Korean is in the shared translation store (/work/tools/ko), like every other string of ours. Our own "Close"
(the workflow's move, 종결) has a context of its own (issues/workflow.py), so Django's "Close" is 닫기."""

from django.utils.translation import gettext_noop, ngettext_lazy

# Django's msgids, exactly, grouped by where an officer or official meets them.
ADMIN_STRINGS = (
    # The changelist, its title and its actions.
    gettext_noop("Select %s to view"),
    gettext_noop("Select %s to change"),
    gettext_noop("View %s"),
    gettext_noop("Action:"),
    gettext_noop("Run the selected action"),
    gettext_noop("Delete selected %(verbose_name_plural)s"),
    gettext_noop("Items must be selected in order to perform actions on them. No items have been changed."),
    gettext_noop("No action selected."),
    gettext_noop("0 of %(cnt)s selected"),
    gettext_noop("Select all %(total_count)s %(module_name)s"),
    gettext_noop("Click here to select the objects across all pages"),
    gettext_noop("Select this object for an action - {}"),
    gettext_noop("Select all objects on this page for an action"),
    gettext_noop("Toggle sorting"),
    gettext_noop("Sorting priority: %(priority_number)s"),
    gettext_noop("Remove from sorting"),
    # Filters.
    gettext_noop(" By %(filter_title)s "),
    gettext_noop("All"),
    gettext_noop("Any date"),
    gettext_noop("All dates"),
    gettext_noop("Past 7 days"),
    gettext_noop("This year"),
    # The change form: its buttons and what saving says.
    gettext_noop("Save and add another"),
    gettext_noop("Save and continue editing"),
    gettext_noop("Save as new"),
    gettext_noop("Save and view"),
    gettext_noop("Close"),
    gettext_noop("Add another %(verbose_name)s"),
    gettext_noop("The {name} “{obj}” was added successfully."),
    gettext_noop("The {name} “{obj}” was added successfully. You may add another {name} below."),
    gettext_noop("You may edit it again below."),
    gettext_noop("The {name} “{obj}” was changed successfully."),
    gettext_noop("The {name} “{obj}” was changed successfully. You may add another {name} below."),
    gettext_noop("The {name} “{obj}” was changed successfully. You may edit it again below."),
    gettext_noop("The %(name)s “%(obj)s” was deleted successfully."),
    gettext_noop("%(name)s with ID “%(key)s” doesn’t exist. Perhaps it was deleted?"),
    gettext_noop("You don’t have permission to view or edit anything."),
    # Deleting.
    gettext_noop("Delete multiple objects"),
    gettext_noop("Cannot delete %(name)s"),
    gettext_noop("Objects"),
    gettext_noop("Yes, I’m sure"),
    gettext_noop("No, take me back"),
    gettext_noop(
        "Are you sure you want to delete the %(object_name)s \"%(escaped_object)s\"? All of the following "
        "related items will be deleted:",
    ),
    gettext_noop(
        "Are you sure you want to delete the selected %(objects_name)s? All of the following objects "
        "and their related items will be deleted:",
    ),
    gettext_noop(
        "Deleting the %(object_name)s '%(escaped_object)s' would require deleting the following "
        "protected related objects:",
    ),
    gettext_noop(
        "Deleting the %(object_name)s '%(escaped_object)s' would result in deleting related objects, "
        "but your account doesn't have permission to delete the following types of objects:",
    ),
    gettext_noop(
        "Deleting the selected %(objects_name)s would require deleting the following protected related "
        "objects:",
    ),
    gettext_noop(
        "Deleting the selected %(objects_name)s would result in deleting related objects, but your "
        "account doesn't have permission to delete the following types of objects:",
    ),
    # The history page.
    gettext_noop("Change history: %s"),
    gettext_noop("Action"),
    gettext_noop("This object doesn’t have a change history. It probably wasn’t added via this admin site."),
    gettext_noop("Added {name} “{object}”."),
    gettext_noop("Changed {fields} for {name} “{object}”."),
    gettext_noop("Deleted {name} “{object}”."),
    gettext_noop("Changed {fields}."),
    gettext_noop("and"),
    gettext_noop("None available"),
    # Around every page.
    gettext_noop("Skip to main content"),
    gettext_noop("Start typing to filter…"),
    gettext_noop("Popup closing…"),
    # Deleted on the list (an action), not a plural entry in Django's catalogue.
    gettext_noop("Successfully deleted %(count)d %(items)s."),
)

# Django's plural entries: Korean has one form.
ADMIN_PLURALS = (
    ngettext_lazy(
        "%(count)s %(name)s was changed successfully.",
        "%(count)s %(name)s were changed successfully.",
        "count",
    ),
    ngettext_lazy("%(total_count)s selected", "All %(total_count)s selected", "count"),
    ngettext_lazy("Please correct the error below.", "Please correct the errors below.", "count"),
    # A form field's length (Django's core catalogue): "이 값이 최대 300 개의 글자인지 확인하세요(입력값 301 자)".
    ngettext_lazy("Ensure this value has at most %(limit_value)d character (it has %(show_value)d).",
                  "Ensure this value has at most %(limit_value)d characters (it has %(show_value)d).",
                  "limit_value"),
    ngettext_lazy("Ensure this value has at least %(limit_value)d character (it has %(show_value)d).",
                  "Ensure this value has at least %(limit_value)d characters (it has %(show_value)d).",
                  "limit_value"),
)
