"""The API reads JSON only, and refuses text PostgreSQL cannot store before a view sees it."""

import json
from itertools import islice

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework import exceptions, parsers

from guanjia.textcheck import unstorable_text_paths


class RequestTooLarge(exceptions.APIException):
    status_code = 413
    default_code = "request_too_large"

    def __init__(self):
        limit_kib = settings.DATA_UPLOAD_MAX_MEMORY_SIZE // 1024
        super().__init__(_("The request body is larger than %(limit)s KiB.") % {"limit": limit_kib})


class JSONParser(parsers.JSONParser):
    """JSON bodies, with a translated message for every way a body can be unreadable.

    A NUL character or a lone surrogate is valid JSON but cannot be stored in PostgreSQL
    text, and a body nested thousands of levels deep exhausts Python's recursion limit:
    all three are the caller's mistake, so they are a 400 that names the place, never a 500.
    """

    def parse(self, stream, media_type=None, parser_context=None):
        raw = self._read(stream)
        try:
            data = json.loads(raw.decode("utf-8"))
        except UnicodeDecodeError as error:
            raise exceptions.ParseError(_("The request body is not UTF-8 text.")) from error
        except RecursionError as error:
            raise exceptions.ParseError(_("The request body is nested too deeply.")) from error
        except ValueError as error:
            raise exceptions.ParseError(
                _("The request body is not valid JSON (line %(line)s, column %(column)s).")
                % {"line": getattr(error, "lineno", 1), "column": getattr(error, "colno", 1)}
            ) from error
        bad = list(islice(unstorable_text_paths(data), 5))
        if bad:
            raise exceptions.ValidationError(
                {
                    path or "body": [_("Text may not contain a NUL character or a lone surrogate.")]
                    for path in bad
                }  # fmt: skip
            )
        return data

    @staticmethod
    def _read(stream) -> bytes:
        if stream is None:
            return b""
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        raw = stream.read(limit + 1) if limit is not None else stream.read()
        if limit is not None and len(raw) > limit:
            raise RequestTooLarge()
        return raw
