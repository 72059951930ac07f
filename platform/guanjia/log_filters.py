"""Logging filters: expected refusals are one line in the log, real errors keep their traceback."""

import logging


class RefusalsWithoutTraceback(logging.Filter):
    """Drop the traceback of a record about a 4xx response (403, 404, 400…); keep the record.

    Django logs PermissionDenied, Http404 and SuspiciousOperation with the exception that
    raised them, so every refused or mistyped address would fill the log with a traceback
    that says nothing new: the line already names the status and the path. 5xx responses
    and everything else pass unchanged.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if isinstance(status, int) and 400 <= status < 500:
            record.exc_info = None
            record.exc_text = None
        return True
