"""Reading the statistics tables the pack describes, from whatever layout the text has.

A table region (after the table's name, or its section) becomes one stream of tokens in reading
order, whatever the layout: cells split by " | " or tabs (Markdown, Word), values separated by
spaces (text copied from a PDF), one cell per line (seed 004), or one run-on line. Each token is
a text fragment or a value and keeps its line and columns. The pack's row labels are aligned to
the text fragments in order (a label may be split over up to three fragments, and misprinted);
a row's values are the value tokens after its label: on the label's own line when there are
any, else up to the next row's label.
"""

from __future__ import annotations

import re
from functools import cached_property, lru_cache
from collections import defaultdict
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from govlint.diagnostics import Location
from govlint.document import Line, span_location
from govlint.dp import suffix_max_raised, traceback
from govlint.normalize import fold, norm
from govlint.packs.model import TableRow, TableSpec

_NUMBER = re.compile(r"^[-−－]?\d+(\.\d+)?$")
_DASH = re.compile(r"^[/／—–\-－―]+$")
_WORD_VALUE = re.compile(r"^(无|暂无|空)$")
_NUMBERING = re.compile(r"^([一二三四五六七八九十]+[、.，,]|[(（][一二三四五六七八九十]+[)）]|\d+[.、．,，]|其中[:：])+")
_CELL_SPLIT = re.compile(r"[|｜\t]")
_MD_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")


@dataclass(slots=True)
class Token:
    kind: str  # "text" | "value"
    text: str  # as written
    line: Line
    start: int  # 0-based columns in line.text
    end: int
    value: float | None = None  # a number; None: blank, "/", "—" (not reported) or a word
    invalid: bool = False  # a word such as 无 where a number belongs

    @property
    def key(self) -> str:
        return norm(self.text)

    @property
    def location(self) -> Location:
        """The token's span (at least one column: an empty cell is the place where it stands)."""
        return span_location(self.line, self.start, max(self.end, self.start + 1))


@dataclass(slots=True)
class ReadRow:
    spec: TableRow
    label: list[Token] = field(default_factory=list)  # the label's fragments
    values: list[Token] = field(default_factory=list)  # the value tokens found for it
    cells: dict[str, Token] = field(default_factory=dict)  # column id → value token
    found: bool = False
    certain: bool = True  # False: the values were placed by guessing (padding of merged cells)

    @property
    def readable(self) -> bool:
        return self.found and bool(self.cells) and self.certain


@dataclass
class ReadTable:
    spec: TableSpec
    lines: list[Line]
    rows: dict[str, ReadRow]
    tokens: list[Token]

    def columns_of(self, row: TableRow) -> list[str]:
        if row.columns:
            return list(row.columns)
        return [c.id for c in self.spec.columns] or ["value"]

    @cached_property
    def joined_key(self) -> str:
        """The table's lines' keys, joined, without cell bars."""
        return "".join(l.key for l in self.lines).replace("|", "")

    def column_label(self, column: str) -> str:
        for c in self.spec.columns:
            if c.id == column:
                return c.label
        return "统计数"


@lru_cache(maxsize=4096)
def parse_value(text: str) -> tuple[str, float | None, bool] | None:
    """(kind, value, invalid) for a cell that is a value; None for a text fragment."""
    t = fold(text).strip().replace(",", "")
    if _NUMBER.match(t):
        return "value", float(t.replace("−", "-").replace("－", "-")), False
    if _DASH.match(t) or t == "":
        return "value", None, False
    if _WORD_VALUE.match(t):
        return "value", None, True
    return None


def tokenize(lines: list[Line]) -> list[Token]:
    out: list[Token] = []
    for line in lines:
        for kind, text, start, end, value, invalid in _line_tokens(line.text, line.content):
            out.append(Token(kind, text, line, start, end, value, invalid))
    return out


@lru_cache(maxsize=4096)
def _line_tokens(text: str, content: str) -> tuple[tuple, ...]:
    """One line's tokens as (kind, text, start, end, value, invalid): a pure function of the line,
    cached (rows such as "| 1.危及“三安全一稳定” | 0 | 0 | 0 | 0 | 0 | 0 | 0 |" recur from report
    to report)."""
    out: list[list] = []
    if not content.strip():
        return ()
    if _MD_SEPARATOR.match(content):
        return ()  # "| --- | :---: |": Markdown's header separator, no cells
    if _CELL_SPLIT.search(content):
        pos = 0
        for part in _CELL_SPLIT.split(content):
            start, end = pos, pos + len(part)
            pos = end + 1
            stripped = part.strip()
            if not stripped:
                if start and end < len(content.rstrip()):  # an empty cell between two bars
                    out.append(["value", "", start, start, None, False])
                continue
            a = start + len(part) - len(part.lstrip())
            _add(out, stripped, text, a, a + len(stripped), merge=False)
    else:
        for m in re.finditer(r"\S+", content):
            _add(out, m.group(0), text, m.start(), m.end(), merge=True)
    return tuple(tuple(t) for t in out)


