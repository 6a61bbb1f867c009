"""Populations in and out at engine speed: pyarrow reads and writes the text, NumPy holds the columns.

Why pyarrow (and not Polars): its CSV reader parses in parallel blocks and converts dates and booleans
itself, accepting only texts the exact reader accepts, with the same value; a file with any other text is
read again with each coded column dictionary-encoded, so every distinct text (a million rows of a column
have a few thousand) is checked once by the very function the exact reader uses (``batch.value_codes``)
and the messages cannot drift.  It reads Parquet natively, and Arrow compute joins the results' text
without a Python loop.  Polars ships its own types, but it is a second columnar runtime of about the same
weight and parsed our files no faster (bench/README.md); pyarrow has no inline types, so this module is
the only one that touches it (mypy ignores its missing stubs, pyproject.toml) and its functions return
NumPy arrays or Python values with declared types.

Exactness: the contract's messages are those of ``batch.read_population`` (Python's csv module).  The
fast path is taken only where pyarrow tokenises the file as Python's csv does; anything else (a row of
another width, a blank first line, NUL, a field over csv's size limit, an unusual header, anything
pyarrow cannot parse) is read by that exact reader instead.  tests/rules/test_columnar.py compares the
two on random files, valid and invalid.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import string
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any, Final, TextIO

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

from hemvag.rules.batch import (
    ALL_COLUMNS,
    CSV_COLUMNS,
    MAX_PROBLEMS,
    RESULT_COLUMNS,
    BatchError,
    Grouping,
    Population,
    Problems,
    ProgramResult,
    Structure,
    assemble,
    default_application_date,
    empty_code,
    read_population,
    value_codes,
    without_application_dates,
)
from hemvag.rules.columns import CHOICES, COLUMN_DTYPES, Array
from hemvag.rules.facts import FACTS, ROLES, fact
from hemvag.rules.tri import MET, NOT_MET, OUTCOME_NAMES, UNKNOWN

I64 = npt.NDArray[np.int64]
_BOM: Final = b"\xef\xbb\xbf"
_HEAD: Final = 1 << 20  # the header is parsed from the first MiB (a longer header goes to the exact reader)
_BLOCK: Final = 8 << 20  # pyarrow's CSV block: fewer, larger chunks (its default is 1 MiB)
_CODED: Final = tuple(COLUMN_DTYPES)  # columns turned into codes: application date, role, the facts
_TEXT: Final = pa.dictionary(pa.int32(), pa.string())
# Python's str.strip() removes these (all below U+3001); RE2's \s knows only the ASCII ones.
_SPACE: Final = "".join(f"\\x{{{ord(c):x}}}" for c in map(chr, range(0x3001)) if c.isspace())
_EDGE_SPACE: Final = f"^[{_SPACE}]|[{_SPACE}]$"
# Booleans pyarrow may parse itself: exactly the texts (after strip and lower) the exact reader accepts.
_TRUE: Final = ("true", "True", "TRUE", "1")
_FALSE: Final = ("false", "False", "FALSE", "0")
# Bytes after which a text may need Python: NUL, ASCII whitespace (str.strip) and every non-ASCII byte.
_SUSPECT: Final = np.isin(np.arange(256), [0, *range(9, 14), *range(28, 33), *range(128, 256)])
_FIRST_DAY: Final = (dt.date(1, 1, 1) - dt.date(1970, 1, 1)).days  # the first date Python has, as date32
_FAR_FUTURE: Final = dt.date(9999, 12, 31)  # forecasts: every member read, whatever the birth date
_PLAIN_FIELD: Final = r"^[A-Za-z0-9_.:/+\-]+$"  # written as is by csv.writer; anything else goes through it
_PLAIN_BYTE: Final = np.isin(np.arange(256), [ord(c) for c in string.ascii_letters + string.digits + "_.:/+-"])
_WRITE_BLOCK: Final = 1 << 20  # rows (or households) turned into text at a time, to bound memory


# --- reading --------------------------------------------------------------------------------------------


def read_population_path(
    path: Path, on: dt.date | None = None, today: dt.date | None = None, *, application_dates: bool = True
) -> Population:
    """Read and validate a batch CSV or a ``.parquet`` population (same columns); BatchError as the exact
    reader's.  ``application_dates=False`` (forecasts): the column may be absent and is not read.
    OSError and UnicodeDecodeError propagate as from ``open``."""
    if path.suffix.lower() == ".parquet":
        return _from_table(_parquet_table(path, application_dates), on, today, application_dates)
    table = _csv_table(path, application_dates)
    if table is None:  # not certain to tokenise as Python's csv does: the exact reader decides
        with path.open(encoding="utf-8-sig", newline="") as source:
            text = source if application_dates else without_application_dates(source)
            return read_population(text, on=on, today=today)
    return _from_table(table, on, today, application_dates)


def read_population_bytes(
    data: bytes, on: dt.date | None = None, today: dt.date | None = None, *, application_dates: bool = True
) -> Population:
    """Like read_population_path, for a batch CSV in memory."""
    table = _csv_table(data, application_dates)
    if table is None:
        text: TextIO = io.StringIO(data.decode("utf-8-sig"), newline="")
        return read_population(text if application_dates else without_application_dates(text), on=on, today=today)
    return _from_table(table, on, today, application_dates)


def _head(source: Path | bytes) -> tuple[bytes, bool]:
    """The first MiB (without a byte-order mark) and whether the file goes on after it."""
    if isinstance(source, bytes):
        head = source[: _HEAD + 1]
    else:
        with source.open("rb") as handle:
            head = handle.read(_HEAD + 1)
    return head.removeprefix(_BOM), len(head) > _HEAD


def _header(source: Path | bytes) -> list[str] | None:
    """The header as Python's csv reads it, or None when only the exact reader can be sure of it."""
    head, more = _head(source)
    if not head or head[:1] in (b"\n", b"\r") or b"\x00" in head:
        return None  # a blank first line is an empty header there; NUL is an error there
    if more:
        head = head[: max(head.rfind(b"\n"), head.rfind(b"\r")) + 1]
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError:
        return None
    lines = io.StringIO(text, newline="")
    header = next(csv.reader(lines), None)
    if header is None or (more and lines.tell() >= len(text)):
        return None  # the header may go on beyond what was read
    return header


