"""Bad input to the ledger services: a clear Chinese message and nothing saved."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from zhenggai.core.errors import ConcurrentEdit, ServiceError
from zhenggai.ledger.models import Evidence, Measure, MeasureKind, MeasureStatus, ProgressEntry
from zhenggai.ledger.services import FigureInput, measure_create, measure_update, progress_create


def _messages(error: ServiceError) -> str:
    return " ".join(error.messages)


def test_deadline_required_unless_long_term(seed):
    problem = seed.problem(1)
    before = Measure.objects.count()
    for kind in (MeasureKind.DEADLINE, MeasureKind.IMMEDIATE):
        with pytest.raises(ServiceError) as err:
            measure_create(problem=problem, content="完善制度", kind=kind, deadline=None)
        assert "必须填写整改时限" in _messages(err.value)
    assert Measure.objects.count() == before
    measure = measure_create(problem=problem, content="常态化学习", kind=MeasureKind.LONG_TERM)
    assert measure.number == 3 and measure.deadline is None


def test_deadline_before_feedback_is_refused(seed):
    with pytest.raises(ServiceError, match="不能早于反馈日期"):
        measure_create(
            problem=seed.problem(1), content="x", kind=MeasureKind.DEADLINE, deadline=dt.date(2022, 1, 1)
        )


def test_office_must_belong_to_the_unit(seed):
    from zhenggai.accounts.models import Unit

    foreign_office = Unit.objects.get(short_name="区农业农村局")
    with pytest.raises(ServiceError, match="责任股室必须是本单位的内设股室"):
        measure_create(
            problem=seed.problem(1),
            content="x",
            kind=MeasureKind.LONG_TERM,
            responsible_office=foreign_office,
        )


def test_progress_in_the_future_is_refused(seed):
    measure = seed.measure(1, 1)
    before = ProgressEntry.objects.count()
    with pytest.raises(ServiceError) as err:
        progress_create(measure=measure, happened_on=dt.date.today() + dt.timedelta(days=3), text="明天的事")
    assert "不能晚于今天" in _messages(err.value)
    assert ProgressEntry.objects.count() == before


def test_progress_before_the_inspection_is_refused(seed):
    with pytest.raises(ServiceError, match="不能早于巡察进驻日期"):
        progress_create(measure=seed.measure(1, 1), happened_on=dt.date(2021, 1, 1), text="x")


def test_figure_value_must_be_a_number(seed):
    with pytest.raises(ServiceError, match="不是数字"):
        progress_create(
            measure=seed.measure(1, 1),
            happened_on=dt.date(2023, 5, 1),
            text="学习",
            figures=[FigureInput("学习次数", "三")],
        )
    assert not ProgressEntry.objects.filter(text="学习").exists()


@override_settings(EVIDENCE_MAX_BYTES=1024)
def test_oversized_evidence_is_refused_and_nothing_is_saved(seed):
    big = SimpleUploadedFile("会议纪要.pdf", b"%PDF" + b"0" * 2000, content_type="application/pdf")
    before = (ProgressEntry.objects.count(), Evidence.objects.count())
    with pytest.raises(ServiceError) as err:
        progress_create(measure=seed.measure(1, 1), happened_on=dt.date(2023, 5, 1), text="学习", files=[big])
    assert "超过上限" in _messages(err.value) and "会议纪要.pdf" in _messages(err.value)
    assert (ProgressEntry.objects.count(), Evidence.objects.count()) == before


@pytest.mark.parametrize("name", ["run.exe", "page.html", "noextension", "script.js"])
def test_disallowed_evidence_type_is_refused(seed, name):
    upload = SimpleUploadedFile(name, b"MZ....", content_type="application/octet-stream")
    with pytest.raises(ServiceError, match="类型不允许上传"):
        progress_create(
            measure=seed.measure(1, 1), happened_on=dt.date(2023, 5, 1), text="学习", files=[upload]
        )


def test_evidence_is_stored_with_size_type_and_sha256(seed):
    import hashlib

    body = "会议纪要:学习黄河流域讲话精神".encode()
    upload = SimpleUploadedFile("纪要.txt", body, content_type="text/plain")
    entry = progress_create(
        measure=seed.measure(1, 1),
        happened_on=dt.date(2023, 5, 1),
        text="集中学习",
        files=[upload],
        figures=[FigureInput("学习次数", "2", "次")],
    )
    evidence = entry.evidence.get()
    assert evidence.size == len(body)
    assert evidence.content_type == "text/plain"
    assert evidence.sha256 == hashlib.sha256(body).hexdigest()
    assert evidence.file.read() == body
    assert [(f.label, int(f.value), f.unit) for f in entry.figures.all()] == [("学习次数", 2, "次")]


def test_posting_the_same_form_twice_saves_one_entry(seed):
    kwargs = {
        "measure": seed.measure(1, 1),
        "happened_on": dt.date(2023, 5, 1),
        "text": "学习",
        "submission_key": "k1",
    }
    first = progress_create(**kwargs)
    second = progress_create(**kwargs)
    assert first.pk == second.pk
    assert ProgressEntry.objects.filter(submission_key="k1").count() == 1


def test_first_progress_starts_a_measure(seed):
    measure = measure_create(
        problem=seed.problem(2), content="新措施", kind=MeasureKind.DEADLINE, deadline=dt.date(2023, 6, 30)
    )
    assert measure.status == MeasureStatus.NOT_STARTED
    progress_create(measure=measure, happened_on=dt.date(2023, 5, 1), text="已开始")
    measure.refresh_from_db()
    assert measure.status == MeasureStatus.IN_PROGRESS


def test_second_save_of_a_stale_measure_is_refused(seed):
    measure = seed.measure(1, 1)
    stale_version = measure.version
    measure_update(measure=measure, expected_version=stale_version, responsible_person="张三")
    other_copy = Measure.objects.get(pk=measure.pk)
    with pytest.raises(ConcurrentEdit, match="已被他人修改"):
        measure_update(measure=other_copy, expected_version=stale_version, responsible_person="李四")
    assert Measure.objects.get(pk=measure.pk).responsible_person == "张三"


def test_adding_an_open_measure_reopens_a_completed_problem(seed):
    problem = seed.problem(4)
    assert problem.status == "completed"
    measure_create(
        problem=problem, content="补充措施", kind=MeasureKind.DEADLINE, deadline=dt.date(2023, 6, 30)
    )
    problem.refresh_from_db()
    assert problem.status == "in_progress"


def test_a_submission_key_belongs_to_its_measure(seed):
    one = progress_create(
        measure=seed.measure(1, 1), happened_on=dt.date(2023, 5, 1), text="甲", submission_key="k"
    )
    two = progress_create(
        measure=seed.measure(2, 1), happened_on=dt.date(2023, 5, 1), text="乙", submission_key="k"
    )
    assert one.pk != two.pk and two.text == "乙"
