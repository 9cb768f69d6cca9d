"""The public pages: filing an issue and its receipt, the private status page (messages, withdrawal, the
filer's data), finding a lost link (`views`, `forms`, `urls`); the checks of attached files (`uploads`)
and the per-client limits of the public forms (`ratelimit`). The staff download of an attachment is here
too: the files filers attach come in through `uploads` and go out, to staff, through `views`."""
