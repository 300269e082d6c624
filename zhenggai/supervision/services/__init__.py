"""Supervision writes: the daily reminder run, notifications, 督办 issue and answer, webhooks."""

from zhenggai.supervision.services.issued_notices import (  # noqa: F401
    ANSWER_FIELDS,
    NOTICE_FIELDS,
    _notify,
    notice_answer,
    notice_answerers,
    notice_issue,
    notice_url,
)
from zhenggai.supervision.services.notifications import (  # noqa: F401
    notification_mark_read,
    notification_preference_set,
    notifications_mark_all_read,
    webhook_endpoint_create,
)
from zhenggai.supervision.services.reminders import (  # noqa: F401
    _COMMITTEE_ROBOT,
    _OFFICE_ROBOT,
    _OVERDUE_FAMILY,
    _UNIT_ROBOT,
    MAIL_RETRY_DAYS,
    RunReport,
    _Endpoint,
    _endpoints,
    _filter_new,
    _log,
    _logged,
    _run_locked,
    _sent_back_since,
    _strongest_per_measure,
    _write_audit_anchor,
    logger,
    reminders_preview,
    reminders_run,
)
