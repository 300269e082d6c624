"""Structured logs: one JSON object a line, with the request id and the user id, and the 500 mail.

Only chosen fields are written (never the request object, its body, headers or cookies), and the
message and traceback are scrubbed of anything that looks like a password, token or cookie value.
Evidence files are never logged: no code logs their contents, and the request body is not a field.
"""

import datetime as dt
import json
import logging
import re

from django.utils.log import AdminEmailHandler as DjangoAdminEmailHandler

from zhenggai.ops.requestid import current_request, user_id_of

FIELDS = ("method", "route", "path", "status", "duration_ms")
_SECRET = re.compile(
    r"(?i)\b(password|passwd|pwd|secret|token|api[_-]?key|authorization|cookie|sessionid|csrftoken|csrfmiddlewaretoken)"
    r"(\W{0,3}?[:=]\s*|\s+)(\"[^\"]*\"|'[^']*'|[^\s&,;]+)"
)
_BEARER = re.compile(r"(?i)\b(bearer|token)\s+[A-Za-z0-9._~+/=-]{8,}")


def scrub(text: str) -> str:
    text = _BEARER.sub(r"\1 ***", text)
    return _SECRET.sub(r"\1\2***", text)


class RequestContextFilter(logging.Filter):
    """Adds request_id and user_id to every record logged while a request is being answered."""

    def filter(self, record: logging.LogRecord) -> bool:
        request = current_request.get()
        if request is not None:
            record.request_id = getattr(request, "request_id", None)
            record.user_id = user_id_of(request)
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        data = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": scrub(record.getMessage()),
            "request_id": getattr(record, "request_id", None),
            "user_id": getattr(record, "user_id", None),
        }
        for field in FIELDS:
            if hasattr(record, field):
                data[field] = getattr(record, field)
        if record.exc_info:
            data["exception"] = scrub(self.formatException(record.exc_info))
        return json.dumps(data, ensure_ascii=False, default=str)


class AdminEmailHandler(DjangoAdminEmailHandler):
    """Django's 500 mail to ADMINS, with the request id in the subject and at the top of the body,
    so the mail and the log lines of the same request can be found from each other."""

    def send_mail(self, subject, message, *args, **kwargs):
        request = current_request.get()
        request_id = getattr(request, "request_id", None)
        if request_id:
            subject = f"[{request_id}] {subject}"
            message = f"请求编号(X-Request-ID):{request_id}\n\n{message}"
        super().send_mail(subject, message, *args, **kwargs)
