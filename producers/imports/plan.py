"""What an import would do and what went wrong: the plan of members created, updated and unchanged, and the errors by
row and column.
"""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..models import Member, Plot


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return _("Row %(row)d, %(column)s: %(message)s") % {
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }


class FileProblem(Exception):
    """The file cannot be read as a register at all."""


class CellProblem(Exception):
    """One cell is wrong: its message goes into a RowError."""


# --- The plan --------------------------------------------------------------------------------------------------


@dataclass
class MemberChange:
    """An existing member the import changes, with the columns that change (for the preview)."""

    member_number: str
    name: str
    columns: list[str]


@dataclass
class ImportPlan:
    """What the file would do to the register. Nothing in it has been written."""

    file_name: str
    file_errors: list[str] = field(default_factory=list)
    row_errors: list[RowError] = field(default_factory=list)
    rows: int = 0
    unchanged: int = 0
    # New rows are plain values (inserted in bulk, no model instances needed); changed ones are the saved records.
    new_members: list[dict[str, Any]] = field(default_factory=list)
    changed_members: list[Member] = field(default_factory=list)
    changes: list[MemberChange] = field(default_factory=list)
    # Each new plot names its member by number: a new member has no id before it is written.
    new_plots: list[dict[str, Any]] = field(default_factory=list)
    changed_plots: list[Plot] = field(default_factory=list)
    # (member number, from, to, on) for each status the file moves; a new member's first status is from "".
    status_moves: list[tuple[str, str, str, date]] = field(default_factory=list)

    @property
    def created(self) -> int:
        return len(self.new_members)

    @property
    def updated(self) -> int:
        return len(self.changed_members)

    @property
    def plots(self) -> int:
        """Plots added or updated."""
        return len(self.new_plots) + len(self.changed_plots)

    @property
    def errors(self) -> list[str]:
        return self.file_errors + [str(error) for error in self.row_errors]

    @property
    def ok(self) -> bool:
        return not self.file_errors and not self.row_errors

    @property
    def changes_anything(self) -> bool:
        return bool(self.new_members or self.changed_members or self.new_plots or self.changed_plots)


class ImportRefused(ValidationError):
    """The file has errors: nothing was imported. `plan` carries them."""

    def __init__(self, plan: ImportPlan) -> None:
        self.plan = plan
        count = len(plan.errors)
        super().__init__(
            ngettext(
                "Nothing was imported: the file has %(count)d error. Correct it and upload the file again.",
                "Nothing was imported: the file has %(count)d errors. Correct them and upload the file again.",
                count,
            )
            % {"count": count},
            code="import_errors",
        )
