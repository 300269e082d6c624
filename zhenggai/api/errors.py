"""One error shape for the whole API, in Chinese: ``{"detail": "…", "errors": {"field": ["…"]}}``.

``detail`` is always a sentence a person can read; ``errors`` names the fields at fault (empty when
the error is not about a field). Services raise ``ServiceError`` (a Django ``ValidationError``,
sometimes with a dict of field errors); its ``code`` decides the status: a state conflict is 409, a
refused role is 403, and any other rule of the ledger is 422.

400 and 422 are kept apart so that the schema tells the truth (docs/decisions/0007-400-and-422.md):
400 is a request the schema already rules out (a missing field, a number for a text, a date that is
no date, an unknown choice); 422 is a request the schema allows that a rule of the ledger refuses
(a deadline before the feedback date, an office of another unit, a one-character search word).
"""

from django.conf import settings
from django.core.exceptions import (
    NON_FIELD_ERRORS,
    BadRequest,
    RequestDataTooBig,
    SuspiciousOperation,
    TooManyFilesSent,
)
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import set_rollback

from zhenggai.api.parsers import NestedTooDeep
from zhenggai.core.errors import ConcurrentEdit
from zhenggai.core.query import BadQuery

# What each error status means, as the schema describes it (``views.base.errors``, ``schema``).
ERROR_TEXT = {
    400: "提交的数据有误(detail 说明原因,errors 按字段列出)",
    401: "未登录,或 API 令牌无效、已撤销、已过期",
    403: "能看到该对象,但无权执行此操作",
    404: "对象不存在,或不在您的可见范围内(两者不作区分)",
    409: "与对象的当前状态冲突(如版本已过期、状态不允许、已有销号记录)",
    413: "上传文件超过大小上限",
    415: "不支持的请求格式",
    422: "请求格式正确,但不符合台账的规则(detail 说明哪条规则,errors 按字段列出)",
}

NON_FIELD_KEY = "non_field_errors"

# ServiceError codes that mean "the object's current state does not allow this" → 409.
CONFLICT_CODES = frozenset(
    {
        "concurrent_edit",
        "bad_move",
        "delete_locked",
        "reviewed",
        "submission_reused",
        "deleted",
        "frozen",
        "not_deleted",
        "parent_deleted",
    }
)
# ServiceError codes that mean "you hold no role for this" → 403.
FORBIDDEN_CODES = frozenset(
    {
        "forbidden_move",
        "forbidden_review",
        "own_application",
        # set-up (zhenggai/setup): a role wider than one's own, a unit or person not one's to change
        "forbidden_setup",
        "forbidden_role",
        "forbidden_person",
        "own_role",
    }
)
# Field errors of a request the schema allows that the ledger refuses → 422: an id of nothing this
# user may use (an office of another unit looks like no office at all), a figure with three decimals.
RULE_FIELD_CODES = frozenset({"does_not_exist", "max_decimal_places"})
# ServiceError codes about an uploaded file, reported under the ``files`` field.
FILE_CODES = frozenset({"evidence_type", "evidence_size", "evidence_empty"})


