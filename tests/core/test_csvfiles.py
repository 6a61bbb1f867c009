"""The one CSV writer: text that a spreadsheet would run as a formula is written as text; the rest unchanged."""

from __future__ import annotations

import io

import pytest

from hemvag.core import csvfiles


@pytest.mark.parametrize("cell", ["=1+1", "+1", "-1", "@A1", "\tx", "\rx", '=HYPERLINK("https://x.example")'])
def test_a_formula_start_is_neutralised(cell):
    assert csvfiles.safe_cell(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["Amina", "HV-2026-0042", "a=b", "", -5, 3.5, None])
def test_other_cells_are_written_as_they_are(cell):
    assert csvfiles.safe_cell(cell) == cell


def test_the_writer_applies_it_to_every_cell():
    out = io.StringIO()
    csvfiles.writer(out, lineterminator="\n").writerows([["=1", "ok", -2], ["@x", "y", 0]])
    assert out.getvalue() == "'=1,ok,-2\n'@x,y,0\n"


def test_no_export_writes_csv_around_the_helper():
    """Every export uses hemvag.core.csvfiles; hemvag.rules (which imports nothing of Django's) writes only the
    engine's own result columns."""
    from pathlib import Path

    import hemvag

    package = Path(hemvag.__file__).parent
    offenders = [str(path.relative_to(package)) for path in package.rglob("*.py")
                 if path.parts[-2] != "rules" and path != package / "core" / "csvfiles.py"
                 and ("csv.writer(" in (text := path.read_text()) or "csv.DictWriter(" in text)]
    assert offenders == []
