"""Output formats: a registry of functions over the one Diagnostic model."""

from __future__ import annotations

import importlib
import json as _json  # as the package's own json module would shadow it once imported
import os
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import Callable, Iterable, Iterator, TextIO

from govlint.diagnostics import Severity
from govlint.results import FileResult, Totals


class Results:
    """A run's results in input order, for a formatter to read once, as they come: a batch of
    20,000 reports is written out file by file, never held whole. Each result is counted in
    :attr:`totals` as it passes (a summary comes after the files). A formatter that must see
    every file before it writes (a sortable page, a workbook, a JUnit suite with its counts at
    the top) asks for :meth:`all`. A list given is read as often as asked."""

    def __init__(self, source: Iterable[FileResult], fail_level: Severity = Severity.ERROR):
        self._list = source if isinstance(source, list) else None
        self._source = None if self._list is not None else iter(source)
        self.totals = Totals(fail_level=fail_level)
        self._ends: list[Callable[[Totals], None]] = []
        if self._list is not None:
            for r in self._list:
                self.totals.add(r)

    def at_end(self, fn: Callable[[Totals], None]) -> None:
        """Call ``fn(totals)`` once every result has been read (at once for a list)."""
        if self._source is None:
            fn(self.totals)
        else:
            self._ends.append(fn)

    def __iter__(self) -> Iterator[FileResult]:
        if self._list is not None:
            return iter(self._list)
        if self._source is None:
            raise RuntimeError("a run's results are read once")
        source, self._source = self._source, None
        return self._stream(source)

    def _stream(self, source: Iterator[FileResult]) -> Iterator[FileResult]:
        for r in source:
            self.totals.add(r)
            yield r
        for fn in self._ends:
            fn(self.totals)
        self._ends = []

    def all(self) -> list[FileResult]:
        """Every result, held (read from the source if not yet read)."""
        if self._list is None:
            self._list = list(iter(self))
        return self._list


@dataclass
class RunInfo:
    results: Iterable[FileResult]  # a list, or a Results read once
    verbose: bool = False
    detail: bool = False  # csv: one row per finding instead of one per report
    roster: object = None  # a govlint.roster.RosterCheck (--roster): who has not reported
    quiet: bool = False  # -q: the findings only (no file headers, no summary)
    lang: str = "zh"
    color: bool | None = None  # None: decide from the terminal and NO_COLOR
    show_source: bool = True
    fail_level: Severity = Severity.ERROR  # --fail-level: findings at or above it fail a run (junit, step summary)

    def __post_init__(self):
        if not isinstance(self.results, Results):
            self.results = Results(self.results, self.fail_level)
        elif self.results.totals.fail_level != self.fail_level:
            raise ValueError("the results are counted at another fail level")

    @property
    def totals(self) -> Totals:
        """The run's counts: complete once :attr:`results` has been read."""
        return self.results.totals


Formatter = Callable[[RunInfo, TextIO], None]
_FORMATTERS: dict[str, Formatter] = {}


def register(name: str):
    def deco(fn: Formatter) -> Formatter:
        _FORMATTERS[name] = fn
        return fn

    return deco


# name → module: a format's module is imported only when that format is asked for
_MODULES = {"text": "text", "concise": "concise", "json": "json", "jsonl": "jsonl", "sarif": "sarif",
            "github": "github", "gitlab": "gitlab", "junit": "junit", "html": "html", "csv": "table", "xlsx": "table"}
BINARY = {"xlsx"}  # formats written as bytes (a file, or standard output's buffer)


def names() -> list[str]:
    return list(_MODULES)


def get(name: str) -> Formatter:
    if name not in _FORMATTERS:
        importlib.import_module(f"govlint.formatters.{_MODULES[name]}")
    return _FORMATTERS[name]


def write_json_list(out, items: Iterable, level: int = 1) -> None:
    """Write ``items`` as a JSON array as ``json.dumps(..., indent=2)`` writes it ``level``
    levels deep (the same bytes), one item at a time: a batch's output is never one string."""
    pad = "  " * (level + 1)
    first = True
    for item in items:
        out.write("[\n" if first else ",\n")
        first = False
        # a JSON string holds no raw line break, so every line of an item takes the same indent
        out.write(pad + _json.dumps(item, ensure_ascii=False, indent=2, default=str).replace("\n", "\n" + pad))
    out.write("[]" if first else "\n" + "  " * level + "]")


_PLACES = {
    "paragraph": {"zh": "第{paragraph}段", "en": "paragraph {paragraph}"},
    "cell": {"zh": "表{table} 第{row}行第{column}列", "en": "table {table}, row {row}, column {column}"},
    "page": {"zh": "第{page}页第{line}行", "en": "page {page}, line {line}"},
}


