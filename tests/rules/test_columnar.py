"""The columnar path (pyarrow) gives exactly the exact reader's and writers' answers.

The property tests write random batch files, valid and broken in the ways files break (bad cells, odd
quoting, line ends, blank lines, short and long rows, repeated ids, stray whitespace, bad UTF-8), and
compare the columnar reader with the csv-module reader: the same Population, or the same problems.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.csv as arrow_csv
import pyarrow.parquet as pq
import pytest
from csvdocs import rows_from_document
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from strategies import households

from hemvag.rules import columnar
from hemvag.rules.batch import (
    ALL_COLUMNS,
    CSV_COLUMNS,
    BatchError,
    Population,
    csv_rows,
    evaluate_population,
    read_population,
    result_rows,
    without_application_dates,
)
from hemvag.rules.programs import PROGRAMS
from hemvag.rules.simulate import simulate

TODAY = dt.date(2026, 3, 1)
SETTINGS = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# Cells as files have them: valid in unusual spellings, invalid, or hard to tokenise.
ODD_CELLS = [
    "", " ", "TRUE", "True", "tRue", "1", "0", " true", "yes", "2025-02-30", " 2025-01-01", "2025-1-01",
    "0000-01-01", "2024-02-29", "IQ", "iq", " IQ", "QQ", "refugee", "Refugee", "main_applicant", "child",
    "boss", "x,y", 'a"b', '"', "\n", "a\r\nb", "\u00a0p1", "p1", "p2", " p1", "h0", " h0", "\x1c", "é", "\u3000",
]  # fmt: skip


def exact(data: bytes, application_dates: bool = True, on: dt.date | None = None) -> Population | list[str] | str:
    """The csv-module reader's answer: a Population, its problems, or the name of the error it raised."""
    try:
        text: Any = io.StringIO(data.decode("utf-8-sig"), newline="")
        text = text if application_dates else without_application_dates(text)
        return read_population(text, on=on or (None if application_dates else dt.date(9999, 12, 31)), today=TODAY)
    except BatchError as error:
        return error.problems
    except UnicodeDecodeError:
        return "UnicodeDecodeError"


def fast(data: bytes, application_dates: bool = True, on: dt.date | None = None) -> Population | list[str] | None:
    """The columnar reader's own answer, or None when it hands the file to the exact reader."""
    table = columnar._csv_table(data, application_dates)
    if table is None:
        return None
    try:
        return columnar._from_table(table, on, TODAY, application_dates)
    except BatchError as error:
        return error.problems


def same(a: Population | list[str] | str, b: Population | list[str] | str) -> bool:
    if isinstance(a, Population) and isinstance(b, Population):
        columns = a.columns.data.keys() == b.columns.data.keys() and all(
            np.array_equal(a.columns[k], b.columns[k]) and a.columns[k].dtype == b.columns[k].dtype
            for k in a.columns.data
        )
        return columns and a.household_ids == b.household_ids and np.array_equal(a.starts, b.starts)
    return a == b


def write_csv(rows: list[list[str]], draw: st.DrawFn, broken: bool) -> bytes:
    """Rows as CSV text, quoted as csv.writer would or every field quoted, with chosen line ends (and, when
    ``broken``, near-blank lines and bytes that are not UTF-8)."""
    quote_all = draw(st.booleans())
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL)
    lines = []
    ending = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    blank_lines = draw(st.integers(0, 3)) == 0
    for row in rows:
        out.seek(0)
        out.truncate()
        writer.writerow(row)
        lines.append(out.getvalue()[:-1] + ending)
        if blank_lines and draw(st.integers(0, 10)) == 0:
            blank = ["\n", "\r\n", " \n", '""\n', ",,\n"] if broken else ["\n", "\r\n"]
            lines.append(draw(st.sampled_from(blank)))
    text = "".join(lines)
    if draw(st.booleans()):
        text = text.removesuffix(ending)  # no line end after the last row
    data = text.encode("utf-8")
    if draw(st.integers(0, 10)) == 0:
        data = b"\xef\xbb\xbf" + data
    if broken and draw(st.integers(0, 30)) == 0:
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.sampled_from([b"\xff", b"\x00", b"\xc3"])) + data[at:]
    return data


@st.composite
def batch_files(draw: st.DrawFn, broken: bool) -> bytes:
    documents = draw(st.lists(households(), min_size=1, max_size=6))
    columns = list(ALL_COLUMNS)
    if draw(st.booleans()):
        columns = [c for c in columns if c not in ("in_sweden", "asylum_late_application_accepted")]
    if draw(st.integers(0, 5)) == 0:
        columns.insert(draw(st.integers(0, len(columns))), "comment")
    columns = draw(st.permutations(columns)) if draw(st.booleans()) else columns
    rows = []
    for index, document in enumerate(documents):
        for row in rows_from_document(f"h{index}", document):
            rows.append([{**row, "comment": "x"}.get(c, "") for c in columns])
    if draw(st.booleans()):
        rows = draw(st.permutations(rows))  # rows of a household may be anywhere
    if broken:
        for _ in range(draw(st.integers(1, 4))):
            row = draw(st.integers(0, len(rows) - 1))
            cell = draw(st.integers(0, len(columns) - 1))
            rows[row][cell] = draw(st.sampled_from(ODD_CELLS))
        if draw(st.integers(0, 6)) == 0:
            row = draw(st.integers(0, len(rows) - 1))
            rows[row] = rows[row][: draw(st.integers(1, len(columns)))] + draw(st.sampled_from([[], ["extra"]]))
    header = [f" {c}" if broken and draw(st.integers(0, 20)) == 0 else c for c in columns]
    return write_csv([header, *rows], draw, broken)