def _add(out: list[list], cell: str, text: str, start: int, end: int, merge: bool) -> None:
    parsed = parse_value(cell)
    if parsed is not None:
        kind, value, invalid = parsed
        out.append([kind, cell, start, end, value, invalid])
        return
    prev = out[-1] if out else None
    if (merge and prev is not None and prev[0] == "text"
            and not _NUMBERING.match(norm(cell))):  # "（三）不予公开 1.属于国家秘密": two labels
        prev[1] = text[prev[2]:end]  # "总 计", "商业 企业": one fragment
        prev[3] = end
        return
    out.append(["text", cell, start, end, None, False])


_BARE_NUMBERING = re.compile(r"^(\d+|[一二三四五六七八九十]+(?=[(（]))")  # "2重复申请.", "三（一）予以公开"


@lru_cache(maxsize=4096)
def _label_key(text: str) -> str:
    key = _NUMBERING.sub("", norm(text))
    key = _NUMBERING.sub("", _BARE_NUMBERING.sub("", key))
    return key.rstrip(".。、,，;；:：")


def _row_keys(row: TableRow) -> list[tuple[str, str]]:
    """(key, key without numbering) of a row's label and aliases."""
    keys = [(norm(label), _label_key(label)) for label in [row.label, *row.aliases] if label]
    return [(k, b) for k, b in keys if b]


class _LabelIndex:
    """All row labels of a table (built once per table spec), scored against a fragment at once.

    A fragment (its key, and its key without numbering) scores against a label: 100 when a short
    label (4 characters or fewer: "其他", "总计") is equal, else nothing; for a longer label the
    better fuzz.ratio of the two keys, or 90 when the fragment begins the label (8
    characters or more; PDF text may print the rest after the values), and nothing when the
    lengths are too far apart to reach the threshold. Computed with rapidfuzz's C loops and a
    dict for the short labels, and memoised on the fragment's text: every report prints the
    same official labels."""

    def __init__(self, rows: list[TableRow]):
        self.exact: dict[str, set[int]] = defaultdict(set)  # short labels: key or bare key → rows
        self.long_keys: list[str] = []
        self.long_bare: list[str] = []
        self.long_row: list[int] = []
        for i, row in enumerate(rows):
            for lk, lb in _row_keys(row):
                if len(lb) <= 4:
                    self.exact[lb].add(i)
                    self.exact["\0" + lk].add(i)
                else:
                    self.long_keys.append(lk)
                    self.long_bare.append(lb)
                    self.long_row.append(i)
        self.memo: dict[str, dict[int, float]] = {}

    def scores_of(self, text: str) -> dict[int, float]:
        """{row index: score} of the rows the fragment ``text`` (as written) may be the label of.
        Callers must not change the dict: it is the memo's."""
        got = self.memo.get(text)
        if got is None:
            if len(self.memo) >= 50_000:  # bounded in a long batch
                self.memo.clear()
            got = self.memo[text] = self._scores(norm(text), _label_key(text))
        return got

    def _scores(self, key: str, bare: str) -> dict[int, float]:
        out: dict[int, float] = {}
        for i in self.exact.get(bare, set()) | self.exact.get("\0" + key, set()):
            out[i] = 100.0
        if not self.long_keys:
            return out
        hits: dict[int, float] = {}
        for query, choices in ((key, self.long_keys), (bare, self.long_bare)):
            for _, score, n in process.extract(query, choices, scorer=fuzz.ratio, score_cutoff=THRESHOLD,
                                                limit=None):
                hits[n] = max(hits.get(n, 0.0), score)
        for n, score in hits.items():
            lb = self.long_bare[n]
            if len(bare) < 0.5 * len(lb) or len(bare) > 2 * len(lb) + 4:
                continue  # lengths this far apart never match
            i = self.long_row[n]
            out[i] = max(out.get(i, 0.0), score)
        if len(bare) >= 8:  # the label's beginning; PDF text may print the rest after the values
            for n, lb in enumerate(self.long_bare):
                if lb.startswith(bare) and len(bare) >= 0.4 * len(lb):
                    i = self.long_row[n]
                    out[i] = max(out.get(i, 0.0), 90.0)
        return out


def _label_index(spec: TableSpec, labelled: list[TableRow]) -> _LabelIndex:
    """The spec's label index, built once and kept with the spec."""
    index = spec.derived.get("label_index")
    if index is None:
        index = spec.derived["label_index"] = _LabelIndex(labelled)
    return index


THRESHOLD = 80.0
MAX_SPAN = 3  # a label split over up to three fragments (PDF text wraps long labels)


