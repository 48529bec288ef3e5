"""Every statistics-table cell of every report as tidy rows (``govlint extract``).

One row per cell of each statistics table a report prints, in a fixed column order
(:data:`COLUMNS`): the file and the report (compilation part, agency, its kind, year, pack), the
table, the row (its label as printed, and the pack's id), the column, the value and where it
stands in the file. The rows come from the facts the checks use (``Context.tables``: the tables
read once), never from reading the text again, so the data and the checks agree.

A cell is ``read`` when the table reading placed its row's values with confidence (the row the
relations are checked with); ``doubtful`` when it was placed so but is a number OCR read with a
low confidence (its value is given: look at the page before trusting it). A row that was found
but whose values could not be placed (digits glued together that split in more than one way, a
merged cell that pads or holds a blank) is not dropped: each of its cells is a row with status
``unread`` and no value, at the label's place — the rows ``verdict`` lists as not read. Group
rows without values, rows the report does not print, and optional rows printed blank give no
rows. The last column, ``read_by``, says how a cell's text was read: ``text`` (the file's own
text) or ``ocr`` (a scanned PDF's page read by OCR; the whole file's tables when any page was).

This module sits on the runner's layer (docs/architecture.md) and so does not import
:mod:`govlint.runner`: its caller gives it the run's ``Session`` (settings, packs and one linter
per set of settings), and worker processes make a session of the same class with the same
options.
"""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable, Iterable, Iterator

from govlint import interrupts, ocr
from govlint.diagnostics import Diagnostic, Severity
from govlint.errors import GovlintError, InputError, Text, say
from govlint.facts import Context
from govlint.formatters import locate
from govlint.normalize import fold
from govlint.results import FileResult, QuotedLine
from govlint.tables import ReadRow, ReadTable, Token, annex_instead

READ, DOUBTFUL, UNREAD = "read", "doubtful", "unread"  # the status column
BY_TEXT, BY_OCR = "text", "ocr"  # the read_by column

# (key: JSON lines, Parquet and --lang en headers; the Chinese header of CSV and XLSX)
COLUMNS: list[tuple[str, str]] = [
    ("file", "文件"),
    ("part", "部分"),  # a compilation's part, else empty
    ("agency", "机关"),
    ("agency_kind", "机关类型"),  # government | department | empty
    ("year", "报告年度"),
    ("pack", "规则包"),
    ("table_id", "表格编号"),
    ("table", "表格"),
    ("row", "行"),  # the row's label as the report prints it
    ("row_id", "行编号"),  # the pack's
    ("column", "列"),  # the pack's column label
    ("column_id", "列编号"),
    ("value", "数值"),  # a number; "—", "/", "无" as written; empty: blank or not read
    ("text", "原文"),  # the cell as written
    ("status", "状态"),  # read | doubtful (read by OCR with a low confidence) | unread
    ("line", "行号"),
    ("char", "行内位置"),  # 1-based character column on that line
    ("place", "位置"),  # as findings give it: 48:20, 第12段, 表2 第5行第3列, 第3页第7行
    ("paragraph", "段落"),
    ("doc_table", "文档表格"),
    ("doc_row", "文档表格行"),
    ("doc_column", "文档表格列"),
    ("page", "页码"),
    ("page_line", "页内行号"),
    # last, so that the columns before keep their places: text | ocr (a scanned page read by OCR)
    ("read_by", "读取方式"),
]
KEYS = [k for k, _ in COLUMNS]
_STATUS, _READ_BY = KEYS.index("status"), KEYS.index("read_by")
_INTEGER_KEYS = {"year", "line", "char", "paragraph", "doc_table", "doc_row", "doc_column", "page", "page_line"}

FORMATS = ("csv", "xlsx", "jsonl", "parquet")
_EXTENSIONS = {".csv": "csv", ".xlsx": "xlsx", ".jsonl": "jsonl", ".ndjson": "jsonl", ".parquet": "parquet"}
XLSX_MAX_ROWS = 1_048_576  # a worksheet's rows, the header included


def format_for(path: str | None) -> str | None:
    """The output format an -o file's extension names (None: none that is known)."""
    if not path:
        return None
    return _EXTENSIONS.get(os.path.splitext(path)[1].lower())