def _kind(column: str) -> str:
    return "date" if column == "application_date" else "role" if column == "role" else fact(column).kind


def _column_types(header: list[str], names: list[str], application_dates: bool, typed: bool) -> dict[str, Any]:
    """Arrow types to read each column as.  ``typed``: dates and booleans parsed by pyarrow, which accepts
    only texts the exact reader accepts with the same value (else the read fails and is done untyped);
    untyped: every coded column as dictionary-encoded text, each distinct text checked by value_codes."""
    types: dict[str, Any] = {}
    for raw, name in zip(header, names, strict=True):
        kind = _kind(name) if name in _CODED and (application_dates or name != "application_date") else "text"
        if kind == "text":
            types[raw] = pa.string()
        elif typed and kind == "date":
            types[raw] = pa.date32()
        elif typed and kind == "bool":
            types[raw] = pa.bool_()
        else:
            types[raw] = _TEXT
    return types


def _csv_table(source: Path | bytes, application_dates: bool) -> dict[str, Any] | None:
    """The CSV's columns as Arrow arrays by (stripped) name, when the fast path reads it exactly as Python's
    csv would; else None."""
    header = _header(source)
    if header is None:
        return None
    names = [name.strip() for name in header]
    if len(set(header)) != len(header) or len(set(names)) != len(names):
        return None  # repeated names: the exact reader takes the first
    if any(column not in names for column in CSV_COLUMNS if application_dates or column != "application_date"):
        return None  # missing columns: the exact reader reports them (before it decodes the rest)
    # First in parallel blocks split at line ends with dates and booleans parsed; a quoted line break at a
    # block's end, or any cell pyarrow's parsers refuse, fails that read: then once more, serially and as text.
    for typed in (True, False):
        table = _arrow_csv(source, _column_types(header, names, application_dates, typed), newlines=not typed)
        if table is not None and (not typed or _dates_in_range(table)):
            break
    if table is None or table.column_names != header:
        return None
    columns = {name: table.column(raw) for raw, name in zip(header, names, strict=True)}
    return columns if all(_tokenised_alike(values) for values in columns.values()) else None


