"""Notice pages and commands: draft, edit the unit's own words, publish (a leader's act), download."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from zhenggai.audit.models import AuditEvent
from zhenggai.core.errors import ServiceError
from zhenggai.notices.models import ProgressNotice
from zhenggai.notices.services import notice_create, notice_publish, notice_update


def test_new_draft_uses_todays_ledger_and_default_outlook(login, seed):
    client = login(seed.liaison)
    response = client.post(
        reverse("notice_list", args=[seed.inspection.pk]),
        {"cutoff_date": "2023-06-30", "signed_on": "2023-07-01"},
    )
    notice = ProgressNotice.objects.get(signed_on=dt.date(2023, 7, 1))
    assert response.status_code == 302 and notice.state == "draft" and notice.outlook_items.count() == 3
    page = client.get(reverse("notice", args=[notice.pk])).content.decode()
    assert "巡察反馈问题5项" in page and "2023年7月1日" in page


def test_cutoff_before_feedback_is_refused(seed):
    with pytest.raises(ServiceError, match="不能早于反馈日期"):
        notice_create(
            inspection=seed.inspection, cutoff_date=dt.date(2022, 1, 1), signed_on=dt.date(2022, 1, 2)
        )


def test_counts_follow_the_cut_off_date(seed):
    from zhenggai.notices.compose import notice_compose

    early = notice_create(
        inspection=seed.inspection, cutoff_date=dt.date(2022, 12, 1), signed_on=dt.date(2022, 12, 1)
    )
    text = "".join(notice_compose(early).texts())
    # On 2022-12-01 only the 立行立改 measure of problem 1 had been struck off.
    assert "巡察反馈问题5项，截至目前，已整改完成0项，已取得阶段性成效需长期坚持整改1项，正在整改4项" in text
    assert "2023年1月31日" not in text  # later progress is not reported early


def test_edit_and_publish(seed):
    notice = notice_create(
        inspection=seed.inspection, cutoff_date=dt.date(2023, 6, 30), signed_on=dt.date(2023, 7, 1)
    )
    notice_update(
        notice=notice, closing="欢迎监督。", outlook=[("一项打算。", "具体内容。")], actor=seed.liaison
    )
    assert [i.heading for i in notice.outlook_items.all()] == ["一项打算。"]
    with pytest.raises(ServiceError, match="主要负责人"):
        notice_publish(notice=notice, actor=seed.liaison)
    notice_publish(notice=notice, actor=seed.leader, on=dt.date(2023, 7, 3))
    notice.refresh_from_db()
    assert notice.state == "published" and notice.published_on == dt.date(2023, 7, 3)
    assert AuditEvent.objects.filter(action="publish", object_id=str(notice.pk)).count() == 1
    with pytest.raises(ServiceError, match="不能修改"):
        notice_update(notice=notice, closing="改一改", actor=seed.liaison)


@pytest.mark.parametrize("fmt", ["docx", "pdf", "html"])
def test_downloads(login, seed, fmt):
    response = login(seed.clerk).get(reverse("notice_download", args=[seed.inspection.notices.get().pk, fmt]))
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    assert len(response.content) > 1000


def test_report_download(login, seed):
    response = login(seed.xunchaban).get(
        reverse("report_download", args=[seed.inspection.pk, "pdf"]), {"date": "2023-03-29"}
    )
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


def test_notice_command(seed, tmp_path, capsys):
    out = tmp_path / "notice.html"
    call_command(
        "notice",
        "--inspection",
        str(seed.inspection.pk),
        "--date",
        "2023-03-29",
        "--format",
        "html",
        "--output",
        str(out),
    )
    html = out.read_text(encoding="utf-8")
    assert "沾科党字〔2022〕22号" in html and "巡察反馈问题5项" in html
    report = tmp_path / "report.docx"
    call_command(
        "notice",
        "--inspection",
        str(seed.inspection.pk),
        "--date",
        "2023-03-29",
        "--report",
        "--output",
        str(report),
    )
    assert report.read_bytes()[:2] == b"PK"
    with pytest.raises(CommandError, match="格式不对"):
        call_command(
            "notice", "--inspection", str(seed.inspection.pk), "--date", "29/3/2023", "--output", str(out)
        )


def test_ledger_xlsx_command_round_trip(seed, tmp_path):
    out = tmp_path / "ledger.xlsx"
    call_command(
        "ledger", "export", "--format", "xlsx", "--round", str(seed.inspection.round_id), "--output", str(out)
    )
    with pytest.raises(CommandError, match="找不到"):
        call_command("ledger", "import", str(out), "--inspection", "999999")
    call_command("ledger", "import", str(out), "--inspection", str(seed.inspection.pk), "--dry-run")
    assert seed.inspection.problems.count() == 5


def test_published_notice_is_frozen(login, seed):
    from zhenggai.ledger.services import progress_create

    notice = seed.inspection.notices.get()
    assert notice.state == "published" and notice.published_document
    from zhenggai.ledger.transitions import measure_transition

    measure = seed.measure(3, 2)  # struck off, so frozen: reopened to report on it again
    measure_transition(measure=measure, move_name="reopen", actor=seed.xunchaban, reason="继续推进")
    progress_create(measure=measure, happened_on=dt.date(2023, 3, 1), text="储备企业增至55家")
    html = login(seed.liaison).get(reverse("notice_download", args=[notice.pk, "html"])).content.decode()
    assert "已储备企业40家" in html and "55家" not in html
