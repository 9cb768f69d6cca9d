"""Notices: the e-mails the application owes people. `outbox` writes, claims, delivers, retries and
sweeps them (it knows only the models); `kinds` says who is told what; `render` is how a notice reads;
`calendar` is the file an invitation carries. Services owe notices inside their transaction; the
delivery runs after the commit, in a Celery task or in-process."""
