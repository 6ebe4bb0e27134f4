"""Spreadsheet import of villages and listings: plan first, then apply all of it or nothing.

``plan_import`` reads a workbook (``sheets.read_workbook``) and the database, writes nothing, and
finds every problem in one pass: each refusal names the sheet row as the spreadsheet program
numbers it (the header is row 1) and the column by its header, in Thai. ``apply_import`` then
writes the plan in one transaction, with a revision and a search outbox row per item.

Memory: rows are read as the sheet streams them and planned ``CHUNK`` at a time; each planned
row (its keys, column values and processed photos) goes to a temporary file as soon as it is
planned, and the plan keeps only counts, the first ``KEPT_REFUSALS`` refusals and the keys that
rows of the same file may clash on (slugs, reference ids, the villages listings name), so a
sheet's length costs a few hundred bytes a row.

Rows are matched to existing items by ``external_id`` (the department's own id, such as an OTOP
product code), else by slug, else by the slug their title gives when the stored item has the same
title, so importing the same sheet twice changes nothing. Columns are the template's Thai headers
or the content files' front-matter keys (``slug``, ``title``, ``kind``, ``village``, …).

This module only gathers the public names; the code lives by concern in:

- ``import_plan``: the plan (``ImportPlan``, ``PlannedRow``, ``Refusal``, ``fingerprint``, the
  spill file, ``ImportRefused``) and ``CHUNK``, the batch size;
- ``import_rows``: reading the data sheets and checking each row on its own;
- ``import_planner``: matching rows to stored items and each other, ``plan_import``;
- ``import_apply``: ``apply_import``, writing a plan.

Patch a name (``CHUNK``, ``plan_import``, ``apply_import``) on the module that defines it: the
code looks it up there, not here.
"""

from cdd_click.content.import_apply import ImportReport, apply_import
from cdd_click.content.import_plan import (
    CHANGED_SINCE_PREVIEW,
    FINGERPRINT_BYTES,
    KEPT_REFUSALS,
    ImportPlan,
    ImportRefused,
    PlannedRow,
    Refusal,
    fingerprint,
    type_label,
)
from cdd_click.content.import_planner import plan_import
from cdd_click.content.import_rows import (
    CLEAR_WORDS,
    CLEARABLE,
    CLEARED,
    MAX_PHOTO_BYTES,
    ROW_NUMBER_HEADERS,
)

__all__ = [
    "CHANGED_SINCE_PREVIEW",
    "CLEARABLE",
    "CLEARED",
    "CLEAR_WORDS",
    "FINGERPRINT_BYTES",
    "KEPT_REFUSALS",
    "MAX_PHOTO_BYTES",
    "ROW_NUMBER_HEADERS",
    "ImportPlan",
    "ImportRefused",
    "ImportReport",
    "PlannedRow",
    "Refusal",
    "apply_import",
    "fingerprint",
    "plan_import",
    "type_label",
]
