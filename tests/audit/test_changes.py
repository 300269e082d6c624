"""`changes` is JSON that survives the database unchanged, so stored hashes still verify."""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.audit.conftest import record
from zhenggai.audit.models import AuditAction, AuditEvent
from zhenggai.audit.services import audit_record, diff, json_safe, snapshot
from zhenggai.audit.verify import audit_verify
from zhenggai.ledger.models import Evidence, MeasureKind, ProgressFigure
from zhenggai.ledger.services import measure_update

MEASURE_FIELDS = ["content", "kind", "deadline", "responsible_office", "leader_user", "status", "version"]


def test_json_safe_conversions():
    shanghai = ZoneInfo("Asia/Shanghai")
    assert json_safe(dt.date(2023, 3, 29)) == "2023-03-29"
    assert json_safe(dt.datetime(2023, 3, 29, 10, 0, tzinfo=shanghai)) == "2023-03-29T02:00:00+00:00"
    assert json_safe(dt.datetime(2023, 3, 29, 10, 0)) == "2023-03-29T10:00:00"
    assert json_safe(Decimal("40.00")) == "40.00"
    assert json_safe(MeasureKind.DEADLINE) == "deadline" and type(json_safe(MeasureKind.DEADLINE)) is str
    assert json_safe(2.0) == 2 and type(json_safe(2.0)) is int
    assert json_safe(0.5) == 0.5
    assert json_safe(float("nan")) == "nan"
    assert json_safe({1: (dt.date(2024, 1, 1), {"b", "a"})}) == {"1": ["2024-01-01", ["a", "b"]]}
    with pytest.raises(TypeError):
        json_safe(object())


def test_diff_keeps_only_changed_fields():
    before = {"a": 1, "b": "x", "c": None}
    after = {"a": 1, "b": "y", "d": Decimal("1.50")}
    assert diff(before, after) == {"b": ["x", "y"], "d": [None, "1.50"]}
    assert diff(before, before) == {}
    assert diff({"flag": 1}, {"flag": True}) == {"flag": [1, True]}
    assert diff({}, {"title": "新建", "empty": None}) == {"title": [None, "新建"]}


def test_snapshot_and_diff_of_a_measure_edit(seed):
    measure = seed.measure(1, 1)
    office = seed.office("高新技术股")
    before = snapshot(measure, MEASURE_FIELDS)
    assert before["deadline"] == (measure.deadline.isoformat() if measure.deadline else None)
    assert before["responsible_office"] == measure.responsible_office_id
    assert before["kind"] == measure.kind and before["version"] == measure.version
    new_deadline = dt.date(2030, 6, 30)
    measure = measure_update(
        measure=measure, expected_version=measure.version, deadline=new_deadline, responsible_office=office
    )
    changes = diff(before, snapshot(measure, MEASURE_FIELDS))
    assert changes["deadline"] == [before["deadline"], "2030-06-30"]
    assert changes["version"] == [before["version"], before["version"] + 1]
    assert set(changes) <= {"deadline", "responsible_office", "version"}
    if before["responsible_office"] != office.pk:
        assert changes["responsible_office"] == [before["responsible_office"], office.pk]

    event = audit_record(
        actor=seed.liaison,
        action=AuditAction.UPDATE,
        obj=measure,
        unit_path=seed.unit.path,
        problem_id=measure.problem_id,
        changes=changes,
        reason="调整时限",
    )
    assert AuditEvent.objects.get(pk=event.pk).changes == changes
    assert event.object_type == "ledger.measure" and event.actor_label == "liaison"
    assert audit_verify().ok


def test_snapshot_of_decimals_and_files(seed):
    figure = ProgressFigure.objects.filter(entry__measure__problem__inspection=seed.inspection).first()
    assert figure is not None
    snap = snapshot(figure, ["label", "value", "entry"])
    assert snap["value"] == str(figure.value) and snap["entry"] == figure.entry_id
    evidence = Evidence(
        entry=figure.entry, original_name="a.txt", size=1, content_type="text/plain", sha256="0"
    )
    evidence.file.save("a.txt", SimpleUploadedFile("a.txt", b"x"), save=False)
    file_snap = snapshot(evidence, ["file", "original_name", "entry"])
    assert file_snap["file"] == evidence.file.name and file_snap["file"].startswith("evidence/")
    record(1, changes=diff({}, {**snap, **file_snap}))
    assert audit_verify().ok


# What a form can carry: any Unicode except NUL (PostgreSQL refuses it in text and jsonb) and lone
# surrogates (not encodable as UTF-8).
_CHARS = st.characters(exclude_categories=("Cs",), exclude_characters="\x00")
_json_leaf = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(alphabet=_CHARS, max_size=20)
)
_json = st.recursive(
    _json_leaf,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(alphabet=_CHARS, max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)


@pytest.mark.django_db
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(before=_json, after=_json, reason=st.text(alphabet=_CHARS))
def test_any_json_round_trips_through_the_database_and_verifies(before, after, reason):
    event = record(1, changes={"value": [before, after]}, reason=reason)[0]
    assert AuditEvent.objects.get(pk=event.pk).changes == event.changes
    assert audit_verify().ok