def read_table(spec: TableSpec, lines: list[Line]) -> ReadTable:
    tokens = tokenize(lines)
    rows = {r.id: ReadRow(r) for r in spec.rows}
    table = ReadTable(spec, lines, rows, tokens)
    labelled = [r for r in spec.rows if r.label]
    texts = [i for i, t in enumerate(tokens) if t.kind == "text"]
    # scores[i][j][k]: row i against text fragments texts[j..j+k]
    n, m = len(labelled), len(texts)
    spans: dict[tuple[int, int], tuple[float, int]] = {}
    index = _label_index(spec, labelled)
    for j in range(m):
        joined = ""
        for k in range(MAX_SPAN):
            if j + k >= m or (k and texts[j + k] != texts[j + k - 1] + 1):
                break  # only consecutive fragments, no value in between
            joined += tokens[texts[j + k]].text
            for i, s in index.scores_of(joined).items():
                if s > spans.get((i, j), (0.0, 0))[0]:
                    spans[(i, j)] = (s, k + 1)
    # in-order alignment of rows to fragments maximising the summed score:
    # dp[i][j] = max(dp[i + 1][j], dp[i][j + 1], match(i, j) + dp[i + 1][j + span]), computed a row
    # at a time as a suffix maximum (C loops); matches are sparse
    by_row: dict[int, list[tuple[int, float, int]]] = {}
    for (i, j), (score, k) in spans.items():
        by_row.setdefault(i, []).append((j, score, k))
    dp: list[list[float]] = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        below = dp[i + 1]  # non-increasing in j: a suffix maximum
        best_at: dict[int, float] = {}  # fragment → best value of matching row i there
        for j, score, k in by_row.get(i, ()):
            val = score - THRESHOLD + 1 + below[min(j + k, m)]
            if val > best_at.get(j, below[j]):
                best_at[j] = val
        dp[i] = suffix_max_raised(below, best_at)
    def match(i: int, j: int):
        sp = spans.get((i, j))
        return None if sp is None else (sp[0] - THRESHOLD + 1 + dp[i + 1][min(j + sp[1], m)], sp[1])

    # ties: skip the row, then the fragment, then match (as written first)
    matched = [(labelled[i], texts[j], texts[j + k - 1])  # (row, first token index, last token index)
               for i, j, k in traceback(dp, n, m, match, match_first=False)]
    for idx, (row, first, last) in enumerate(matched):
        rr = rows[row.id]
        rr.found = True
        rr.label = tokens[first:last + 1]
        stop = matched[idx + 1][1] if idx + 1 < len(matched) else len(tokens)
        rr.values = _values_after(tokens, last, stop)
    # an unlabelled row: the first line holding exactly as many values as the row has columns
    for row in spec.rows:
        if row.label:
            continue
        want = len(table.columns_of(row))
        by_line: dict[int, list[Token]] = {}
        for t in tokens:
            if t.kind == "value":
                by_line.setdefault(t.line.number, []).append(t)
        for number in sorted(by_line):
            vals = [t for t in by_line[number] if t.text != ""]
            if len(vals) == want:
                rows[row.id].found, rows[row.id].values = True, vals
                break
    for rr in rows.values():
        if rr.found and rr.spec.values:
            cols = table.columns_of(rr.spec)
            vals = list(rr.values)
            while len(vals) > len(cols) and vals[-1].text == "":
                vals.pop()  # trailing empty cells of a short Markdown row
            while len(vals) > len(cols) and vals[0].text == "":
                vals.pop(0)  # empty cells padding a merged label cell (PDF text as " |  | 21 | 0 …")
            if vals and vals[0].text == "" and len(cols) > 1 and any(v.text for v in vals):
                rr.certain = False  # an empty first cell: padding or a blank value? cannot tell
            if len(vals) == len(cols):
                rr.cells = dict(zip(cols, vals))
    return table


def label_written(table: ReadTable, row: TableRow) -> bool:
    """The row's label (or an alias) is written among the table's lines, though the row could
    not be read (its values glued to others in a flattened page: "一、本年新收政府信息公开申请数量 00 00000")."""
    joined = table.joined_key
    for key, bare in _row_keys(row):
        probe = bare if len(bare) >= 6 else key
        if probe and probe in joined:
            return True
    return False


def readability(table: ReadTable) -> tuple[int, int, int]:
    """(required rows found, required rows, rows whose values could not be placed)."""
    required = [rr for rr in table.rows.values() if rr.spec.required and rr.spec.label]
    found = sum(1 for rr in required if rr.found)
    unplaced = sum(1 for rr in table.rows.values()
                   if rr.found and rr.spec.values and (not rr.cells or not rr.certain)
                   and not (not rr.spec.required and all(t.value is None for t in rr.values)))
    return found, len(required), unplaced


def well_read(table: ReadTable) -> bool:
    """Enough of the table was recognised for row-level findings to be trustworthy."""
    found, required, _ = readability(table)
    unlabelled = [rr for rr in table.rows.values() if not rr.spec.label and rr.spec.required]
    if required:
        return found >= 0.6 * required
    return all(rr.found for rr in unlabelled)


def _values_after(tokens: list[Token], last: int, stop: int) -> list[Token]:
    """Values on the label's own line after it; else the values up to the next row (skipping
    notes such as "（不同渠道和方式公开相同的信息列为1条）"), stopping at prose."""
    label_line = tokens[last].line
    same = [t for t in tokens[last + 1:stop] if t.line is label_line and t.kind == "value"]
    if same:
        return same
    out = []
    for t in tokens[last + 1:stop]:
        if t.kind == "text":
            if len(t.key) > 40:
                break  # prose after the table
            continue
        if t.text != "":
            out.append(t)
    return out
