"""Set-up writes: each checks the actor against ``setup.permissions`` and is in the audit trail."""

from zhenggai.setup.services.cycle import (
    group_confirm,
    group_save,
    inspection_save,
    ledger_open,
    round_save,
)
from zhenggai.setup.services.feedback import feedback_add, parse_problem_list, problems_from_xlsx
from zhenggai.setup.services.people import (
    person_create,
    person_deactivate,
    person_reactivate,
    person_reset_password,
    person_update,
    role_grant,
    role_revoke,
)
from zhenggai.setup.services.units import unit_add, unit_update

__all__ = [
    "feedback_add",
    "group_confirm",
    "group_save",
    "inspection_save",
    "ledger_open",
    "parse_problem_list",
    "person_create",
    "person_deactivate",
    "person_reactivate",
    "person_reset_password",
    "person_update",
    "problems_from_xlsx",
    "role_grant",
    "role_revoke",
    "round_save",
    "unit_add",
    "unit_update",
]
