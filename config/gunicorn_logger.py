"""gunicorn's logger with status-link secrets taken out (config/redaction.py): the Procfile runs
`gunicorn --logger-class config.gunicorn_logger.Logger`.

Every atom of the access log format is cleaned, not only the default ones: the request line `%(r)s`,
`%(U)s`, `%(q)s`, the Referer `%(f)s`, and any header or environ atom (`%({referer}i)s`,
`%({location}o)s`, `%({raw_uri}e)s`) an operator may add. The error log ("Error handling request
/track/…") goes through the same filter as Django's log records."""

from gunicorn import glogging

from .redaction import RedactSecrets, redact


class Logger(glogging.Logger):
    def setup(self, cfg):
        super().setup(cfg)
        # On the loggers, not their handlers: logconfig_dict or syslog may replace the handlers.
        for log in (self.error_log, self.access_log):
            if not any(isinstance(existing, RedactSecrets) for existing in log.filters):
                log.addFilter(RedactSecrets())

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        return {key: redact(value) if isinstance(value, str) else value for key, value in atoms.items()}
