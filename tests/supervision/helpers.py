"""Helpers of the supervision tests: the SMTP inbox handler, the robot HTTP server, digest parsing,
and a generator of more units and measures."""

import email
import email.policy
import json
import re
import socket
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

from zhenggai.supervision.digest import SECTIONS, heading


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


_HEADING = re.compile(r"^[一二三四五六七八九十]+、(?P<text>.+)\((?P<n>\d+)项\)$")


@dataclass
class Mail:
    to: list[str]
    subject: str
    body: str

    def entries(self) -> list[tuple[str, str]]:
        return entries(self.body)


def entries(body: str) -> list[tuple[str, str]]:
    """(kind, link path) for every item of a digest, read back from the text people see."""
    kinds = {heading(kind): kind for kind, _ in SECTIONS}
    found, kind = [], None
    for line in body.splitlines():
        match = _HEADING.match(line)
        if match:
            kind = kinds[match["text"]]
        elif line.startswith("   http") and kind:
            url = urlsplit(line.strip())
            found.append((kind, url.path + (f"#{url.fragment}" if url.fragment else "")))
    return found


def delivered(mails) -> list[tuple[str, str, str]]:
    """(address, kind, link) of every item in ``mails`` (SMTP ``Mail`` or Django's locmem messages)."""
    return [(to, kind, link) for mail in mails for to in mail.to for kind, link in entries(mail.body)]


class Inbox:
    """aiosmtpd handler: keeps every message it is given."""

    def __init__(self):
        self.mails: list[Mail] = []
        self._read = 0
        self._lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        mail = Mail(
            to=list(envelope.rcpt_tos),
            subject=str(message["Subject"]),
            body=message.get_body(("plain",)).get_content(),
        )
        with self._lock:
            self.mails.append(mail)
        return "250 Message accepted for delivery"

    def new(self) -> list[Mail]:
        """The mails that arrived since the last call."""
        with self._lock:
            fresh = self.mails[self._read :]
            self._read = len(self.mails)
        return fresh

    def wait_for(self, count: int, timeout: float = 30.0) -> list[Mail]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                if len(self.mails) >= count:
                    return list(self.mails)
            time.sleep(0.1)
        return list(self.mails)


class RobotServer:
    def __init__(self):
        self.received: list[tuple[str, dict]] = []
        received = self.received

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                received.append((self.path, json.loads(body.decode())))
                if self.path.startswith("/fail"):
                    self.send_response(500)
                    self.end_headers()
                    return
                if self.path.startswith("/slow"):
                    time.sleep(1.5)
                answer = {"errcode": 0, "errmsg": "ok"}
                if self.path.startswith("/refuse"):  # what DingTalk says when the keyword is missing
                    answer = {"errcode": 310000, "errmsg": "keywords not in content"}
                data = json.dumps(answer).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def payloads(self, path: str) -> list[dict]:
        return [payload for p, payload in self.received if p == path]


def grow(seed, *, units: int, measures: int, deadline, tag: str = "g"):
    """More units under the seed's committee, each with an office, a liaison, a clerk, a first-
    responsible leader, one problem and ``measures`` one-off measures due on ``deadline``."""
    import datetime as dt

    from django.contrib.auth import get_user_model

    from zhenggai.accounts.models import Role, UnitKind
    from zhenggai.accounts.services import membership_grant, unit_create
    from zhenggai.inspections.models import Inspection
    from zhenggai.ledger.models import Measure, MeasureKind, Problem

    User = get_user_model()
    committee = seed.unit.parent
    created = []
    for i in range(units):
        unit = unit_create(kind=UnitKind.UNIT, parent=committee, name=f"测试单位{tag}{i}")
        office = unit_create(kind=UnitKind.OFFICE, parent=unit, name="业务股")
        for role, holder in (
            (Role.UNIT_LIAISON, unit),
            (Role.OFFICE_CLERK, office),
            (Role.UNIT_LEADER, unit),
        ):
            user = User.objects.create(username=f"{tag}{i}-{role}", email=f"{tag}{i}-{role}@test.example")
            membership_grant(user=user, unit=holder, role=role, first_responsible=role == Role.UNIT_LEADER)
        inspection = Inspection.objects.create(
            round=seed.inspection.round,
            group=seed.inspection.group,
            unit=unit,
            feedback_date=dt.date(2022, 11, 4),
        )
        problem = Problem.objects.create(inspection=inspection, number=1, title=f"测试问题{tag}{i}")
        created += Measure.objects.bulk_create(
            Measure(
                problem=problem,
                number=j + 1,
                content=f"测试措施{j + 1}",
                kind=MeasureKind.DEADLINE,
                deadline=deadline,
                responsible_office=office,
            )
            for j in range(measures)
        )
    return created
