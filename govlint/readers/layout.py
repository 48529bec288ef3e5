"""What the word-processor readers (.docx, .doc/.wps, .rtf, .odt) share, so that the same
document gives the same lines whatever it was saved as: list labels' numbers, heading levels by
style name, paragraphs and table rows as lines, and the line a leftover is shown on.

A paragraph's text split at its manual line breaks gives one line a piece, numbered by the
paragraph (every paragraph of the file, those of table cells included, counts). A table row is
one line of its cells joined by " | ", one per grid column. The lines OCR read in a paragraph's
picture (a table pasted as a screenshot) follow the paragraph's text, shown on its paragraph.
"""

from __future__ import annotations

import re

from govlint import rx
from govlint.errors import InputError
from govlint.limits import too_large
from govlint.normalize import to_chinese_numeral
from govlint.ocr import OcrLine
from govlint.readers import Source, SourceLine, ocr_location

GOVLINT_AUTHOR = "govlint"  # the author of the comments govlint writes (annotate), never a leftover

# Word's number formats (w:numFmt) written as Chinese counting numbers
_CHINESE_FORMATS = {"chineseCounting", "chineseCountingThousand", "chineseLegalSimplified",
                    "ideographTraditional", "japaneseCounting", "taiwaneseCounting", "taiwaneseCountingThousand"}
_ROMAN = ((10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))
_HEADING_STYLE = rx.compile(r"^(heading|标题)\s*(\d)$", re.I)


def format_number(n: int, fmt: str) -> str:
    """A list label's number as Word shows it in the number format ``fmt`` (Word's names:
    "chineseCounting", "ideographDigital", "lowerLetter", "upperRoman", "decimalFullWidth", …;
    any other is decimal)."""
    if fmt in _CHINESE_FORMATS:
        return to_chinese_numeral(n) if n < 100 else str(n)
    if fmt == "ideographDigital":
        return "".join("〇一二三四五六七八九"[int(d)] for d in str(n))
    if fmt == "lowerLetter":
        return chr(ord("a") + (n - 1) % 26)
    if fmt == "upperLetter":
        return chr(ord("A") + (n - 1) % 26)
    if fmt in ("lowerRoman", "upperRoman"):
        out, k = "", n
        for v, r in _ROMAN:
            while k >= v:
                out, k = out + r, k - v
        return out if fmt == "lowerRoman" else out.upper()
    if fmt in ("decimalFullWidth", "decimalFullWidth2"):
        return "".join(chr(ord(d) - ord("0") + ord("０")) for d in str(n))
    return str(n)


def heading_level(name: str) -> int | None:
    """N for a style named "Heading N" or “标题 N”, else None."""
    m = _HEADING_STYLE.match(name.strip())
    return int(m.group(2)) if m else None


def style_heading_level(style, styles: dict) -> int | None:
    """The heading level of ``style`` by its name, else by the styles it is based on (at most 16
    deep); ``styles``: style → (name, the style it is based on)."""
    for _ in range(16):
        if style not in styles:
            return None
        name, style = styles[style]
        level = heading_level(name)
        if level is not None:
            return level
    return None


def leftover_lines(found: list[tuple[str, int]], src: Source) -> list[tuple[str, int]]:
    """What a Word file still carries, (kind, paragraph), as (kind, line): on the first line at or
    after the paragraph (else the last line), once per kind and line, in line order."""
    lines = [(ln.location.get("paragraph") or ln.number, ln.shown) for ln in src.lines if ln.location]
    out, seen = [], set()
    for kind, n in found:
        line = next((number for para, number in lines if para >= n), lines[-1][1] if lines else 1)
        if (kind, line) not in seen:
            seen.add((kind, line))
            out.append((kind, line))
    return sorted(out, key=lambda k: (k[1], k[0]))


