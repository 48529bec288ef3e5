"""What linting a file gives: one result type, the same whether fresh, sent back from a worker
process (``--jobs``) or read from the results cache. Small to keep for thousands of files: the
header facts of each document, the findings, and only the source lines the findings point at.
Formatters read nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from govlint import rx
from govlint.diagnostics import SAFE, Diagnostic, Severity

# What a file name may hold that must not reach a terminal or a structured file as it is: bytes
# that were not UTF-8 (kept by Python as lone surrogates), control characters (ESC, a line
# break) and the bidirectional controls that reorder what a reader sees (U+202E).
_UNSHOWABLE = rx.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _escape(m) -> str:
    c = m.group()
    n = ord(c)
    if 0xDC80 <= n <= 0xDCFF:  # a byte that was not UTF-8 (os.fsdecode's surrogateescape)
        return f"\\x{n - 0xDC00:02x}"
    return f"\\x{n:02x}" if n <= 0xFF else f"\\u{n:04x}"


def shown_path(path: str) -> str:
    """A path as output shows it: undecodable bytes as \\xff, control and bidirectional
    characters as \\x1b, \\x0a, \\u202e; anything else as it is (Chinese names stay)."""
    return _UNSHOWABLE.sub(_escape, path) if _UNSHOWABLE.search(path) else path


@dataclass
class PackRef:
    """What the output says of a pack."""

    id: str
    name: str
    years: tuple[int, int] | None


@dataclass
class QuotedLine:
    """A source line a finding points at: as written, and where a user finds it (see
    readers.SourceLine.location)."""

    text: str
    location: dict | None = None


@dataclass
class TableResult:
    """What was checked of one statistics table: ``status`` "checked" (every relation of the
    pack checked somewhere), "partly", "not-checked", "read" (a table without relations, every
    row read) or "absent"."""

    id: str
    title: str
    status: str
    checked: list[str] = field(default_factory=list)  # relation (identity) ids checked
    unchecked: list[str] = field(default_factory=list)
    rows_read: int = 0
    rows: int = 0
    unread: list[str] = field(default_factory=list)  # labels of rows found but not read

    def to_dict(self) -> dict:
        return {"table": self.id, "title": self.title, "status": self.status, "relations_checked": self.checked,
                "relations_not_checked": self.unchecked, "rows_read": self.rows_read, "rows": self.rows,
                "rows_not_read": self.unread}


@dataclass
class DocumentResult:
    """One report of a file (a compilation has several): what it is, and the pack it was checked
    against and why."""

    part: int | None  # 1-based part number in a compilation, else None
    part_label: str | None
    title: str | None
    report_year: int | None
    year_source: str | None  # "title" | "period" | "text"
    agency: str | None
    agency_kind: str | None
    is_report: bool
    pack: PackRef
    pack_reason: str  # in the run's language
    first_line: int
    last_line: int
    alignment: list[dict] | None = None  # the heading matcher's decisions (--verbose)
    agency_kind_source: str | None = None  # "option" (--agency-kind) | "name" | "self-reference" | None
    agency_source: str | None = None  # where the name was found: title, header, signature, compiler, publisher
    agency_kind_basis: str | None = None  # the end of the name that decided it ("人民政府", "街道办事处")
    tables: list[TableResult] = field(default_factory=list)  # the pack's statistics tables: what was checked
    published: str | None = None  # the publication (or signature) date found, ISO "2024-01-22"

    def to_dict(self, verbose: bool = False) -> dict:
        out = {
            "part": self.part_label,
            "title": self.title,
            "report_year": self.report_year,
            "year_source": self.year_source,
            "agency": self.agency,
            "agency_kind": self.agency_kind,
            "is_report": self.is_report,
            "pack": self.pack.id if self.is_report else None,  # parts that are no report: none
            "pack_reason": self.pack_reason,
            "first_line": self.first_line,
            "last_line": self.last_line,
            "tables": [t.to_dict() for t in self.tables] if self.is_report else [],
            "published": self.published,
        }
        if verbose:
            out["agency_source"] = self.agency_source
            out["agency_kind_source"] = self.agency_kind_source
            out["agency_kind_basis"] = self.agency_kind_basis
            out["alignment"] = self.alignment or []
        return out


@dataclass
class FileResult:
    path: str
    pinned: PackRef | None = None  # --pack, when given
    encoding: str | None = None
    format: str | None = None
    documents: list[DocumentResult] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    lines: dict[int, QuotedLine] = field(default_factory=dict)  # the lines findings point at, by number
    error: str | None = None  # one-line reason the file could not be linted
    previous: str | None = None  # last year's report it was checked against (--previous)
    previous_how: str | None = None  # "given" (a file), "agency" or "name" (found in a folder), "none"
    fatal: bool = False  # a configuration or pack error: its message names another file

    @property
    def shown(self) -> str:
        """The path as output shows it (see :func:`shown_path`)."""
        return shown_path(self.path)

    @property
    def pack(self) -> PackRef | None:
        """The pack of the file's first document (each part of a compilation has its own)."""
        return self.documents[0].pack if self.documents else self.pinned

    @property
    def report_year(self) -> int | None:
        return self.documents[0].report_year if self.documents else None

    @property
    def agency(self) -> str | None:
        """The first agency any of its documents names."""
        return next((d.agency for d in self.documents if d.agency), None)

    def count(self, severity: Severity) -> int:
        return sum(1 for d in self.diagnostics if d.severity == severity)