def _arrow_csv(source: Path | bytes, types: dict[str, Any], newlines: bool) -> Any:
    try:
        return pa_csv.read_csv(
            pa.BufferReader(source) if isinstance(source, bytes) else str(source),
            read_options=pa_csv.ReadOptions(block_size=_BLOCK),
            parse_options=pa_csv.ParseOptions(newlines_in_values=newlines),
            convert_options=pa_csv.ConvertOptions(
                column_types=types, strings_can_be_null=False, null_values=[""], true_values=list(_TRUE),
                false_values=list(_FALSE),
            ),
        )  # fmt: skip
    except pa.ArrowException:
        return None  # rows of another width, bad UTF-8, a cell that is no date, …


def _dates_in_range(table: Any) -> bool:
    """pyarrow parses the year 0000, which Python's dates (the exact reader) do not have."""
    for column in table.columns:
        if pa.types.is_date32(column.type):
            first = pc.min(column.cast(pa.int32())).as_py()
            if first is not None and first < _FIRST_DAY:
                return False
    return True


def _text_flags(texts: Any) -> tuple[bool, bool]:
    """(any byte that may need Python: NUL, whitespace, non-ASCII; any empty text) of a string array,
    from its buffers, without a pass per character in Python."""
    offsets, data = _buffers(texts)
    empty = bool(len(offsets) > 1 and (np.diff(offsets) == 0).any())
    return bool(_SUSPECT[data].any()) if len(data) else False, empty


def _buffers(texts: Any) -> tuple[npt.NDArray[np.int32], npt.NDArray[np.uint8]]:
    """Offsets and bytes of a (non-null) string array."""
    buffers = texts.buffers()
    offsets = np.frombuffer(buffers[1], dtype=np.int32, count=len(texts) + 1, offset=texts.offset * 4)
    data = np.frombuffer(buffers[2], dtype=np.uint8) if buffers[2] is not None else np.zeros(0, np.uint8)
    return offsets, data[int(offsets[0]) : int(offsets[-1])]


def _tokenised_alike(values: Any) -> bool:
    """No cell that Python's csv would refuse (NUL; a field over its size limit), so both readers agree.
    Typed columns hold only dates and booleans; text columns are checked on their bytes or distinct texts."""
    if not (pa.types.is_string(values.type) or pa.types.is_dictionary(values.type)):
        return True
    limit = csv.field_size_limit()
    for chunk in values.chunks:
        texts = chunk.dictionary if pa.types.is_dictionary(chunk.type) else chunk
        offsets, data = _buffers(texts)
        if len(offsets) > 1 and int(np.diff(offsets).max()) > limit:
            return False
        if len(data) and bytes(data).find(b"\x00") >= 0:
            return False
    return True


def _parquet_table(path: Path, application_dates: bool) -> dict[str, Any]:
    """A Parquet population's columns as text, as its CSV would have them (pyarrow's cast to string;
    null is an empty cell).  The first column of a name counts, as in a CSV."""
    try:
        table = pq.read_table(path)
    except pa.ArrowException as error:
        raise BatchError([f"line 1: (file): not a readable Parquet file ({error})"]) from None
    names = [name.strip() for name in table.column_names]
    required = [c for c in CSV_COLUMNS if application_dates or c != "application_date"]
    missing = [f"line 1: {c}: missing column" for c in required if c not in names]
    if missing:
        raise BatchError(missing[:MAX_PROBLEMS])
    columns: dict[str, Any] = {}
    for index, name in enumerate(names):
        if name in ALL_COLUMNS and name not in columns:
            text = pc.fill_null(pc.cast(table.column(index), pa.string()), "")
            columns[name] = text if name in ("household_id", "member_id") else pc.dictionary_encode(text)
    return columns