@SETTINGS
@given(data=st.one_of(batch_files(broken=False), batch_files(broken=True)))
def test_the_columnar_reader_answers_as_the_exact_one(data: bytes) -> None:
    for application_dates in (True, False):
        mine = fast(data, application_dates)
        event(f"application dates {application_dates}: {'exact reader' if mine is None else type(mine).__name__}")
        if isinstance(mine, list):
            event(f"first problem: {mine[0].split(': ')[1]}")
        if mine is not None:
            assert same(mine, exact(data, application_dates)), data
    on = fast(data, on=dt.date(2026, 1, 1))
    if on is not None:
        assert same(on, exact(data, on=dt.date(2026, 1, 1)))
    # and through the public function, whichever reader answers
    try:
        public: Population | list[str] | str = columnar.read_population_bytes(data, today=TODAY)
    except BatchError as error:
        public = error.problems
    except UnicodeDecodeError:
        public = "UnicodeDecodeError"
    assert same(public, exact(data))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=batch_files(broken=False))
def test_ordinary_files_take_the_fast_path(data: bytes) -> None:
    assert fast(data) is not None


def test_a_quoted_line_break_across_blocks_is_read_serially(monkeypatch: pytest.MonkeyPatch) -> None:
    rows = [[c for c in row] for row in csv_rows(simulate(3000, 5))]
    rows[1][rows[0].index("member_id")] = "line\nbreak"
    data = write_csv_plain(rows)
    monkeypatch.setattr(columnar, "_BLOCK", 1 << 14)  # many blocks: some end inside the quoted cell's row
    assert same(fast(data), exact(data)) and fast(data) is not None


def write_csv_plain(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue().encode("utf-8")


def test_every_character_str_strip_removes_is_known_as_whitespace() -> None:
    spaces = {chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()}
    assert max(map(ord, spaces)) < 0x3001
    pattern = columnar._EDGE_SPACE
    texts = pa.array([f"{c}x" for c in sorted(spaces)] + [f"x{c}" for c in sorted(spaces)] + ["x", "x y"])
    matched = pa.compute.match_substring_regex(texts, pattern).to_pylist()
    assert matched == [True] * (2 * len(spaces)) + [False, False]


def test_big_file_problems_are_the_first_twenty_in_file_order() -> None:
    rows = [list(row) for row in csv_rows(simulate(20_000, 3))]
    for i in range(5000, 20_000, 300):
        rows[i][rows[0].index("birth_date")] = "1990-02-30"
        rows[i + 1][rows[0].index("permit_valid")] = "maybe"
    data = write_csv_plain(rows)
    problems = fast(data)
    assert isinstance(problems, list) and len(problems) == 20
    assert problems == exact(data)


# --- writing ---------------------------------------------------------------------------------------------


def reference_results(population: Population) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["household_id", "program", "regime", "outcome", "amount_sek", "missing"])
    writer.writerows(result_rows(population, evaluate_population(population, PROGRAMS.values())))
    return out.getvalue()


def columnar_results(population: Population) -> str:
    out = io.StringIO()
    columnar.write_results(out, population, evaluate_population(population, PROGRAMS.values()))
    return out.getvalue()


@SETTINGS
@given(st.lists(households(max_others=9), min_size=1, max_size=12), st.lists(st.sampled_from(["h", 'a,"b', " x", "é"])))
def test_results_are_written_as_csv_writer_writes_result_rows(documents: list[dict[str, Any]], odd: list[str]) -> None:
    rows = [["household_id", *CSV_COLUMNS]]
    for index, document in enumerate(documents):
        household_id = f"{odd[index] if index < len(odd) else 'h'}{index}"
        rows += [[household_id, *(row[c] for c in CSV_COLUMNS)] for row in rows_from_document("", document)]
    population = read_population(io.StringIO(write_csv_plain(rows).decode()), today=TODAY)
    assert columnar_results(population) == reference_results(population)


def test_results_of_a_simulated_population_in_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    population = simulate(30_000, 9)
    monkeypatch.setattr(columnar, "_WRITE_BLOCK", 5_000)  # several blocks of households
    assert columnar_results(population) == reference_results(population)