# ----------------------------------------------------------------------------- cells of a report


@dataclass
class FileCells:
    """What one input gives: its rows (tuples in :data:`COLUMNS` order), or why it could not be read."""

    path: str
    rows: list[tuple] = field(default_factory=list)
    error: str | None = None
    fatal: bool = False  # a configuration or pack error: its message names another file
    reports: int = 0  # documents that are annual reports
    tables: int = 0  # statistics tables found in them


def _number(token: Token) -> int | float | str | None:
    """The cell's value: a number when it is one (an integer when written without a decimal
    point), the text as written for "—", "/", "无", None for a blank."""
    if token.value is not None:
        if token.value.is_integer() and "." not in fold(token.text):
            return int(token.value)
        return token.value
    return token.text.strip() or None


class _Places:
    """Where a user finds a cell, as :func:`govlint.formatters.locate` says it for a finding (the
    same paragraph, Word table cell or PDF page and line), computed from the document's lines."""

    def __init__(self, path: str, contexts: list[Context], lang: str):
        lines: dict[int, QuotedLine] = {}
        for ctx in contexts:
            for line in ctx.doc.lines:
                if line.display not in lines:  # a file's line split into pieces: the first piece's place
                    lines[line.display] = QuotedLine(line.text, line.location)
        self.result = FileResult(path=path, lines=lines)
        self.lang = lang

    def of(self, token: Token | None) -> tuple:
        """(line, char, place, paragraph, doc_table, doc_row, doc_column, page, page_line)."""
        if token is None:
            return (None,) * 9
        loc = token.location
        label, where = locate(self.result, Diagnostic("table-cell", "", Severity.INFO, "", loc), self.lang)
        where = where or {}
        page = where.get("page")
        return (loc.line, loc.column, label, where.get("paragraph"), where.get("table") if page is None else None,
                where.get("row"), where.get("column"), page, where.get("line") if page is not None else None)


def _unread(rr: ReadRow) -> bool:
    """A row found whose values could not be placed (what ``tables.unplaced_rows`` lists); an
    optional row printed blank (a group row's empty subtotal) is not one."""
    return (rr.found and rr.spec.values and not rr.readable
            and not (not rr.spec.required and all(t.value is None for t in rr.values)))


def table_rows(table: ReadTable, head: tuple, places: _Places) -> list[tuple]:
    """The rows of one read table; ``head``: the file's and report's columns."""
    spec = table.spec
    by = BY_OCR if table.ocr else BY_TEXT
    out = []
    for row in spec.rows:
        rr = table.rows[row.id]
        if not rr.found or not row.values:
            continue
        label = "".join(t.text for t in rr.label)
        columns = table.columns_of(row)
        if rr.readable:
            for c in columns:
                token = rr.cells.get(c)
                if token is None:
                    continue  # a column this layout does not print (the optional 历年累计)
                out.append((*head, spec.id, spec.title, label, row.id, table.column_label(c), c,
                            _number(token), token.text, DOUBTFUL if token.doubtful else READ, *places.of(token), by))
        elif _unread(rr):
            where = places.of(rr.label[0] if rr.label else (rr.values[0] if rr.values else None))
            for c in columns:
                out.append((*head, spec.id, spec.title, label, row.id, table.column_label(c), c,
                            None, None, UNREAD, *where, by))
    return out


def context_rows(ctx: Context, path: str, places: _Places) -> tuple[list[tuple], int]:
    """(rows, tables) of one document: nothing when it is no annual report. The tables are those
    the checks report on (``linter.table_results``): a format's table that a local annex replaces
    is left out, as it is there."""
    if not ctx.is_report:
        return [], 0
    doc = ctx.doc
    head = (path, doc.part_label or None, ctx.agency, ctx.agency_kind, ctx.year, ctx.pack.id)
    tables = ctx.tables
    out, n = [], 0
    for spec in ctx.pack.tables:
        table = tables.get(spec.id)
        if table is None or not spec.rows or annex_instead(table, tables.values()):
            continue
        n += 1
        out.extend(table_rows(table, head, places))
    return out, n


