"""The site's date and time formats (settings.FORMAT_MODULE_PATH), one style for the workspace and the public
pages alike. Templates and code name a format (`|date:"DATETIME_FORMAT"`, formats.date_format(value,
"SHORT_DATE_FORMAT")) and never spell one out.

Korean, as Korean public documents write dates: 2026. 12. 2. and 2026. 12. 2. 오전 4:33 ("A" is 오전/오후 through
Django's own translation of "AM"/"PM"). English: 2 Dec 2026 and 2 Dec 2026, 4:33 AM. The short formats are the
long ones: a date reads the same in a list and on a page. Input formats stay Django's, with the written style
accepted too."""