class Builder:
    """A Source's lines from its paragraphs and table rows, in document order. A reader hands
    over a whole table (``table``), or its cells' paragraphs one by one (``cell_paragraph``,
    ``row_end``; the table ends at ``end_table``)."""

    def __init__(self, src: Source, max_blocks: int | None = None):
        self.src = src
        self.max_blocks = max_blocks  # paragraphs, table cells' included: more is input-too-large
        self.carried = ""  # the text of paragraphs whose mark was deleted: it joins the next one
        self.tables = 0
        self.rows: list[tuple[int | None, list[str], list[int] | None]] = []  # the open table's rows
        self.cells: list[str] = []
        self.cell: list[str] = []
        self.first: int | None = None  # the open row's first paragraph

    def paragraph(self, n: int, pieces: list[str], label: str = "", level: int | None = None,
                  picture: bool = False, mark_deleted: bool = False) -> None:
        """Paragraph ``n``: its text split at its manual line breaks (``pieces``), the list label
        it starts with, its heading level by its style, whether it holds a picture, whether its
        paragraph mark is a tracked deletion (its text then joins the next paragraph)."""
        src = self.src
        self._count(n)
        if self.carried:
            pieces[0] = self.carried + pieces[0]
            self.carried = ""
        if mark_deleted:
            self.carried = "".join(pieces)
            return
        pieces[0] = label + pieces[0]
        if picture:
            src.images.append(src.lines[-1].number if src.lines else 0)
        offset, first = 0, True
        for text in pieces:
            if text.strip():
                location = {"paragraph": n}
                if level and first:
                    location["heading"] = level  # a heading by its style, numbered or not
                last = src.lines[-1].number if src.lines else 0
                number = max(n, last + 1)
                src.lines.append(SourceLine(number, text, text, location, n if number != n else None, offset))
                first = False
            offset += len(text) + 1

    def picture(self, n: int, k: int, lines: list[OcrLine]) -> None:
        """The lines OCR read in picture ``k`` (the document's k-th) of paragraph ``n``, after the
        paragraph's text: numbered on, each shown on the paragraph (``display``) after the text
        before it (``offset``), as the pieces of a paragraph split at its line breaks are."""
        src = self.src
        last = src.lines[-1] if src.lines else None
        offset = last.offset + len(last.text) + 1 if last is not None and last.shown == n else 0
        for i, line in enumerate(lines, start=1):
            text = line.text
            if not text.strip():
                continue
            number = max(n, src.lines[-1].number + 1 if src.lines else 1)
            location = ocr_location(line, {"paragraph": n, "picture": k, "line": i})
            src.lines.append(SourceLine(number, text, text, location, n if number != n else None, offset))
            offset += len(text) + 1

    def _count(self, n: int) -> None:
        """Stop at the paragraph beyond the limit (``n`` counts every paragraph, cells' too)."""
        if self.max_blocks is not None and n > self.max_blocks:
            raise InputError(self.src.path, too_large(f"超过 {self.max_blocks} 个段落", f"{self.max_blocks} 个",
                                                      f"more than {self.max_blocks} paragraphs", f"{self.max_blocks}"))

    def cell_paragraph(self, n: int, depth: int, pieces: list[str], cell_end: bool) -> None:
        """Paragraph ``n`` of a table cell (``depth``: 1 in a table, 2 in a table in one); the
        last of its cell when ``cell_end``."""
        self._count(n)
        if self.first is None:
            self.first = n
        if depth > 1:
            return  # a nested table's text is not read (as in a .docx)
        self.cell.extend(t.strip() for t in pieces)
        if cell_end:
            self.cells.append(" ".join(t for t in self.cell if t))
            self.cell = []

    def row_end(self, bounds: list[int] | None) -> None:
        """The open row ends; ``bounds``: its cells' boundaries (one more than its cells, or it is
        not used), which place its cells in the table's grid."""
        if self.cell:
            self.cells.append(" ".join(t for t in self.cell if t))
            self.cell = []
        self.rows.append((self.first, self.cells, bounds if bounds and len(bounds) == len(self.cells) + 1 else None))
        self.cells, self.first = [], None

    def end_table(self) -> None:
        """The open table, if any, ends: its rows as lines, a cell spanning grid columns followed
        by empty ones."""
        if self.cells or self.cell:
            self.row_end(None)
        if not self.rows:
            self.first = None
            return
        column = _grid([x for _, _, b in self.rows if b for x in b])
        rows = []
        for n, cells, bounds in self.rows:
            texts = []
            for c, text in enumerate(cells):
                texts.append(text)
                if bounds:
                    texts.extend([""] * (column[bounds[c + 1]] - column[bounds[c]] - 1))
            rows.append((n, texts))
        self.rows = []
        self.first = None
        self.table(rows)

    def table(self, rows: list[tuple[int | None, list[str]]]) -> None:
        """A table's rows, each (its first paragraph, None when it has none; its cells' texts), as
        lines; a row without text gives none."""
        self.tables += 1
        src = self.src
        for r, (n, texts) in enumerate(rows, start=1):
            positions, pos = [], 0
            for text in texts:
                if positions:
                    pos += 3  # " | "
                positions.append([pos, pos + len(text)])
                pos += len(text)
            line = " | ".join(texts)
            if n is None or not line.replace("|", "").strip():
                continue
            number, display = n, None
            if src.lines and n <= src.lines[-1].number:
                number = src.lines[-1].number + 1
                # numbered on after the lines before (pieces of a paragraph, a picture's lines), shown
                # on its paragraph; a row of empty merged cells shares its paragraph: its own number
                display = n if n > src.lines[-1].shown else None
            src.lines.append(SourceLine(number, line, line, {"table": self.tables, "row": r, "cells": positions}, display))


def _grid(bounds: list[int], tolerance: int = 20) -> dict[int, int]:
    """The grid column of each cell boundary of a table's rows: boundaries a few twips apart (a
    converter's rounding) are one."""
    column, index, last = {}, -1, None
    for x in sorted(set(bounds)):
        if last is None or x - last > tolerance:
            index += 1
        column[x], last = index, x
    return column
