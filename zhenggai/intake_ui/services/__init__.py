"""Drafts from the reader, their corrections, and the import into the ledger through the ledger's services.

The import creates, in one transaction and with the importing user as the actor of every audited
write: the round (reused when the unit's committee already has a round of that name), the group
(reused within the round), the inspection, the plan (and the meeting that adopted it, when the plan
sentence names one), the unit's supervision channel, and per problem its measures, each with one
progress entry carrying the measure's full text and figures. Any refusal rolls everything back.

Defaults the notice does not state (``prepare``):

- a measure's ledger wording (``content``) is its lead phrase: the run-in heading up to the first
  。 (or , ; when short), else its first ~60 characters;
- its kind is 长期坚持 when the reader found it worded as ongoing or the problem's stated status is
  阶段性成效/长期坚持; otherwise 限期整改 with the deadline three months after the feedback date (the
  usual 集中整改期; the plan's real deadlines are rarely printed in a notice);
- its progress is dated with the first date it mentions (month precision for 2022年12月), or else
  the notice's signature date "as of" (截至…); a first date before the on-site start or after today is
  not used (the fallback is taken and the measure is flagged)."""

from zhenggai.intake_ui.services.defaults import (
    _CLAUSE_END_RE,
    _FIGURE_LINE_RE,
    _MEETING_RE,
    _NOT_HEADING_RE,
    _TRAILING_STOPS_RE,
    CONCENTRATED_MONTHS,
    LEAD_LIMIT,
    _num,
    add_months,
    figure_label,
    figures_text,
    find_plan_meeting,
    lead_phrase,
    measure_defaults,
    meeting_kind,
    parse_figures,
    parse_iso,
    progress_default,
)
from zhenggai.intake_ui.services.drafts import (
    _tuple,
    draft_create,
    draft_delete,
    draft_save,
    guess_unit,
    notice_from_json,
    prepare,
)
from zhenggai.intake_ui.services.importing import (
    _GROUP_NUMBER_RE,
    _RACE_MESSAGE,
    _ROUND_NUMBER_RE,
    _ROUND_TERM_RE,
    ImportRefused,
    ImportSummary,
    Issue,
    _date,
    _DryRun,
    _int,
    _messages,
    _write,
    _write_measure,
    committee_of,
    draft_import,
    group_fields,
    import_preview,
    round_fields,
)
from zhenggai.intake_ui.services.ownership import ImportChoices, channel_change, issuer_mismatch

__all__ = [
    "ImportChoices",
    "channel_change",
    "issuer_mismatch",
    "CONCENTRATED_MONTHS",
    "ImportRefused",
    "ImportSummary",
    "Issue",
    "LEAD_LIMIT",
    "_CLAUSE_END_RE",
    "_DryRun",
    "_FIGURE_LINE_RE",
    "_GROUP_NUMBER_RE",
    "_MEETING_RE",
    "_NOT_HEADING_RE",
    "_RACE_MESSAGE",
    "_ROUND_NUMBER_RE",
    "_ROUND_TERM_RE",
    "_TRAILING_STOPS_RE",
    "_date",
    "_int",
    "_messages",
    "_num",
    "_tuple",
    "_write",
    "_write_measure",
    "add_months",
    "committee_of",
    "draft_create",
    "draft_delete",
    "draft_import",
    "draft_save",
    "figure_label",
    "figures_text",
    "find_plan_meeting",
    "group_fields",
    "guess_unit",
    "import_preview",
    "lead_phrase",
    "measure_defaults",
    "meeting_kind",
    "notice_from_json",
    "parse_figures",
    "parse_iso",
    "prepare",
    "progress_default",
    "round_fields",
]
