"""What the database keeps per inspection: its tally of counts and its revision."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from zhenggai.inspections.models import Inspection


class InspectionTally(models.Model):
    """An inspection's live problems by status and their live measures by status, kept by the
    database (triggers on the problem table, ``ledger.counts``): a province's dashboard reads one
    row per inspection. Never written from Python."""

    inspection = models.OneToOneField(
        Inspection, primary_key=True, on_delete=models.CASCADE, related_name="tally", editable=False
    )
    problems_open = models.IntegerField(default=0, editable=False)
    problems_in_progress = models.IntegerField(default=0, editable=False)
    problems_completed = models.IntegerField(default=0, editable=False)
    problems_long_term = models.IntegerField(default=0, editable=False)
    measures_not_started = models.IntegerField(default=0, editable=False)
    measures_in_progress = models.IntegerField(default=0, editable=False)
    measures_submitted = models.IntegerField(default=0, editable=False)
    measures_confirmed = models.IntegerField(default=0, editable=False)
    measures_closed = models.IntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("巡察汇总")
        verbose_name_plural = _("巡察汇总")

    def __str__(self) -> str:
        return f"{self.inspection_id}"


class InspectionRevision(models.Model):
    """How many times anything shown on an inspection's pages has changed, kept by the database
    (``ledger.revisions``); row 0 counts changes to what every page shows (names, units, policies).
    Cached responses are keyed by it. Never written from Python."""

    inspection_id = models.BigIntegerField(primary_key=True, editable=False)
    revision = models.BigIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("台账版本")
        verbose_name_plural = _("台账版本")

    def __str__(self) -> str:
        return f"{self.inspection_id}: {self.revision}"