@dataclass
class Totals:
    """What a run's output says of all its files, counted as the results pass by once (a batch of
    20,000 reports is never held whole): the counts of the summary, the findings at or above the
    fail level, the findings of each rule, the reports' agencies (for a roster) and a short row
    for each file with findings or an error (for a job summary)."""

    fail_level: Severity = Severity.ERROR
    files: int = 0
    errors: int = 0
    warnings: int = 0
    infos: int = 0
    unreadable: int = 0
    failing: int = 0  # findings at or above the fail level
    safe_fixes: int = 0
    unsafe_fixes: int = 0
    by_rule: dict[str, int] = field(default_factory=dict)  # findings of each rule, in the order first seen
    reports: list[tuple[str, str | None]] = field(default_factory=list)  # (path, agency) of each report read
    flagged: list[tuple[str, str | None, int, int, int]] = field(default_factory=list)  # (shown path, error, errors, warnings, infos)
    unpaired: list[str] = field(default_factory=list)  # reports with no last year's report in the folder given

    def add(self, r: FileResult) -> None:
        self.files += 1
        if r.error:
            self.unreadable += 1
        counts = {Severity.ERROR: 0, Severity.WARNING: 0, Severity.INFO: 0}
        for d in r.diagnostics:
            counts[d.severity] += 1
            if d.severity >= self.fail_level:
                self.failing += 1
            if d.fix is not None:
                if d.fix.applicability == SAFE:
                    self.safe_fixes += 1
                else:
                    self.unsafe_fixes += 1
            self.by_rule[d.rule] = self.by_rule.get(d.rule, 0) + 1
        self.errors += counts[Severity.ERROR]
        self.warnings += counts[Severity.WARNING]
        self.infos += counts[Severity.INFO]
        if not r.error:
            self.reports += [(r.path, d.agency) for d in r.documents if d.is_report]
        if r.error or r.diagnostics:
            self.flagged.append((r.shown, r.error, counts[Severity.ERROR], counts[Severity.WARNING], counts[Severity.INFO]))
        if r.previous_how == "none" and r.documents and r.documents[0].is_report:
            self.unpaired.append(r.path)

    def counts(self) -> dict:
        """The summary's counts, as JSON writes them."""
        return {"files": self.files, "errors": self.errors, "warnings": self.warnings, "infos": self.infos,
                "unreadable": self.unreadable}