def test_populations_are_written_as_csv_writer_writes_csv_rows(monkeypatch: pytest.MonkeyPatch) -> None:
    population = simulate(12_000, 4)
    monkeypatch.setattr(columnar, "_WRITE_BLOCK", 5_000)
    out = io.StringIO()
    columnar.write_population(out, population)
    assert out.getvalue().encode() == write_csv_plain([list(r) for r in csv_rows(population)])


def test_written_through_a_file_as_through_a_string(tmp_path: Path) -> None:
    population = simulate(2_000, 4)
    with (tmp_path / "r.csv").open("w", encoding="utf-8", newline="") as out:
        columnar.write_results(out, population, evaluate_population(population, PROGRAMS.values()))
    assert (tmp_path / "r.csv").read_text(encoding="utf-8") == reference_results(population)


# --- Parquet -------------------------------------------------------------------------------------------


def as_parquet_via_csv(path: Path) -> Population | list[str]:
    """What a Parquet population meant before: pyarrow's CSV of the table, read by the exact reader."""
    buffer = io.BytesIO()
    arrow_csv.write_csv(pq.read_table(path), buffer)
    try:
        return read_population(io.StringIO(buffer.getvalue().decode(), newline=""), today=TODAY)
    except BatchError as error:
        return error.problems


def test_parquet_as_text_and_typed_columns_reads_as_its_csv(tmp_path: Path) -> None:
    csv_data = write_csv_plain([list(r) for r in csv_rows(simulate(5_000, 8))])
    table = arrow_csv.read_csv(
        pa.BufferReader(csv_data),
        convert_options=arrow_csv.ConvertOptions(column_types={c: pa.string() for c in ALL_COLUMNS}),
    )
    pq.write_table(table, tmp_path / "text.parquet")
    typed = arrow_csv.read_csv(pa.BufferReader(csv_data))  # booleans and dates as pyarrow infers them
    assert pa.types.is_boolean(typed.schema.field("swedish_citizen").type)
    pq.write_table(typed, tmp_path / "typed.parquet")
    for name in ("text.parquet", "typed.parquet"):
        read = columnar.read_population_path(tmp_path / name, today=TODAY)
        assert same(read, as_parquet_via_csv(tmp_path / name))
        assert same(read, exact(csv_data))
    broken = table.set_column(table.column_names.index("role"), "role", pa.array(["boss"] * table.num_rows))
    pq.write_table(broken, tmp_path / "broken.parquet")
    with pytest.raises(BatchError) as error:
        columnar.read_population_path(tmp_path / "broken.parquet", today=TODAY)
    assert error.value.problems == as_parquet_via_csv(tmp_path / "broken.parquet")


def test_batch_command_reads_parquet(tmp_path: Path) -> None:
    csv_data = write_csv_plain([list(r) for r in csv_rows(simulate(800, 2))])
    (tmp_path / "p.csv").write_bytes(csv_data)
    pq.write_table(arrow_csv.read_csv(pa.BufferReader(csv_data)), tmp_path / "p.parquet")
    outputs = []
    for name in ("p.csv", "p.parquet"):
        done = subprocess.run(
            [sys.executable, "-m", "hemvag.rules.cli", "eligibility", "--batch", str(tmp_path / name)],
            capture_output=True, text=True, timeout=60, check=False,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        outputs.append(done.stdout)
    assert outputs[0] == outputs[1] and outputs[0].count("\n") > 500
    (tmp_path / "bad.parquet").write_bytes(b"PAR1 not really")
    done = subprocess.run(
        [sys.executable, "-m", "hemvag.rules.cli", "eligibility", "--batch", str(tmp_path / "bad.parquet")],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr.startswith("line 1: (file): not a readable Parquet file")


def test_forecast_reads_parquet_without_application_dates(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from hemvag.rules.cli import main

    csv_data = write_csv_plain([list(r) for r in csv_rows(simulate(3_000, 6))])
    (tmp_path / "p.csv").write_bytes(csv_data)
    table = arrow_csv.read_csv(pa.BufferReader(csv_data))
    pq.write_table(table.drop_columns(["application_date"]), tmp_path / "p.parquet")
    results = []
    for name in ("p.csv", "p.parquet"):
        scenario = tmp_path / f"{name}.yaml"
        scenario.write_text(
            f"population: {name}\nprogram: return_grant\nyears: [2026, 2027]\ntake_up: 1\n", encoding="utf-8"
        )
        assert main(["forecast", str(scenario), "--format", "json"]) == 0
        result = json.loads(capsys.readouterr().out)
        results.append({k: v for k, v in result.items() if k not in ("name", "seconds")})
    assert results[0] == results[1] and results[0]["population"]["persons"] == 3_000


@pytest.mark.parametrize("day", ["0000-01-01", "0000-02-29", "0001-01-01", "9999-12-31"])
def test_dates_pyarrow_parses_but_python_has_not_are_problems_as_before(day: str) -> None:
    rows = [list(row) for row in csv_rows(simulate(50, 1))]
    rows[3][rows[0].index("permit_granted_on")] = day
    rows[3][rows[0].index("birth_date")] = ""
    data = write_csv_plain(rows)
    assert fast(data) is not None and same(fast(data), exact(data))