def _from_table(
    table: dict[str, Any], on: dt.date | None, today: dt.date | None, application_dates: bool
) -> Population:
    problems = Problems()
    n = len(table["household_id"])
    if n == 0:
        raise BatchError(["line 2: household_id: no rows"])
    if not application_dates:
        table.pop("application_date", None)
    columns = {column: table.pop(column, None) for column in _CODED}
    # The columns are independent: two at a time (NumPy and Arrow compute release the GIL).
    with ThreadPoolExecutor(max_workers=2) as pool:
        households = pool.submit(_households, table.pop("household_id"), problems)
        codes = {column: pool.submit(_codes, column, values, n, problems) for column, values in columns.items()}
        del columns
        household, names = households.result()
        data = {column: future.result() for column, future in codes.items()}
    if problems:
        raise BatchError(problems.lines())
    member = table.pop("member_id")
    del table

    def member_ids(grouping: Grouping, problems: Problems) -> None:
        _member_id_problems(member, household, grouping, names, problems)

    default = default_application_date(on if application_dates else _FAR_FUTURE, today)
    override = on is not None or not application_dates
    return assemble(data, household, names, member_ids, problems, default, override)


def _combined(values: Any) -> Any:
    return values.combine_chunks() if isinstance(values, pa.ChunkedArray) else values


def _first(rows: npt.NDArray[np.intp]) -> list[int]:
    """The first rows of one kind of problem: only they can be among the first 20 in file order."""
    return [int(row) for row in rows[:MAX_PROBLEMS]]


def _codes(column: str, values: Any, n: int, problems: Problems) -> Array:
    """One column's codes; an absent (optional) column is empty."""
    dtype = COLUMN_DTYPES[column]
    codes: Array = np.full(n, empty_code(column), dtype=dtype)
    if values is None:
        return codes
    chunks = values.chunks if isinstance(values, pa.ChunkedArray) else [values]
    if pa.types.is_dictionary(values.type):
        return _text_codes(column, chunks, codes, problems)
    valid = pc.is_valid(values).to_numpy(zero_copy_only=False).view(np.int8)  # typed: every cell is valid
    if pa.types.is_boolean(values.type):
        true = pc.fill_null(values, False).to_numpy(zero_copy_only=False).view(np.int8)
        codes[:] = valid * (true * 2 - 1) + UNKNOWN  # known: MET (2) or NOT_MET (0); else UNKNOWN (1)
        return codes
    days = pc.fill_null(values.cast(pa.int32()), 0).to_numpy(zero_copy_only=False)
    if valid.any():
        low, high = int(days[valid == 1].min()), int(days[valid == 1].max())
        by_day = _yyyymmdd(np.arange(low, high + 1, dtype=np.int32))  # each day of the range converted once
        codes[:] = np.where(valid == 1, by_day[np.clip(days - low, 0, high - low)], 0)
    return codes


def _text_codes(column: str, chunks: list[Any], codes: Array, problems: Problems) -> Array:
    """Codes of dictionary-encoded text: each distinct text checked once by ``value_codes``."""
    start = 0
    known: dict[str, int] = {}
    bad: dict[str, str] = {}
    for chunk in chunks:
        distinct: list[str] = chunk.dictionary.to_pylist()
        new = [text for text in distinct if text not in known and text not in bad]
        if new:
            mapping, wrong = value_codes(column, new)
            known.update(mapping)
            bad.update(wrong)
        table = np.array([known[text] for text in distinct], dtype=codes.dtype)
        indices = chunk.indices.to_numpy(zero_copy_only=False)
        codes[start : start + len(chunk)] = table[indices]
        if bad and any(text in bad for text in distinct):
            wrong_at = np.array([i for i, text in enumerate(distinct) if text in bad])
            for row in _first(np.flatnonzero(np.isin(indices, wrong_at))):
                problems.add(start + row, column, bad[distinct[indices[row]]])
        start += len(chunk)
    return codes


