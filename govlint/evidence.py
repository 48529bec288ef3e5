"""Evidence that a statistics table is there, and the lines it is read from (the table's region).

A named table (the 2014 统计表) counts after the last line naming it; an unnamed one (the 2019 and
2021 tables) inside its section. Its labels (the pack's ``row_hints``) and value cells are the
evidence; one-cell-per-line, pipe rows and run-on text all count.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from govlint import rx
from govlint.document import Document, KeyIndex, Line
from govlint.normalize import norm
from govlint.packs.model import TableSpec

SectionLines = Callable[[], "list[Line] | None"]  # the lines of the table's section, when it is found

_NUMBER_LINE = rx.compile(r"^[-+]?\d+(\.\d+)?$")
_TABLE_CELLS = rx.compile(r"[|\t]")


def _numbers_in_row(line: Line) -> int:
    """Values in a row of numbers ("10    1      0   0 …"): three or more, most of the row."""
    tokens = line.content.split()
    if len(tokens) < 3 or tokens.count("|") > 0.4 * len(tokens):
        return 0  # too few tokens, or a " | " row: its bars alone keep numbers under 60%
    numbers = sum(1 for t in tokens if _NUMBER_LINE.match(t))
    return numbers if numbers >= 3 and numbers >= 0.6 * len(tokens) else 0


def is_table_row(line: Line) -> bool:
    """Cells separated by | or tabs, or four or more short cells separated by spaces (PDF text:
    "行政复议(结果维持 结果纠正 其他结果 尚未审结 总计) …")."""
    content = line.content.strip()
    if _TABLE_CELLS.search(content):
        return True
    cells = content.split()
    return len(cells) >= 4 and sum(len(c) for c in cells) / len(cells) <= 12


_DIGIT = rx.compile(r"\d")


def _row_with_number(key: str) -> bool:
    """A cell separator and a number on one line (one is always before the other): two linear
    searches, where the pattern "[|\\t].*\\d|\\d.*[|\\t]" scanned the rest of the line from
    every digit (quadratic on a page crawled onto one line)."""
    return _TABLE_CELLS.search(key) is not None and _DIGIT.search(key) is not None


@dataclass
class TableEvidence:
    title_line: Line | None  # the last line naming the table
    hints: int  # distinct indicator labels seen after it (or in its section)
    cells: int  # value cells: number-only lines, rows of numbers, table rows with numbers, "数条180"

    def present(self, min_rows: int) -> bool:
        if self.hints >= min_rows:
            return True
        # values count with the table's name above them, or with one of its labels in its section
        return self.cells >= 2 * min_rows and (self.title_line is not None or self.hints >= 1)


def table_region(doc: Document, spec: TableSpec, section: SectionLines) -> list[Line]:
    """The lines a present table is read from: from the last line naming it to the end, or its
    section (``section()``: the lines of the section the table belongs to, or None)."""
    lines = doc.lines
    if spec.find_title:
        names = [norm(n) for n in [spec.title, *spec.aliases]]
        idx = doc.last_line_with(names)
        return lines[idx:] if idx is not None else lines
    found = section()
    return found if found is not None else lines


_FRAGMENT = rx.compile(r"^[^\d。，；：,;:]{1,6}$")


def _wrapped_runs(lines: list[Line]) -> list[str]:
    """Labels a PDF's narrow cells wrapped into fragments of a few characters, one per line
    ("行政" / "复议" / "结果" / "维持"…): each run of three or more such lines, joined."""
    runs, current = [], []
    for line in lines:
        key = line.key
        if key and _FRAGMENT.match(key):
            current.append(key)
            continue
        if len(current) >= 3:
            runs.append("".join(current))
        current = []
    if len(current) >= 3:
        runs.append("".join(current))
    return runs


def find_table(doc: Document, spec: TableSpec, section: SectionLines) -> TableEvidence:
    """Evidence of a table. A named table (the 2014 统计表): after the last line naming it, or
    in the whole document when none does; one-cell-per-line, pipe rows and run-on text all count.
    An unnamed one (the 2019/2021 tables): its own labels inside its section."""
    names = [norm(n) for n in [spec.title, *spec.aliases]] if spec.find_title else []
    hints = [norm(h) for h in spec.row_hints]
    unit_cell = (rx.compile(r"(?:[^\W\d_A-Za-z]|[)）])\(?(%s)\)?[-+]?\d" % "|".join(map(re.escape, spec.units)))
                 if spec.units else None)  # label, unit, number: "信息数条120" (prose: "120条")
    lines = doc.lines
    title_idx, title_at = doc.last_line_with(names), 0
    if title_idx is not None:  # in that line, the last of the names it holds
        key = lines[title_idx].key
        for n in names:
            at = key.rfind(n)
            if at >= 0:
                title_at = at + len(n)
    region: list[tuple[str, bool, Line | None]] = []  # (key, labels count at any length, whole line)
    if title_idx is not None:
        region.append((lines[title_idx].key[title_at:], True, None))
        following = lines[title_idx + 1:]
    else:
        following = section() if not spec.find_title else None
        following = lines if following is None else following
    scoped = title_idx is not None or following is not lines
    region += [(l.key, len(l.key) > 300 or is_table_row(l), l) for l in following if l.key]
    region += [(key, True, None) for key in _wrapped_runs(following)]
    seen: set[str] = set()
    # the hints present on a line that counts for them, found with one search of the joined keys
    # per hint instead of a test per line and hint
    index = KeyIndex([key for key, _, _ in region])
    for h in set(hints):
        if not h:
            continue
        for i, _ in index.positions(h):
            key, any_length, _ = region[i]
            if any_length or len(key) <= len(h) + 40:
                seen.add(h)
                break
    cells = 0
    for key, any_length, line in region:
        if not scoped:
            break  # in the whole document, only the table's own labels are evidence
        in_row = _numbers_in_row(line) if line is not None else 0
        if in_row:
            cells += in_row
        elif "|" in key and line is not None:
            cells += sum(1 for c in key.split("|") if _NUMBER_LINE.match(c))  # "| 40 | 0 | 10 | 5 | 55 |…"
        elif _NUMBER_LINE.match(key) or _row_with_number(key):
            cells += 1
        if unit_cell is not None:
            cells += len(unit_cell.findall(key))
    return TableEvidence(lines[title_idx] if title_idx is not None else None, len(seen), cells)
