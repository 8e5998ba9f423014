"""The register in and out of spreadsheets: bulk import of members (and one plot per row) from CSV or Excel
(.xlsx), and the export in the same columns, so that an exported file imports again without changing anything.

The import runs in two steps. `import_preview` reads and checks the file and compares it with the register: how
many members it would create, update or leave unchanged, and every error with its row and column. It writes
nothing. `import_apply` does the same inside one transaction and writes everything with bulk operations, or
nothing at all when a single row is wrong. The member number is the key: a file imported twice changes nothing
the second time.
"""

from .checking import import_check, import_preview
from .columns import COLUMN_NAMES, COLUMNS, MAX_BYTES, MAX_ROWS, XLSX_MAGIC
from .export import export_csv, export_xlsx, template_csv, template_xlsx
from .plan import ImportPlan, ImportRefused, MemberChange, RowError
from .writing import import_apply

__all__ = [
    "COLUMNS",
    "COLUMN_NAMES",
    "MAX_BYTES",
    "MAX_ROWS",
    "XLSX_MAGIC",
    "ImportPlan",
    "ImportRefused",
    "MemberChange",
    "RowError",
    "export_csv",
    "export_xlsx",
    "import_apply",
    "import_check",
    "import_preview",
    "template_csv",
    "template_xlsx",
]
