"""Planning of training for HR departments: a staff list in, the year's training plan out.

The public API, used by the command line (`python -m calculator plan`) and by the
browser page (through `calculator.browser`), so both give the same plan for the same file:

- `plan_file(data, filename, jurisdiction, year, quota=None, progress=None)` reads a CSV or
  XLSX staff list and returns the plan (a JSON-ready dict);
- `plan_csv`, `plan_xlsx`, `plan_text` turn a plan into the files and the summary people use;
- `template_csv`, `template_xlsx` give the staff list template;
- `StaffFileError` (the file cannot be read at all) and `PlanError` (a wrong parameter)
  carry Russian messages. A row that cannot be read is never an exception: it is
  reported in the plan's `skipped` and every other row is planned.

Standard library only: the same code runs in CPython and in Pyodide.
"""

from __future__ import annotations

from typing import Any

from calculator.bundle import load_bundle
from calculator.planning.columns import facts_for_plan
from calculator.planning.export import PLAN_FILE, TEMPLATE_FILE, plan_csv, plan_text, plan_xlsx, template_csv, template_xlsx
from calculator.planning.plan import PlanError, Progress, check_parameters, make_plan
from calculator.planning.staff import read_staff
from calculator.planning.table import MAX_STAFF_BYTES, StaffFileError, read_table

__all__ = [
    "MAX_STAFF_BYTES",
    "PLAN_FILE",
    "TEMPLATE_FILE",
    "PlanError",
    "StaffFileError",
    "plan_csv",
    "plan_file",
    "plan_text",
    "plan_xlsx",
    "template_csv",
    "template_xlsx",
]


def plan_file(
    data: bytes,
    filename: str,
    jurisdiction: Any,
    year: Any,
    *,
    quota: Any = None,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """The year's plan for the staff list in `data` (CSV or XLSX; the name only helps the messages)."""
    bundle = load_bundle()
    check_parameters(bundle, jurisdiction, year, quota)  # before reading: the columns to read depend on the jurisdiction
    used = facts_for_plan(bundle.codes, [bundle.jurisdictions[jurisdiction]])
    staff = read_staff(read_table(data, filename), bundle.facts, used)
    return make_plan(staff, jurisdiction, year, quota=quota, bundle=bundle, progress=progress)
