"""The one Diagnostic model every check produces and every formatter reads."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any


class Severity(IntEnum):
    """Ordered so that ``a >= b`` means "at least as serious"."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, value: str) -> "Severity":
        try:
            return cls[value.strip().upper()]
        except KeyError:
            raise ValueError(value) from None


SEVERITY_ZH = {Severity.ERROR: "错误", Severity.WARNING: "警告", Severity.INFO: "提示"}


@dataclass(frozen=True)
class Location:
    """Where a finding is: 1-based line and column (characters, not bytes) in the source."""

    line: int
    column: int = 1
    end_line: int | None = None
    end_column: int | None = None  # exclusive, in characters


@dataclass(frozen=True)
class Edit:
    """Replace the text from (line, column) up to (end_line, end_column) (exclusive) with
    ``content``; an insertion where start and end are equal. Lines and columns as in
    :class:`Location` (1-based, characters). ``\\n`` in ``content`` is a line break, written as
    the file writes its line breaks. ``like``: for each line an insertion adds, the line whose
    paragraph formatting it copies in a Word document (a heading looks like the next heading)."""

    line: int
    column: int
    end_line: int
    end_column: int
    content: str
    like: tuple[int, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"content": self.content, "location": {"line": self.line, "column": self.column},
                "end_location": {"line": self.end_line, "column": self.end_column}}


SAFE, UNSAFE = "safe", "unsafe"


@dataclass(frozen=True)
class Fix:
    """How to fix a finding, as data (as ruff's): the edits, and whether ``--fix`` applies it
    ("safe": it keeps the meaning, e.g. a heading's standard wording) or only ``--unsafe-fixes``
    ("unsafe": it inserts text the writer must complete, e.g. a missing section's heading)."""

    edits: tuple[Edit, ...]
    applicability: str = SAFE
    message: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"applicability": self.applicability, "message": self.message,
                "edits": [e.to_dict() for e in self.edits]}


@dataclass
class Diagnostic:
    rule: str  # kebab-case id, e.g. "missing-section"
    code: str  # e.g. "GL101"
    severity: Severity
    message: str
    location: Location
    suggestion: str | None = None
    notes: list[str] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)  # machine-readable extras
    fix: Fix | None = None

    @property
    def line(self) -> int:
        return self.location.line

    @property
    def column(self) -> int:
        return self.location.column

    def sort_key(self) -> tuple:
        return (self.location.line, self.location.column, -int(self.severity), self.code)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "rule": self.rule,
            "code": self.code,
            "severity": self.severity.label,
            "line": self.location.line,
            "column": self.location.column,
            "end_line": self.location.end_line or self.location.line,
            "end_column": self.location.end_column,
            "message": self.message,
            "suggestion": self.suggestion,
        }
        if self.notes:
            out["notes"] = list(self.notes)
        if self.data:
            out["data"] = dict(self.data)
        if self.fix is not None:
            out["fix"] = self.fix.to_dict()
        return out