def _yyyymmdd(days: npt.NDArray[np.int32]) -> npt.NDArray[np.int32]:
    """Days since 1970-01-01 -> yyyymmdd (the column encoding of dates)."""
    day = days.astype("datetime64[D]")
    month = day.astype("datetime64[M]")
    year = month.astype(np.int64) // 12 + 1970
    result: npt.NDArray[np.int32] = (
        year * 10000 + (month.astype(np.int64) % 12 + 1) * 100 + (day - month).astype(np.int64) + 1
    ).astype(np.int32)
    return result


def _irregular(texts: Any) -> npt.NDArray[np.bool_]:
    """Texts that str.strip() changes or that are empty (both need Python)."""
    suspect, empty = _text_flags(texts)
    if not suspect and not empty:
        return np.zeros(len(texts), dtype=bool)
    edge = pc.match_substring_regex(texts, _EDGE_SPACE)
    return np.asarray(pc.or_(edge, pc.equal(pc.binary_length(texts), 0)).to_numpy(zero_copy_only=False), bool)


def _dictionary(texts: Any) -> tuple[Any, I64]:
    """Distinct values in order of first appearance and each row's index into them."""
    encoded = pc.dictionary_encode(_combined(texts))
    return encoded.dictionary, encoded.indices.to_numpy(zero_copy_only=False).astype(np.int64)


def _runs(texts: Any) -> tuple[Any, I64] | None:
    """When each household's rows are together (as usual): its id and each row's household, found by
    comparing neighbours instead of hashing every row; None when an id comes back after another."""
    n = len(texts)
    begins = np.ones(n, dtype=bool)
    if n > 1:
        begins[1:] = ~pc.equal(texts.slice(1), texts.slice(0, n - 1)).to_numpy(zero_copy_only=False)
    ids = _combined(texts.filter(pa.array(begins)))
    if not _ascending(ids) and len(pc.unique(ids)) != len(ids):
        return None
    return ids, np.cumsum(begins, dtype=np.int64) - 1


def _ascending(ids: Any) -> bool:
    """Strictly ascending ids (h1, h2 … h10 by length then text, or by text alone) are all different, which
    is cheaper to see than to hash them all."""
    if len(ids) < 2:
        return True
    earlier, later = ids.slice(0, len(ids) - 1), ids.slice(1)
    if pc.all(pc.less(earlier, later)).as_py():
        return True
    shorter, longer = pc.binary_length(earlier), pc.binary_length(later)
    by_length = pc.or_(pc.less(shorter, longer), pc.and_(pc.equal(shorter, longer), pc.less(earlier, later)))
    return bool(pc.all(by_length).as_py())


def _households(texts: Any, problems: Problems) -> tuple[I64, list[str]]:
    """Each row's household (numbered by first appearance of the stripped id) and the ids; empty ids are
    reported as required, as by the exact reader."""
    runs = _runs(texts)
    distinct, index = runs if runs is not None else _dictionary(texts)
    irregular = _irregular(distinct)
    if not irregular.any():
        return index, distinct.to_numpy(zero_copy_only=False).tolist()  # faster than to_pylist
    ids: dict[str, int] = {}
    renumber = np.array([ids.setdefault(text.strip(), len(ids)) for text in distinct.to_pylist()], dtype=np.int64)
    household = renumber[index]
    if "" in ids:
        for row in _first(np.flatnonzero(household == ids[""])):
            problems.add(row, "household_id", "required")
    return household, list(ids)