def source_cells(linter, source, lang: str = "zh") -> FileCells:
    """The cells of every report of ``source`` (a :class:`govlint.readers.Source`) under the packs
    ``linter`` (a :class:`govlint.linter.Linter`) chooses."""
    contexts = linter.contexts(source)
    places = _Places(source.path, contexts, lang)
    got = FileCells(source.path)
    for ctx in contexts:
        rows, n = context_rows(ctx, source.path, places)
        got.rows.extend(rows)
        got.tables += n
        got.reports += ctx.is_report
    return got


def extract_file(session, path: str, data: bytes | None = None) -> FileCells:
    """The cells of one file under its settings (``session``: the run's
    :class:`govlint.runner.Session`); ``data``: standard input's bytes, named ``path``. A file that
    cannot be read gives its reason; a bug gives an internal error, never the other files' loss."""
    with ocr.reading(path):
        return _extract_file(session, path, data, session.options.lang)


def _extract_file(session, path: str, data: bytes | None, lang: str) -> FileCells:
    try:
        linter = session.linter(session.settings_for(path))
    except GovlintError as exc:
        return FileCells(path, error=str(exc), fatal=True)
    try:
        if data is None:
            data, error = linter.read_file(path)
            if error is not None:
                return FileCells(path, error=say(error, lang))
            source = linter.source_of(data, path)
        else:
            source = linter.source_of(data, path, None if "." in os.path.basename(path) else "txt")
        return source_cells(linter, source, lang)
    except InputError as exc:
        return FileCells(path, error=say(exc.reason, lang))
    except Exception as exc:  # noqa: BLE001 - one file's bug is that file's error
        what = f"{type(exc).__name__}: {exc}"
        return FileCells(path, error=f"内部错误（请报告此问题）：{what}" if lang == "zh"
                         else f"internal error (please report it): {what}")


# ----------------------------------------------------------------------------- batches

_WORKER = None  # a worker process's session


def _start_worker(session_type, options, setup) -> None:
    global _WORKER
    interrupts.worker()
    if setup is not None:
        setup()
    _WORKER = session_type(options)


def _worker_chunk(paths: list[str]) -> list[FileCells]:
    return interrupts.guarded(lambda: [extract_file(_WORKER, p) for p in paths])