def locate(result: FileResult, diag, lang: str = "zh") -> tuple[str, dict | None]:
    """Where a user finds a finding: (label, location). A .docx paragraph is “第12段”, a table
    cell “表2 第5行第3列”, a PDF line “第3页第7行” (in English: “paragraph 12”…); plain text
    and HTML keep line:column."""

    def label(kind: str, **fields) -> str:
        return _PLACES[kind]["en" if lang == "en" else "zh"].format(**fields)

    quoted = result.lines.get(diag.line)
    loc = quoted.location if quoted is not None else None
    if not loc:
        return f"{diag.line}:{diag.column}", None
    if "paragraph" in loc:
        return label("paragraph", paragraph=loc["paragraph"]), {"paragraph": loc["paragraph"]}
    if "table" in loc and "cells" not in loc:  # a web page's row: its source line is the place
        return f"{diag.line}:{diag.column}", {"table": loc["table"], "row": loc["row"]}
    if "table" in loc:
        column = 1
        for i, (start, end) in enumerate(loc.get("cells") or [], start=1):
            if diag.column - 1 >= start:
                column = i
        out = {"table": loc["table"], "row": loc["row"], "column": column}
        return label("cell", table=loc["table"], row=loc["row"], column=column), out
    if "page" in loc:
        return label("page", page=loc["page"], line=loc["line"]), {"page": loc["page"], "line": loc["line"]}
    return f"{diag.line}:{diag.column}", None


# Inputs whose line numbers are govlint's own count of paragraphs, table rows or PDF text lines,
# not lines of the file: a CI format names the place in words there (locate's label), never as a line.
WORDED_FORMATS = frozenset({"docx", "doc", "rtf", "odt", "pdf"})


# A web page's findings have the page's line, but their columns count its text without the markup
# (what the text output quotes), not the file's characters: a CI format gives the line alone.
LINE_ONLY_FORMATS = frozenset({"html"})


def columned(result: FileResult) -> bool:
    """Whether a finding's column is a column of the file's own line (not of a web page)."""
    return result.format not in LINE_ONLY_FORMATS


def worded(result: FileResult) -> bool:
    """Whether a file is a Word, WPS, RTF, ODF or PDF document (read by what it is, not by its
    extension): its findings have a place in words and no line of the file."""
    return result.format in WORDED_FORMATS


def place(result: FileResult, diag, lang: str = "zh") -> str | None:
    """Where a finding of a document is, in words (“表2 第30行第8列”, “第12段”, “第3页第7行”), or
    None: a text or web page (its line and column are the place) or a finding about the whole file."""
    if not worded(result):
        return None
    label, where = locate(result, diag, lang)
    return label if where is not None and where.keys() & {"paragraph", "column", "page"} else None


def placed_message(result: FileResult, diag, lang: str = "zh") -> str:
    """A finding's message, led by its place in words where the file is a document
    (“表2 第30行第8列：勾稽关系……”; in English “table 2, row 30, column 8: …”)."""
    where = place(result, diag, lang)
    if where is None:
        return diag.message
    return f"{where}: {diag.message}" if lang == "en" else f"{where}：{diag.message}"


def ci_path(path: str) -> str:
    """A path as CI formats write it: relative to the working directory when it lies under it
    (an absolute path given on the command line included), as given otherwise; forward slashes."""
    if path == "-":
        return path
    p = PurePath(path)
    if p.is_absolute():
        cwd = Path.cwd()
        for mine, base in ((Path(os.path.normpath(path)), cwd), (Path(path).resolve(), cwd.resolve())):
            try:
                p = mine.relative_to(base)
                break
            except ValueError:
                continue
    return p.as_posix()


def diagnostic_dict(result: FileResult, diag) -> dict:
    """A finding as JSON writes it, with ``"location"`` where there is a paragraph, table cell or page."""
    out = diag.to_dict()
    _, location = locate(result, diag)
    if location is not None:
        out["location"] = location
    return out


_TABLE_STATUS = {"checked": ("已核对", "checked"), "read": ("已读出", "read"), "partly": ("部分核对", "partly checked"),
                 "not-checked": ("未核对", "not checked"), "absent": ("没有", "absent")}


def table_line(tables, zh: bool) -> str:
    """What was checked of each statistics table, on one line: a report whose tables could not be
    read never looks clean."""
    bits = []
    for t in tables:
        word = _TABLE_STATUS.get(t.status, (t.status, t.status))[0 if zh else 1]
        if t.status == "partly" and (t.checked or t.unchecked):
            n, total = len(t.checked), len(t.checked) + len(t.unchecked)
            word += f"（{n}/{total} 条勾稽关系）" if zh else f" ({n} of {total} relations)"
        elif t.status == "partly":
            word += f"（{t.rows_read}/{t.rows} 行）" if zh else f" ({t.rows_read} of {t.rows} rows)"
        bits.append(f"《{t.title}》{word}" if zh else f"“{t.title}” {word}")
    return ("统计表：" if zh else "tables: ") + ("；" if zh else "; ").join(bits)