def _member_id_problems(texts: Any, household: I64, grouping: Grouping, names: list[str], problems: Problems) -> None:
    """A member id (stripped; empty: ``p`` + its position in the household) twice in one household."""
    position = grouping.positions(household)
    defaults = pa.array([f"p{k + 1}" for k in range(int(position.max(initial=0)) + 1)], pa.string())
    own_default = pc.equal(texts, defaults.take(pa.array(position)))
    if pc.all(pc.or_(own_default, pc.equal(pc.binary_length(texts), 0))).as_py():
        return  # every id empty or its own default: all different within a household (as `hemvag simulate`)
    distinct, index = _dictionary(texts)
    size = len(distinct)
    # Each row's member id as a number: its distinct text, or (empty, or changed by strip) the number of
    # the text it stands for; texts not in the file are numbered after the distinct ones.
    key_of: dict[str, int] = {}
    lookups = {i: str(distinct[i].as_py()).strip() for i in np.flatnonzero(_irregular(distinct)).tolist()}
    wanted = sorted({*lookups.values(), *defaults.to_pylist()} - {""})
    found = pc.index_in(pa.array(wanted, pa.string()), value_set=distinct).to_pylist()
    for text, at in zip(wanted, found, strict=True):
        key_of[text] = at if at is not None else size + len(key_of)
    number = np.arange(size, dtype=np.int64)
    empty = np.zeros(size, dtype=bool)
    for i, text in lookups.items():
        empty[i] = not text
        number[i] = key_of[text] if text else -1
    by_position = np.array([key_of[text] for text in defaults.to_pylist()], dtype=np.int64)
    key = np.where(empty[index], by_position[position], number[index])
    _, code = _dictionary(pa.array(household * (size + len(key_of) + 1) + key))
    earlier_max = np.maximum.accumulate(np.concatenate([[-1], code[:-1]]))
    for row in _first(np.flatnonzero(code <= earlier_max)):  # numbered before: seen before in file order
        member = str(distinct[int(index[row])].as_py()).strip() or f"p{int(position[row]) + 1}"
        h = int(household[row])
        problems.add(row, "member_id", f"duplicate member id '{member}' in household '{names[h]}'")


# --- writing --------------------------------------------------------------------------------------------


def _csv_fields(texts: list[str]) -> Any:
    """Texts as csv.writer writes them as fields (quoted where it would), as an Arrow string array."""
    values = pa.array(texts, pa.string())
    offsets, data = _buffers(values)
    if len(values) and _PLAIN_BYTE[data].all() and int(np.diff(offsets).min()) > 0:
        return values  # letters, digits and a few signs only: written as they are
    plain = pc.match_substring_regex(values, _PLAIN_FIELD)
    fields = [text if ok else _csv_field(text) for text, ok in zip(texts, plain.to_pylist(), strict=True)]
    return pa.array(fields, pa.string())


def _csv_field(text: str) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow([text, "x"])  # a second field: an empty one alone is quoted
    return out.getvalue()[: -len(",x\n")]


def _write(out: TextIO, lines: Any) -> None:
    """Lines (an Arrow string array, each line ending in a newline) to ``out`` as one block of text."""
    if len(lines) == 0:
        return
    offsets = np.frombuffer(lines.buffers()[1], dtype=np.int32, count=len(lines) + 1, offset=lines.offset * 4)
    data = memoryview(lines.buffers()[2])[int(offsets[0]) : int(offsets[-1])]
    binary = getattr(out, "buffer", None)
    if binary is not None and os.linesep == "\n" and str(getattr(out, "encoding", "")).lower() in ("utf-8", "utf8"):
        out.flush()
        binary.write(data)  # the UTF-8 bytes as they are, without decoding them into a str first
    else:
        out.write(bytes(data).decode("utf-8"))