class UploadRefused(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE

    def __init__(self, names):
        limit = filesizeformat(settings.EVIDENCE_MAX_BYTES)
        self.messages = [
            _("文件“%(name)s”超过上限%(limit)s,未上传;本次提交未保存任何内容。")
            % {"name": name, "limit": limit}
            for name in names
        ]
        super().__init__(" ".join(self.messages))


def error_body(detail, errors=None) -> dict:
    return {"detail": str(detail), "errors": errors or {}}


def _flatten(detail, prefix: str = "") -> dict[str, list[str]]:
    """DRF's nested error structure → ``{"field": [...], "figures.0.value": [...]}``."""
    out: dict[str, list[str]] = {}

    def add(key: str, messages) -> None:
        out.setdefault(key or NON_FIELD_KEY, []).extend(str(m) for m in messages)

    if isinstance(detail, dict):
        for key, value in detail.items():
            key = NON_FIELD_KEY if key in (NON_FIELD_ERRORS, NON_FIELD_KEY) else str(key)
            for sub, messages in _flatten(value, f"{prefix}.{key}" if prefix else key).items():
                add(sub, messages)
    elif isinstance(detail, list):
        if all(not isinstance(item, dict | list) for item in detail):
            add(prefix, detail)
        else:
            for index, item in enumerate(detail):
                if item:
                    for sub, messages in _flatten(
                        item, f"{prefix}.{index}" if prefix else str(index)
                    ).items():
                        add(sub, messages)
    else:
        add(prefix, [detail])
    return out


def _service_error(exc: DjangoValidationError) -> Response:
    codes = (
        {getattr(error, "code", None) for error in exc.error_list} if hasattr(exc, "error_list") else set()
    )
    if hasattr(exc, "error_dict"):
        errors = {
            (NON_FIELD_KEY if field == NON_FIELD_ERRORS else field): [str(m) for m in messages]
            for field, messages in exc.message_dict.items()
        }
        codes |= {getattr(e, "code", None) for errs in exc.error_dict.values() for e in errs}
        codes.add(getattr(exc, "code", None))
        detail = " ".join(m for messages in errors.values() for m in messages)
    else:
        errors = {}
        detail = " ".join(str(m) for m in exc.messages)
        if codes & FILE_CODES:
            errors = {"files": [str(m) for m in exc.messages]}
    if isinstance(exc, ConcurrentEdit) or codes & CONFLICT_CODES:
        code = status.HTTP_409_CONFLICT
    elif codes & FORBIDDEN_CODES:
        code = status.HTTP_403_FORBIDDEN
    else:
        code = status.HTTP_422_UNPROCESSABLE_ENTITY
    return Response(error_body(detail, errors), status=code)


def _leaf_codes(codes) -> set[str]:
    if isinstance(codes, dict):
        return {code for value in codes.values() for code in _leaf_codes(value)}
    if isinstance(codes, list):
        return {code for value in codes for code in _leaf_codes(value)}
    return {str(codes)}


def api_exception_handler(exc, context):
    set_rollback()
    if isinstance(exc, DjangoValidationError):  # ServiceError, ConcurrentEdit, model validation
        return _service_error(exc)
    if isinstance(exc, BadQuery):
        return Response(
            error_body(exc.message, {exc.name: [exc.message]}), status=status.HTTP_400_BAD_REQUEST
        )
    if isinstance(exc, BadRequest):
        return Response(error_body(_("请求有误,无法处理。")), status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, Http404):
        return Response(error_body(_("未找到。")), status=status.HTTP_404_NOT_FOUND)
    if isinstance(exc, DjangoPermissionDenied):
        return Response(error_body(_("您没有执行该操作的权限。")), status=status.HTTP_403_FORBIDDEN)
    if isinstance(exc, RequestDataTooBig):
        return Response(
            error_body(_("请求内容过大,超过服务器允许的上限。")),
            status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE,
        )
    if isinstance(exc, TooManyFilesSent):
        return Response(
            error_body(
                _("一次上传的文件过多(最多%(max)d个)。") % {"max": settings.DATA_UPLOAD_MAX_NUMBER_FILES},
                {"files": [_("一次上传的文件过多。")]},
            ),
            status=status.HTTP_400_BAD_REQUEST,
        )
    if isinstance(exc, SuspiciousOperation):  # too many fields, bad multipart boundaries, …
        return Response(error_body(_("请求有误,无法处理。")), status=status.HTTP_400_BAD_REQUEST)
    if not isinstance(exc, exceptions.APIException):
        return None  # a bug: let Django log it and answer 500

    headers = {}
    if getattr(exc, "auth_header", None):
        headers["WWW-Authenticate"] = exc.auth_header
    if getattr(exc, "wait", None):
        headers["Retry-After"] = str(int(exc.wait))

    if isinstance(exc, UploadRefused):
        body = error_body(exc.detail, {"files": exc.messages})
    elif isinstance(exc, exceptions.NotAuthenticated):
        body = error_body(_("请先登录或提供有效的 API 令牌。"))
    elif isinstance(exc, exceptions.AuthenticationFailed):
        body = error_body(exc.detail)
    elif isinstance(exc, exceptions.PermissionDenied):
        if str(exc.detail).startswith("CSRF Failed"):
            body = error_body(_("CSRF 校验失败。网页会话请求须带 CSRF 令牌;脚本请使用 API 令牌。"))
        elif exc.detail == exceptions.PermissionDenied.default_detail:
            body = error_body(_("您没有执行该操作的权限。"))
        else:
            body = error_body(exc.detail)
    elif isinstance(exc, NestedTooDeep):
        body = error_body(exc.detail)
    elif isinstance(exc, exceptions.ParseError):
        body = error_body(_("请求内容无法解析:请提交有效的 JSON(或 multipart/form-data 表单)。"))
    elif isinstance(exc, exceptions.ValidationError):
        errors = _flatten(exc.detail)
        body = error_body(_("提交的数据有误,请按各字段的提示修改。"), errors)
        if _leaf_codes(exc.get_codes()) <= RULE_FIELD_CODES:
            return Response(body, status=status.HTTP_422_UNPROCESSABLE_ENTITY, headers=headers)
    elif isinstance(exc.detail, dict | list):
        body = error_body(_("请求有误。"), _flatten(exc.detail))
    else:
        body = error_body(exc.detail)
    return Response(body, status=exc.status_code, headers=headers)
