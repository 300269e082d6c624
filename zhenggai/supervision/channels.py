"""Delivery: e-mail over Django's configured backend (SMTP in production), and group robots.

Neither ever raises into the run: a failure is logged, counted and returned, so one bad address
or one unreachable robot does not stop everybody else's reminders.
"""

import json
import logging
import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.core.validators import URLValidator
from django.utils.translation import gettext

from zhenggai.supervision.digest import DINGTALK_LIMIT, WECOM_LIMIT
from zhenggai.supervision.models import WebhookKind

logger = logging.getLogger("zhenggai.supervision")


@dataclass(frozen=True)
class Mail:
    key: int  # the notification's id
    to: str
    subject: str
    body: str


def send_mails(mails: list[Mail]) -> tuple[list[int], dict[int, str]]:
    """Send each mail over one connection. Returns (sent keys, {failed key: error})."""
    sent: list[int] = []
    failed: dict[int, str] = {}
    if not mails:
        return sent, failed
    connection = get_connection(fail_silently=False)
    try:
        connection.open()
    except Exception as error:  # noqa: BLE001 - the server is down: every mail fails, none crashes
        logger.warning("提醒邮件:无法连接邮件服务器:%s", error)
        return sent, {mail.key: _short(error) for mail in mails}
    try:
        for mail in mails:
            message = EmailMessage(
                mail.subject,
                mail.body,
                settings.DEFAULT_FROM_EMAIL,
                [mail.to],
                connection=connection,
                headers={"X-Zhenggai": "reminder"},
            )
            try:
                message.send()
            except Exception as error:  # noqa: BLE001
                logger.warning("提醒邮件发送失败(%s):%s", mail.to, error)
                failed[mail.key] = _short(error)
                _reopen(connection)
            else:
                sent.append(mail.key)
    finally:
        try:
            connection.close()
        except Exception:  # noqa: BLE001
            logger.debug("closing the mail connection failed", exc_info=True)
    return sent, failed


def _reopen(connection) -> None:
    """After an error the SMTP session may be gone; start a fresh one for the next mail."""
    try:
        connection.close()
        connection.open()
    except Exception:  # noqa: BLE001
        logger.debug("reopening the mail connection failed", exc_info=True)


def _short(error: Exception) -> str:
    return f"{type(error).__name__}: {error}"[:300]


# Webhooks -------------------------------------------------------------------------------------

_URL = URLValidator(schemes=["http", "https"])


def validate_webhook_url(url: str) -> str:
    """Only http(s) URLs with a host; raises ValidationError otherwise."""
    url = (url or "").strip()
    _URL(url)
    if urlsplit(url).scheme not in ("http", "https"):
        raise ValidationError(gettext("只接受 http 或 https 地址。"), code="invalid")
    return url


def robot_payload(kind: str, title: str, text: str) -> dict:
    """The robot JSON: DingTalk ``{"msgtype":"markdown","markdown":{"title","text"}}``, WeCom
    ``{"msgtype":"markdown","markdown":{"content"}}``."""
    if kind == WebhookKind.DINGTALK:
        return {"msgtype": "markdown", "markdown": {"title": title, "text": text}}
    if kind == WebhookKind.WECOM:
        return {"msgtype": "markdown", "markdown": {"content": text}}
    raise ValueError(f"unknown webhook kind: {kind!r}")


def robot_limit(kind: str) -> int:
    return WECOM_LIMIT if kind == WebhookKind.WECOM else DINGTALK_LIMIT


class WebhookError(Exception):
    pass


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):  # noqa: D102
        return None  # a robot never redirects; following one could lead anywhere


_OPENER = urllib.request.build_opener(_NoRedirect)


def post_robot(kind: str, url: str, title: str, text: str) -> None:
    """POST the robot message; raise WebhookError on any failure (network, HTTP, errcode)."""
    validate_webhook_url(url)
    data = json.dumps(robot_payload(kind, title, text), ensure_ascii=False).encode()
    request = urllib.request.Request(
        url, data=data, method="POST", headers={"Content-Type": "application/json; charset=utf-8"}
    )
    try:
        with _OPENER.open(request, timeout=settings.ZHENGGAI_WEBHOOK_TIMEOUT) as response:
            raw = response.read(65536)
    except urllib.error.HTTPError as error:
        raise WebhookError(f"HTTP {error.code}") from error
    except (urllib.error.URLError, OSError, ValueError) as error:
        raise WebhookError(_short(error)) from error
    try:
        answer = json.loads(raw or b"{}")
    except ValueError:
        return  # not JSON: the robot took the POST, nothing more to check
    if isinstance(answer, dict) and answer.get("errcode", 0) not in (0, "0"):
        raise WebhookError(f"errcode {answer.get('errcode')}: {answer.get('errmsg', '')}"[:300])