def _joined(columns: list[Any]) -> Any:
    """Rows of text from columns (each a string array or scalar): comma-separated, newline-terminated."""
    return pc.binary_join_element_wise(*columns[:-1], pc.binary_join_element_wise(columns[-1], "\n", ""), ",")


def _dates(values: Array) -> Any:
    """yyyymmdd codes as ISO dates (0: empty), each distinct date formatted once."""
    distinct, inverse = np.unique(values, return_inverse=True)
    texts = ["" if v == 0 else dt.date(v // 10000, v // 100 % 100, v % 100).isoformat() for v in distinct.tolist()]
    return pa.array(texts, pa.string()).take(pa.array(inverse.ravel()))


def _decoded(column: str, values: Array) -> Any:
    """A column's codes as the batch CSV's text (unknown: empty)."""
    if column == "application_date":
        return _dates(values)
    if column == "role":
        return pa.array(ROLES, pa.string()).take(pa.array(values))
    kind = fact(column).kind
    if kind == "date":
        return _dates(values)
    if kind == "bool":
        texts = {NOT_MET: "false", UNKNOWN: "", MET: "true"}
        return pa.array([texts[code] for code in range(3)], pa.string()).take(pa.array(values))
    return pa.array(["", *CHOICES[kind]], pa.string()).take(pa.array(values))


def write_population(out: TextIO, population: Population) -> None:
    """The population as batch CSV, exactly as ``csv.writer`` writes ``batch.csv_rows`` (optional columns
    last; member ids ``p1, p2 …`` by position in the household)."""
    out.write(",".join(ALL_COLUMNS) + "\n")
    structure = population.structure()
    ids = _csv_fields(population.household_ids)
    members = pa.array([f"p{k + 1}" for k in range(int(structure.position.max(initial=0)) + 1)], pa.string())
    for start in range(0, population.persons, _WRITE_BLOCK):
        rows = slice(start, start + _WRITE_BLOCK)
        cells: list[Any] = []
        for column in ALL_COLUMNS:
            if column == "household_id":
                cells.append(ids.take(pa.array(structure.household_of_row[rows])))
            elif column == "member_id":
                cells.append(members.take(pa.array(structure.position[rows])))
            else:
                cells.append(_decoded(column, population.columns[column][rows]))
        _write(out, _joined(cells))


def _segment(bits: int, index: int) -> str:
    """The JSON paths of some missing facts of one member, most decisive first (FACTS order)."""
    return ";".join(f.json_path(index) for f in FACTS if bits >> f.bit & 1)


def _deduplicated(member_bits: I64, owner: I64, household_bits: I64) -> None:
    """Drop (in place) household-level facts already listed for the household: in its own bits, or on an
    earlier row of it (the same path, as a household fact has no member index)."""
    household_level = sum(1 << f.bit for f in FACTS if f.household_level)
    rows = np.flatnonzero(member_bits & household_level)  # few: these facts are mostly the main applicant's
    for f in FACTS:
        if not f.household_level or len(rows) == 0:
            continue
        having = rows[(member_bits[rows] >> f.bit) & 1 == 1]
        first = np.zeros(len(having), dtype=bool)
        first[np.unique(owner[having], return_index=True)[1]] = True  # rows ascend: the first of each household
        listed = having[~first | ((household_bits[owner[having]] >> f.bit) & 1 == 1)]
        member_bits[listed] &= ~(1 << f.bit)


def _missing(result: ProgramResult, structure: Structure, households: slice) -> Any:
    """``missing`` of each household in ``households``: what ``batch.missing_for`` lists, joined by ``;``.

    Paths come from the household's bits (on the main applicant) and then each member's bits in file order;
    a path already listed is dropped: a member-level one only on the main applicant's own row, a
    household-level one on every row after the first that has it.  Each distinct (bits, member index) is
    turned into text once."""
    first, last = households.start, households.stop
    row_first, row_last = int(structure.starts[first]), int(structure.ends[last - 1]) + 1
    h, n = last - first, row_last - row_first
    starts = structure.starts[first:last] - row_first
    owner = structure.household_of_row[row_first:row_last].astype(np.int64) - first
    main = structure.main_row[first:last] - row_first
    unknown = result.outcome[first:last] == UNKNOWN
    household_bits = np.where(unknown, result.household_bits[first:last], 0).astype(np.int64)
    member_bits = np.where(unknown[owner], result.member_bits[row_first:row_last], 0).astype(np.int64)
    member_bits[main] &= ~household_bits
    _deduplicated(member_bits, owner, household_bits)
    # One entry per household (its bits, on the main applicant) followed by one per member, in output order.
    bits = np.empty(h + n, np.int64)
    index = np.empty(h + n, np.int64)
    at_household, at_member = starts + np.arange(h), np.arange(n) + owner + 1
    bits[at_household], bits[at_member] = household_bits, member_bits
    index[at_household], index[at_member] = main - starts, structure.position[row_first:row_last]
    keep = np.flatnonzero(bits)
    belongs = np.searchsorted(at_household, keep, side="right") - 1
    encoded = pc.dictionary_encode(pa.array((bits[keep] << 32) | index[keep]))
    distinct = encoded.dictionary.to_numpy(zero_copy_only=False).tolist()
    segments = pa.array([_segment(k >> 32, k & 0xFFFFFFFF) for k in distinct], pa.string())
    offsets = np.concatenate([[0], np.cumsum(np.bincount(belongs, minlength=h))]).astype(np.int32)
    lists = pa.ListArray.from_arrays(pa.array(offsets), segments.take(encoded.indices))
    return pc.binary_join(lists, ";")


def _result_parts(result: ProgramResult, structure: Structure, households: slice) -> list[Any]:
    """One programme's part of each household's rows: ``program,regime,outcome,`` (one text per distinct
    epoch and outcome), the amount (only when eligible), ``,`` and the missing facts."""
    epochs = int(result.epoch.max(initial=0)) + 1
    middle = [
        f"{result.program},{result.regime.get(e) or ''},{OUTCOME_NAMES[outcome]},"
        for e in range(epochs)
        for outcome in range(3)
    ]
    key = result.epoch[households].astype(np.int64) * 3 + result.outcome[households]
    amount = pa.array(result.amount[households])
    return [
        pa.array(middle, pa.string()).take(pa.array(key)),
        pc.if_else(pc.greater_equal(amount, 0), pc.cast(amount, pa.string()), ""),
        pa.scalar(",", pa.string()),
        _missing(result, structure, households),
    ]


def write_results(out: TextIO, population: Population, results: list[ProgramResult]) -> None:
    """``household_id, program, regime, outcome, amount_sek, missing``, one row per household and programme,
    exactly as ``csv.writer`` writes ``batch.result_rows``."""
    out.write(",".join(RESULT_COLUMNS) + "\n")
    if not results:
        return
    structure = population.structure()
    ids = _csv_fields(population.household_ids)
    comma, newline = pa.scalar(",", pa.string()), pa.scalar("\n", pa.string())
    step = max(_WRITE_BLOCK // len(results), 1)

    def block(first: int) -> Any:
        households = slice(first, min(first + step, population.households))
        parts: list[Any] = []
        for result in results:  # a household's rows, one per programme, as one text
            parts += [ids[households], comma, *_result_parts(result, structure, households), newline]
        return pc.binary_join_element_wise(*parts, "")

    # Blocks are made two at a time (NumPy and Arrow compute release the GIL) and written in order; at most
    # three are held at once, to bound memory.
    with ThreadPoolExecutor(max_workers=2) as pool:
        pending: deque[Future[Any]] = deque()
        for first in range(0, population.households, step):
            pending.append(pool.submit(block, first))
            if len(pending) > 2:
                _write(out, pending.popleft().result())
        while pending:
            _write(out, pending.popleft().result())