def extract_batch(session, paths: list[str], jobs: int = 1, stdin_data: bytes | None = None,
                  stdin_name: str | None = None, advance: Callable[[int], None] = lambda n: None,
                  setup: Callable[[], None] | None = None) -> Iterator[FileCells]:
    """The cells of every path, in input order, as each is done ("-": standard input, named
    ``stdin_name``); with ``jobs`` > 1 in worker processes, each with a session of the same class
    and options as ``session``, made after ``setup()`` (a picklable callable: the batch's tuning,
    the command line's OCR progress hook)."""
    files = [p for p in paths if p != "-"]
    if jobs <= 1 or len(files) <= 1:
        for p in paths:
            yield extract_file(session, stdin_name or "-", stdin_data or b"") if p == "-" else extract_file(session, p)
            advance(1)
        return
    from concurrent.futures import ProcessPoolExecutor

    size = max(1, min(8, len(files) // (jobs * 4)))
    pool = ProcessPoolExecutor(max_workers=jobs, initializer=_start_worker,
                               initargs=(type(session), session.options, setup))

    def submit(chunk: list[str]) -> None:
        with interrupts.held():  # a worker started here sets its own signal handlers first
            pending.append((chunk, pool.submit(_worker_chunk, chunk)))

    failed = True
    try:
        pending: list = []  # (path, None) for standard input, else (chunk, future), in order
        chunk: list[str] = []
        for p in paths:
            if p == "-":
                if chunk:
                    submit(chunk)
                    chunk = []
                pending.append((p, None))
                continue
            chunk.append(p)
            if len(chunk) >= size:
                submit(chunk)
                chunk = []
        if chunk:
            submit(chunk)
        for what, future in pending:
            if future is None:
                yield extract_file(session, stdin_name or "-", stdin_data or b"")
                advance(1)
                continue
            try:
                done = future.result()
            except Exception:  # a worker lost (killed, out of memory): this process does its files
                done = [extract_file(session, p) for p in what]
            yield from done
            advance(len(what))
        failed = False
    finally:
        interrupts.finish(pool, failed)


# ----------------------------------------------------------------------------- output


def headers(lang: str) -> list[str]:
    return [zh if lang == "zh" else key for key, zh in COLUMNS]


class OutputError(GovlintError):
    """The output cannot be written (its one line says why)."""


class _Csv:
    """CSV, UTF-8 with a BOM (Excel and WPS read it as UTF-8), CRLF line ends as Excel writes."""

    binary = False

    def __init__(self, stream, lang: str):
        stream.write("\ufeff")
        self.writer = csv.writer(stream)
        self.writer.writerow(headers(lang))

    def add(self, rows: list[tuple]) -> None:
        self.writer.writerows([["" if v is None else v for v in row] for row in rows])

    def close(self) -> None:
        pass


_JSON = json.JSONEncoder(ensure_ascii=False)


class _Jsonl:
    """One JSON object a line, English keys; null where a column is empty."""

    binary = False

    def __init__(self, stream, lang: str):
        self.stream = stream

    def add(self, rows: list[tuple]) -> None:
        encode = _JSON.encode
        self.stream.write("".join(encode(dict(zip(KEYS, row))) + "\n" for row in rows))

    def close(self) -> None:
        pass


@lru_cache(maxsize=65536)
def _width(text: str) -> int:
    """Columns a text takes in a spreadsheet: a CJK character two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


class _Xlsx:
    """One worksheet: the header row bold and frozen, an autofilter, numbers as numbers, each
    column as wide as its longest cell (within limits). Written row by row (constant memory)."""

    MAX_WIDTH = 60

    def __init__(self, path: str, lang: str):
        import xlsxwriter

        self.book = xlsxwriter.Workbook(path, {"constant_memory": True, "strings_to_numbers": False,
                                               "strings_to_formulas": False, "strings_to_urls": False})
        self.sheet = self.book.add_worksheet("统计表数据" if lang == "zh" else "cells")
        head = headers(lang)
        bold = self.book.add_format({"bold": True})
        for c, h in enumerate(head):
            self.sheet.write_string(0, c, h, bold)
        self.widths = [_width(h) + 4 for h in head]  # room for the filter button
        self.row = 0

    def add(self, rows: list[tuple]) -> None:
        sheet, widths = self.sheet, self.widths
        if self.row + len(rows) >= XLSX_MAX_ROWS:
            raise OutputError(Text(f"单元格超过 Excel 工作表的行数上限（{XLSX_MAX_ROWS - 1} 行），请改用 csv、jsonl 或 parquet",
                                   f"more cells than an Excel sheet's {XLSX_MAX_ROWS - 1} rows: use csv, jsonl or parquet"))
        for row in rows:
            self.row += 1
            r = self.row
            for c, v in enumerate(row):
                if v is None:
                    continue
                if isinstance(v, (int, float)):
                    sheet.write_number(r, c, v)
                    shown = str(v)
                else:
                    sheet.write_string(r, c, v)
                    shown = v
                if len(shown) * 2 > widths[c]:  # (a text is at most twice as wide as it is long)
                    widths[c] = max(widths[c], _width(shown) + 1)

    def close(self) -> None:
        for c, w in enumerate(self.widths):
            self.sheet.set_column(c, c, min(w, self.MAX_WIDTH))
        self.sheet.freeze_panes(1, 0)
        self.sheet.autofilter(0, 0, self.row, len(COLUMNS) - 1)
        self.book.close()


class _Parquet:
    """Parquet (pyarrow), English column names; ``value`` holds numbers only (a "—" or "无" is in
    ``text``), the integer columns are int64; written in row groups of :attr:`ROW_GROUP` rows."""

    ROW_GROUP = 65_536

    def __init__(self, path: str, lang: str):
        import pyarrow as pa
        import pyarrow.parquet as pq

        types = {k: pa.int64() if k in _INTEGER_KEYS else pa.float64() if k == "value" else pa.string() for k in KEYS}
        self.pa = pa
        self.schema = pa.schema([(k, types[k]) for k in KEYS])
        self.writer = pq.ParquetWriter(path, self.schema)
        self.pending: list[tuple] = []

    def add(self, rows: list[tuple]) -> None:
        self.pending.extend(rows)
        if len(self.pending) >= self.ROW_GROUP:
            self._flush()

    def _flush(self) -> None:
        if not self.pending:
            return
        columns = list(zip(*self.pending))
        value = KEYS.index("value")
        columns[value] = [float(v) if isinstance(v, (int, float)) else None for v in columns[value]]
        self.writer.write_table(self.pa.table(dict(zip(KEYS, [list(c) for c in columns])), schema=self.schema))
        self.pending = []

    def close(self) -> None:
        self._flush()
        self.writer.close()


def parquet_available() -> bool:
    try:
        import pyarrow  # noqa: F401
        import pyarrow.parquet  # noqa: F401
    except ImportError:
        return False
    return True


def _mode_for(path: str) -> int:
    """The permissions the output gets: those of the file it replaces, else the umask's."""
    try:
        return os.stat(path).st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


@dataclass
class Written:
    files: int = 0
    rows: int = 0
    unread: int = 0
    doubtful: int = 0
    by_ocr: int = 0  # cells read by OCR
    failed: list[FileCells] = field(default_factory=list)  # files that could not be read
    without: list[str] = field(default_factory=list)  # files read with no statistics table


def write(batches: Iterable[FileCells], fmt: str, output: str | None, lang: str = "zh",
          stdout=None, on_file: Callable[[FileCells], None] = lambda f: None) -> Written:
    """Write the rows of ``batches`` as ``fmt`` to ``output`` (None: ``stdout``, a binary stream
    such as ``sys.stdout.buffer``; csv and jsonl only). The file is written under a temporary name beside it and renamed when
    complete, so it is never left half written and a failed run keeps the one there before.
    ``on_file`` is told of each input as it is written (an unreadable one too)."""
    done = Written()

    def feed(sink) -> None:
        for got in batches:
            done.files += 1
            if got.error:
                done.failed.append(got)
            elif not got.rows:
                done.without.append(got.path)
            sink.add(got.rows)
            done.rows += len(got.rows)
            done.unread += sum(1 for r in got.rows if r[_STATUS] == UNREAD)
            done.doubtful += sum(1 for r in got.rows if r[_STATUS] == DOUBTFUL)
            done.by_ocr += sum(1 for r in got.rows if r[_READ_BY] == BY_OCR)
            on_file(got)

    if output is None:
        if fmt not in ("csv", "jsonl"):
            raise OutputError(f"{fmt} 格式需要用 -o 指定输出文件" if lang == "zh"
                              else f"the {fmt} format needs an output file (-o)")
        stream = io.TextIOWrapper(stdout, encoding="utf-8", newline="")
        try:
            sink = (_Csv if fmt == "csv" else _Jsonl)(stream, lang)
            feed(sink)
            sink.close()
        finally:
            stream.flush()
            stream.detach()  # the binary stream stays open
        return done

    folder = os.path.dirname(os.path.abspath(output))
    mode = _mode_for(output)
    try:
        fd, tmp = tempfile.mkstemp(prefix=".govlint-extract-", suffix=os.path.splitext(output)[1], dir=folder)
    except OSError as exc:
        raise OutputError(f"{output}: 无法写入：{exc.strerror or exc}" if lang == "zh"
                          else f"{output}: cannot write: {exc.strerror or exc}") from None
    try:
        if fmt in ("csv", "jsonl"):
            with io.open(fd, "w", encoding="utf-8", newline="") as stream:
                sink = (_Csv if fmt == "csv" else _Jsonl)(stream, lang)
                feed(sink)
                sink.close()
        else:
            os.close(fd)
            sink = (_Xlsx if fmt == "xlsx" else _Parquet)(tmp, lang)
            try:
                feed(sink)
            finally:
                sink.close()
        os.chmod(tmp, mode)
        os.replace(tmp, output)
    except OSError as exc:
        _remove(tmp)
        raise OutputError(f"{output}: 无法写入：{exc.strerror or exc}" if lang == "zh"
                          else f"{output}: cannot write: {exc.strerror or exc}") from None
    except BaseException:
        _remove(tmp)
        raise
    return done


def _remove(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass
