"""An import refusal reads as its issues' messages, lazy ones too (mypy found the race refusal
raising TypeError while building its own message)."""

from django.utils import translation

from zhenggai.intake_ui.services import ImportRefused, Issue
from zhenggai.intake_ui.services.importing import _RACE_MESSAGE


def test_a_refusal_with_a_lazy_message_reads_as_that_message():
    with translation.override("zh-hans"):
        refused = ImportRefused([Issue(_RACE_MESSAGE), Issue("单位不存在。", field="unit")])
        assert str(refused) == f"{_RACE_MESSAGE}; 单位不存在。"
        assert refused.issues[0].message == _RACE_MESSAGE
