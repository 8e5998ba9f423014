"""The house's layout rules, checked so that they hold as the code grows (see the README's "The code")."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("hivos_qm", "producers", "standards", "cycles", "tests")
# A file holds one idea: past this a module is several, and is split along its seams. Migrations are generated and
# the reference data is the standards' own text, so neither is counted.
MAX_LINES = 450
NOT_COUNTED = ("reference_data.py", "reference_data_sw.py")


def _modules() -> list[Path]:
    return [
        path
        for package in PACKAGES
        for path in (ROOT / package).rglob("*.py")
        if "migrations" not in path.parts and path.name not in NOT_COUNTED
    ]


def test_the_project_has_modules_to_measure() -> None:
    # Guards the check itself: a wrong ROOT would find nothing and pass.
    assert len(_modules()) > 100


def test_no_module_is_longer_than_the_house_rule() -> None:
    long = {
        str(path.relative_to(ROOT)): count
        for path in _modules()
        if (count := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}, f"Split these along their seams (over {MAX_LINES} lines): {long}"
