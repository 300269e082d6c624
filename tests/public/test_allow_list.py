"""Every public page, for the seed plus internal data made on purpose: nothing internal shows.

The public sees the frozen notice, the unit's public names, its supervision channel and the
publication date. Never: responsible persons, evidence files, sent-back reasons, 督办 texts,
internal notes, staff names or log-ins, other people's contact details, office names.
"""

import datetime as dt
import io
import re
import zipfile

from django.contrib.auth import get_user_model
from django.urls import reverse
from pypdf import PdfReader

from tests.public.helpers import code_from, submit
from zhenggai.ledger.transitions import measure_transition
from zhenggai.notices.models import NoticeState
from zhenggai.public.models import Feedback
from zhenggai.public.services import feedback_move
from zhenggai.supervision.services import notice_issue

RETURN_REASON = "退回内部理由甲乙丙"
REOPEN_REASON = "反弹内部理由丁戊己"
SUPERVISION_TEXT = "督办内部意见庚辛壬"
INTERNAL_NOTE = "内部备注子丑寅"
CONTACT_NAME = "联系人张某某"
CONTACT_PHONE = "13900001111"

FORBIDDEN = [
    "办公室负责人",
    "高新技术股负责人",
    "农村科技股负责人",
    "成果转化股负责人",
    "佐证材料-",
    "工作记录.txt",
    RETURN_REASON,
    REOPEN_REASON,
    SUPERVISION_TEXT,
    INTERNAL_NOTE,
    CONTACT_NAME,
    CONTACT_PHONE,
    "高新技术股",  # office names are internal structure: a transfer shows as "已转承办股室办理"
    "整改联络员",
    "高新技术股经办人",
    "区委巡察办督查员",
    "区农业农村局联络员",
    "zhanhua.example",  # staff e-mail addresses
    "已按整改方案完成",  # the seed's own close-out reasons
]
USERNAMES = re.compile(r"\b(liaison|leader|deputy|clerk|xunchaban|outsider|group3)\b")


def _internal_data(seed, client):
    measure = seed.measure(1, 2)
    measure_transition(measure=measure, move_name="reopen", actor=seed.xunchaban, reason=REOPEN_REASON)
    measure_transition(measure=measure, move_name="submit", actor=seed.liaison, reason="再次申请销号")
    measure_transition(measure=measure, move_name="return_by_leader", actor=seed.leader, reason=RETURN_REASON)
    notice_issue(
        problem=seed.problem(3),
        issued_by=seed.xunchaban,
        content=SUPERVISION_TEXT,
        answer_due=dt.date.today(),
    )
    notice = seed.inspection.notices.get(state=NoticeState.PUBLISHED)
    url = reverse("public:notice_feedback", args=[notice.pk])
    response = submit(
        client, url, message="请公开项目资金去向。", contact_name=CONTACT_NAME, contact_phone=CONTACT_PHONE
    )
    assert response.status_code == 302
    code = code_from(client)
    feedback = Feedback.objects.get()
    feedback = feedback_move(feedback=feedback, move_name="accept", actor=seed.liaison, note=INTERNAL_NOTE)
    feedback_move(
        feedback=feedback,
        move_name="transfer",
        actor=seed.liaison,
        office=seed.office("高新技术股"),
        note=INTERNAL_NOTE,
    )
    return notice, code


def _text_of(response) -> str:
    content = response.content
    if content.startswith(b"%PDF"):
        return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(content)).pages)
    if content.startswith(b"PK"):
        archive = zipfile.ZipFile(io.BytesIO(content))
        return "\n".join(
            archive.read(n).decode("utf-8", "ignore") for n in archive.namelist() if n.endswith(".xml")
        )
    return content.decode()


def test_no_public_page_shows_anything_internal(client, seed):
    notice, code = _internal_data(seed, client)
    anonymous = client.__class__()
    pages = {
        "index": anonymous.get(reverse("public:index")),
        "unit": anonymous.get(reverse("public:unit", args=[seed.unit.pk])),
        "notice": anonymous.get(reverse("public:notice", args=[notice.pk])),
        "docx": anonymous.get(reverse("public:notice_download", args=[notice.pk, "docx"])),
        "pdf": anonymous.get(reverse("public:notice_download", args=[notice.pk, "pdf"])),
        "notice_feedback": anonymous.get(reverse("public:notice_feedback", args=[notice.pk])),
        "unit_feedback": anonymous.get(reverse("public:unit_feedback", args=[seed.unit.pk])),
        "track": anonymous.get(reverse("public:track")),
        "track_result": anonymous.post(reverse("public:track"), {"code": code}),
        "done": anonymous.get(reverse("public:feedback_done")),
    }
    for name, response in pages.items():
        assert response.status_code == 200, name
        text = _text_of(response)
        assert len(text) > 200, name
        for needle in FORBIDDEN:
            assert needle not in text, f"{needle!r} appears on the public {name} page"
        assert not USERNAMES.search(text), f"a user name appears on the public {name} page"
    result = pages["track_result"].content.decode()
    assert "已转承办股室办理" in result and "请公开项目资金去向。" in result
    # the downloads do carry the notice's text (so the absence checks above mean something)
    assert "一、整改工作开展情况" in _text_of(pages["pdf"])
    assert "一、整改工作开展情况" in _text_of(pages["docx"])


def test_staff_see_what_the_public_does_not(login, seed, client):
    """The same feedback inside: contact, office and note are there for the unit (so the test above
    is not passing only because the data is missing)."""
    _notice, _code = _internal_data(seed, client)
    html = (
        login(seed.liaison)
        .get(reverse("public:inbox_detail", args=[Feedback.objects.get().pk]))
        .content.decode()
    )
    for needle in (CONTACT_NAME, CONTACT_PHONE, INTERNAL_NOTE, "高新技术股"):
        assert needle in html
    assert get_user_model().objects.filter(username="liaison").exists()
