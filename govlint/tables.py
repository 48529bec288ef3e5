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

import dataclasses
import re
from functools import cached_property, lru_cache
from collections import defaultdict
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from govlint import rx
from govlint.diagnostics import Location
from govlint.document import Line, span_location
from govlint.dp import suffix_max_raised, traceback
from govlint.normalize import fold, norm
from govlint.packs.model import Identity, TableRow, TableSpec

_NUMBER = rx.compile(r"^[-−－]?\d+(\.\d+)?$")
_DASH = rx.compile(r"^[/／—–\-－―]+$")
_WORD_VALUE = rx.compile(r"^(无|暂无|空)$")
_NUMBERING = rx.compile(r"^([一二三四五六七八九十]+[、.，,]|[(（][一二三四五六七八九十]+[)）]|\d+[.、．,，]|其中[:：])+")
_CELL_SPLIT = rx.compile(r"[|｜\t]")
_MD_SEPARATOR = rx.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")


@dataclass(slots=True)
class Token:
    kind: str  # "text" | "value"
    text: str  # as written
    line: Line
    start: int  # 0-based columns in line.text
    end: int
    value: float | None = None  # a number; None: blank, "/", "—" (not reported) or a word
    invalid: bool = False  # a word such as 无 where a number belongs
    # digits that may be several cells written without separators: a run glued to the label
    # ("申请数量0000000") or a count with a leading zero ("00 00000"); split by _resolve
    glued: bool = False
    # read by OCR with a confidence too low to trust: relations through it are not checked
    doubtful: bool = False

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
    # relations (identity ids) that decided how glued digits split into cells: they hold by
    # construction in this row, so they were not checked there
    pinned_by: list[str] = field(default_factory=list)

    @property
    def readable(self) -> bool:
        return self.found and bool(self.cells) and self.certain


@dataclass
class ReadTable:
    spec: TableSpec
    lines: list[Line]
    rows: dict[str, ReadRow]
    tokens: list[Token]
    narrow: bool = False  # the optional columns are not printed
    ocr: bool = False  # read by OCR (its lines' locations say so): only its trusted numbers are checked
    checked: dict = field(default_factory=dict, repr=False)  # identity id → its instances (computed once)

    def columns_of(self, row: TableRow) -> list[str]:
        if row.columns:
            return list(row.columns)
        return [c.id for c in self.spec.columns] or ["value"]

    @cached_property
    def joined_key(self) -> str:
        """The table's lines' keys, joined, without cell bars."""
        return "".join(l.key for l in self.lines).replace("|", "")

    def column_label(self, column: str) -> str:
        """The column's label as a reader names it: under its group's header when labels repeat."""
        for c in self.spec.columns:
            if c.id == column:
                return c.group + c.label
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
        for kind, text, start, end, value, invalid, glued in _line_tokens(line.text, line.content):
            out.append(Token(kind, text, line, start, end, value, invalid, glued))
    return out


# a letter that is no ASCII letter: a CJK character ("[^\W\d_A-Za-z]" compiles in microseconds, a
# 一-鿿 range in milliseconds)
_HAN = r"[^\W\d_A-Za-z]"
# a run of digits glued to a label on a flattened page ("…申请数量0000000二、上年结转…", "行政许可0"):
# after a CJK character or a closing bracket, and not followed by a unit ("425条", "2024年") nor
# by a decimal point
_UNITS = "年月日时分秒条件个次人项万千百亿元%％篇期场家份天号名户所座批类余多起页幅卷位部套台辆处宗笔例首本册届级倍周岁小"
_GLUED_RUN = rx.compile(rf"(?:(?<={_HAN})|(?<=[）)”」》]))\d+(\.\d+)?(?![\d{_UNITS}])")
# a row's numbering glued after the previous cell ("…提供1.本机关…", "…秘密00000002.其他…"):
# the text is cut before it
_GLUED_NUMBERING = rx.compile(rf"(?:(?<={_HAN})|(?<=[）)”\d]))(?=\d[.．、]{_HAN}|[（(][一二三四五六七八九十]+[）)]"
                              rf"|[一二三四五六七八九十]+、)")
_LEADING_ZERO = rx.compile(r"^0\d+$")  # "00", "00000": zeros written without separators


def _pieces(chunk: str) -> list[tuple[int, int]]:
    """Spans of a whitespace-separated chunk, cut where a flattened page glued cells together:
    before a row's numbering and around a run of digits glued to a label."""
    if not chunk.isascii():
        cuts = {0, len(chunk)}
        for m in _GLUED_NUMBERING.finditer(chunk):
            cuts.add(m.start())
        for m in _GLUED_RUN.finditer(chunk):
            run_end = m.end()
            if run_end < len(chunk) and chunk[run_end] in ".．、":
                if run_end - m.start() < 2:
                    continue  # "提供1.本机关": the next row's number, no value
                run_end -= 1  # "00000002.其他": the last digit numbers the next row
            cuts.update((m.start(), run_end))
        marks = sorted(cuts)
        return [(a, b) for a, b in zip(marks, marks[1:]) if b > a]
    return [(0, len(chunk))]


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
                    out.append(["value", "", start, start, None, False, False])
                continue
            a = start + len(part) - len(part.lstrip())
            _add(out, stripped, text, a, a + len(stripped), merge=False)
    else:
        for m in re.finditer(r"\S+", content):
            chunk = m.group(0)
            for n, (a, b) in enumerate(_pieces(chunk)):
                glued = b - a < len(chunk) and chunk[a:b].isdigit()  # not "0.5", a single amount
                _add(out, chunk[a:b], text, m.start() + a, m.start() + b, merge=n == 0, glued=glued)
    return tuple(tuple(t) for t in out)


def _add(out: list[list], cell: str, text: str, start: int, end: int, merge: bool, glued: bool = False) -> None:
    parsed = parse_value(cell)
    if parsed is not None:
        kind, value, invalid = parsed
        out.append([kind, cell, start, end, value, invalid, glued or bool(_LEADING_ZERO.match(cell))])
        return
    prev = out[-1] if out else None
    if (merge and prev is not None and prev[0] == "text"
            and not _NUMBERING.match(norm(cell))):  # "（三）不予公开 1.属于国家秘密": two labels
        prev[1] = text[prev[2]:end]  # "总 计", "商业 企业": one fragment
        prev[3] = end
        return
    out.append(["text", cell, start, end, None, False, False])


_BARE_NUMBERING = rx.compile(r"^(\d+|[一二三四五六七八九十]+(?=[(（]))")  # "2重复申请.", "三（一）予以公开"


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


def _split_glued_labels(spec: TableSpec, tokens: list[Token]) -> list[Token]:
    """On a flattened page a row's label is glued to the header before it ("…现行有效件数规章000",
    "…本年处理决定数量行政许可0", "现行有效件数 规章 0 0 0"): a text fragment followed by values
    that ends with one of the table's labels is cut before that label."""
    got = spec.derived.get("label_suffixes")
    if got is None:
        keys = sorted({k for r in spec.rows if r.label for k, _ in _row_keys(r)} |
                      {b for r in spec.rows if r.label for _, b in _row_keys(r) if len(b) >= 4}, key=len, reverse=True)
        by_tail: dict[str, list[str]] = defaultdict(list)  # the labels by their last character
        for k in keys:
            by_tail[k[-1]].append(k)
        got = spec.derived["label_suffixes"] = (set(keys), dict(by_tail))
    keys, by_tail = got
    units = "".join(spec.units)
    out: list[Token] = []
    for i, t in enumerate(tokens):
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if t.kind != "text" or nxt is None or nxt.kind != "value" or nxt.line is not t.line:
            out.append(t)
            continue
        key = t.key
        bare = key.rstrip(units) if units else key  # "…主动公开信息数条": the unit after the label
        candidates = by_tail.get(bare[-1:], ())
        hit = None if not candidates or key in keys or bare in keys or _label_key(t.text) in keys else next(
            (k for k in candidates if bare.endswith(k) and len(bare) > len(k)), None)
        if hit is None:
            out.append(t)
            continue
        cut, want = len(t.text), len(hit) + len(key) - len(bare)
        while cut > 0 and len(norm(t.text[cut:])) < want:
            cut -= 1
        out.append(Token("text", t.text[:cut], t.line, t.start, t.start + cut))
        out.append(Token("text", t.text[cut:], t.line, t.start + cut, t.end))
    return out


def read_table(spec: TableSpec, lines: list[Line]) -> ReadTable:
    tokens = _split_glued_labels(spec, tokenize(lines))
    rows = {r.id: ReadRow(r) for r in spec.rows}
    table = ReadTable(spec, lines, rows, tokens)
    optional = [c for c in spec.columns if c.optional]
    if optional:  # glued digits split into the columns printed: without the optional ones when no label of theirs is
        header = "".join(t.key for t in tokens if t.kind == "text")
        table.narrow = not any(norm(x) in header for c in optional for x in [c.label, *c.aliases])
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
    # an unlabelled row: the first line holding exactly as many values as the row has columns;
    # else the first run of values (a flattened page: "…尚未审结总计000000000000000五、…") that
    # splits into them in one way only
    for row in spec.rows:
        if row.label:
            continue
        want = len(table.columns_of(row))
        by_line: dict[int, list[Token]] = {}
        for t in tokens:
            if t.kind == "value":
                by_line.setdefault(t.line.number, []).append(t)
        worded = {t.line.number for t in tokens if t.kind == "text"}
        for number in sorted(by_line):
            cells = by_line[number]
            vals = [t for t in cells if t.text != ""]
            if any(t.glued for t in vals):
                continue
            if len(vals) == want:
                rows[row.id].found, rows[row.id].values = True, vals
                break
            if len(cells) == want and vals and number not in worded:
                # a table's row with blank cells ("5 | | | 2 | 7 | …"): the cells stay in place
                rows[row.id].found, rows[row.id].values = True, cells
                break
        else:
            pins = _pins(spec, row.id, table.columns_of(row))
            for run in _value_runs(tokens):
                if (len(run) == want or any(t.glued for t in run)) and _resolve(run, want, pins)[0] is not None:
                    rows[row.id].found, rows[row.id].values = True, run
                    break
            else:
                # the row printed in parts, each under its own header (行政复议 | 直接起诉 | 复议后起诉 as
                # three tables of five): the lines holding only values, together exactly as many
                parts = [by_line[n] for n in sorted(by_line) if n not in worded]
                joined = [t for part in parts for t in part if t.text != ""]
                if len(parts) > 1 and len(joined) == want and not any(t.glued for t in joined):
                    rows[row.id].found, rows[row.id].values = True, joined
    for rr in rows.values():
        if rr.found and rr.spec.values:
            cols = table.columns_of(rr.spec)
            vals = list(rr.values)
            spaced = [t for t in vals if t.text != ""]
            lost = (0 < len(spaced) < len(cols) and all(t.text.isdigit() for t in spaced)
                    and sum(len(t.text) for t in spaced) >= len(cols)
                    and any(_LEADING_ZERO.match(t.text) for t in spaced))  # "00", "01": a space was lost
            if any(t.glued for t in vals) or lost:
                if table.narrow:
                    cols = _without_optional(spec, cols)
                pins = _pins(spec, rr.spec.id, cols)
                cells, pinned = _resolve(spaced, len(cols), pins)
                if cells is None and lost:
                    # fewer counts than columns, all digits: spaces were lost between some of them
                    # (" 10 0 00 0 1" for seven cells); read only if one split fits
                    cells, pinned = _resolve([dataclasses.replace(t, glued=len(t.text) > 1) for t in spaced],
                                             len(cols), pins)
                if cells is not None:
                    rr.cells, rr.pinned_by = dict(zip(cols, cells)), pinned
                continue
            if len(vals) > len(cols) and vals[0].text == "" and vals[-1].text == "" and len(vals) - len(cols) == 1:
                vals.pop(0)  # a label spread over two columns (an HTML colspan): its second column is no value
            while len(vals) > len(cols) and vals[-1].text == "":
                vals.pop()  # trailing empty cells of a short Markdown row
            while len(vals) > len(cols) and vals[0].text == "":
                vals.pop(0)  # empty cells padding a merged label cell (PDF text as " |  | 21 | 0 …")
            if len(vals) > len(cols) and len(filled := [v for v in vals if v.text != ""]) == len(cols):
                vals = filled  # a value merged across two grid columns ("规章 | 13 | 13 | | 524"): the grid's empty position is no cell
            if vals and vals[0].text == "" and len(cols) > 1 and any(v.text for v in vals):
                rr.certain = False  # an empty first cell: padding or a blank value? cannot tell
            if len(vals) == len(cols):
                rr.cells = dict(zip(cols, vals))
            elif vals and len(vals) == len(kept := _without_optional(spec, cols)) and len(kept) < len(cols):
                rr.cells = dict(zip(kept, vals))  # a layout without the optional columns
    _mark_ocr(table)
    return table


def _mark_ocr(table: ReadTable) -> None:
    """A table whose lines OCR read is marked ``ocr``, and its values that OCR did not read with
    confidence (the reader's ``doubtful`` spans) ``doubtful``: no relation is checked through them."""
    table.ocr = any(l.location and l.location.get("ocr") for l in table.lines)
    if not table.ocr:
        return
    for t in table.tokens:
        spans = t.line.location.get("doubtful") if t.kind == "value" and t.line.location else None
        if spans and any(s < max(t.end, t.start + 1) and t.start < e for s, e in spans):
            t.doubtful = True


def doubtful_values(table: ReadTable) -> int:
    """How many of the table's values placed in its cells OCR read without confidence."""
    return sum(1 for rr in table.rows.values() for t in rr.cells.values() if t.doubtful)


RUN_ON = 300  # key characters: a line this long is a flattened page, not a table row
MAX_SPLITS = 512  # readings of one row's glued digits considered; more is ambiguous


def _without_optional(spec: TableSpec, cols: list[str]) -> list[str]:
    optional = {c.id for c in spec.columns if c.optional}
    return [c for c in cols if c not in optional]


def _value_runs(tokens: list[Token]) -> list[list[Token]]:
    """Runs of consecutive value tokens (blank cells left out)."""
    runs, current = [], []
    for t in tokens:
        if t.kind == "value":
            if t.text != "":
                current.append(t)
            continue
        if current:
            runs.append(current)
        current = []
    if current:
        runs.append(current)
    return runs


def _pins(spec: TableSpec, row_id: str, cols: list[str]) -> list[tuple[str, int, list[int], str]]:
    """The relations within one row (kind columns: 总计 = Σ parts, or 历年累计 ≥ 本年度) that may
    decide a split, as (identity id, position of the total, positions of the parts, op) among ``cols``."""
    out = []
    for i in spec.identities:
        if (i.kind == "columns" and i.total and (i.rows is None or row_id in i.rows)
                and i.total in cols and all(p in cols for p in i.parts)):
            out.append((i.id, cols.index(i.total), [cols.index(p) for p in i.parts], i.op))
    return out


def _cuts(digits: str, k: int):
    """Every way to write ``digits`` as ``k`` counts (no leading zero but "0" itself)."""
    if k == 1:
        if digits == "0" or not digits.startswith("0"):
            yield [digits]
        return
    if digits.startswith("0"):
        for rest in _cuts(digits[1:], k - 1) if len(digits) > 1 else ():
            yield ["0", *rest]
        return
    for i in range(1, len(digits) - k + 2):
        for rest in _cuts(digits[i:], k - 1):
            yield [digits[:i], *rest]


def _readings(vals: list[Token], n: int):
    """Every reading of ``vals`` as ``n`` cells: a glued token gives one or more cells, any
    other token one cell; each reading a list of (token, offset, text)."""
    glued = [i for i, t in enumerate(vals) if t.glued]
    spare = n - (len(vals) - len(glued))  # cells the glued tokens share
    if spare < len(glued):
        return

    def share(i: int, left: int):  # how many cells each glued token gives
        if i == len(glued) - 1:
            if 1 <= left <= len(vals[glued[i]].text):
                yield [left]
            return
        for k in range(1, min(left - (len(glued) - i - 1), len(vals[glued[i]].text)) + 1):
            for rest in share(i + 1, left - k):
                yield [k, *rest]

    def expand(i: int, counts: dict[int, int]):
        if i == len(vals):
            yield []
            return
        t = vals[i]
        if not t.glued:
            for rest in expand(i + 1, counts):
                yield [(t, 0, t.text), *rest]
            return
        for parts in _cuts(t.text, counts[i]):
            offsets, at = [], 0
            for p in parts:
                offsets.append((t, at, p))
                at += len(p)
            for rest in expand(i + 1, counts):
                yield [*offsets, *rest]

    if not glued:
        if len(vals) == n:
            yield [(t, 0, t.text) for t in vals]
        return
    for counts in share(0, spare):
        yield from expand(0, dict(zip(glued, counts)))


def _resolve(vals: list[Token], n: int, pins: list) -> tuple[list[Token] | None, list[str]]:
    """The cells of a row whose digits were glued together, when only one reading fits (or only
    one reading satisfies the row's own relations ``pins``): (cells, ids of the relations used),
    else (None, [])."""
    readings = []
    for reading in _readings(vals, n):
        readings.append(reading)
        if len(readings) > MAX_SPLITS:
            return None, []
    pinned: list[str] = []
    if len(readings) > 1 and pins:
        def holds(reading) -> bool:
            value = [(parse_value(text) or ("", None, False))[1] for _, _, text in reading]
            for _, total, parts, op in pins:
                terms = [value[p] for p in parts]
                if value[total] is None or any(v is None for v in terms):
                    return False
                if value[total] < sum(terms) - 0.005 if op == "ge" else abs(value[total] - sum(terms)) > 0.005:
                    return False
            return True
        pinned = [p[0] for p in pins]
        readings = [r for r in readings if holds(r)]
    if len(readings) != 1:
        return None, []
    cells = []
    for t, at, text in readings[0]:
        if t.glued:
            parsed = parse_value(text)
            cells.append(Token("value", text, t.line, t.start + at, t.start + at + len(text),
                               parsed[1] if parsed else None))
        else:
            cells.append(t)
    return cells, pinned


def label_written(table: ReadTable, row: TableRow) -> bool:
    """The row's label (or an alias) is written among the table's lines, though the row could
    not be read (its values glued to others in a flattened page: "一、本年新收政府信息公开申请数量 00 00000")."""
    joined = table.joined_key
    for key, bare in _row_keys(row):
        probe = bare if len(bare) >= 6 else key
        if probe and probe in joined:
            return True
    return False


def unplaced_rows(table: ReadTable) -> list[str]:
    """The labels of the rows found whose values could not be placed in the columns."""
    return [rr.spec.label or "" for rr in table.rows.values()
            if rr.found and rr.spec.values and (not rr.cells or not rr.certain)
            and not (not rr.spec.required and all(t.value is None for t in rr.values))]


def readability(table: ReadTable) -> tuple[int, int, int]:
    """(required rows found, required rows, rows whose values could not be placed)."""
    required = [rr for rr in table.rows.values() if rr.spec.required and rr.spec.label]
    found = sum(1 for rr in required if rr.found)
    return found, len(required), len(unplaced_rows(table))


def mostly_found(table: ReadTable) -> bool:
    """Most of the table's labelled rows were found (a local annex that is the table printed)."""
    labelled = [rr for rr in table.rows.values() if rr.spec.label and rr.spec.values]
    return bool(labelled) and sum(rr.found for rr in labelled) >= 0.6 * len(labelled)


def annex_instead(table: ReadTable | None, tables) -> bool:
    """The format's table ``table`` (None: not found) is not read, and among ``tables`` a local
    annex is what the report prints in its place (Fujian 2014–2018)."""
    return (table is None or (table.spec.required and not well_read(table))) and any(
        not t.spec.required and mostly_found(t) for t in tables)


def well_read(table: ReadTable) -> bool:
    """Enough of the table was recognised for row-level findings to be trustworthy."""
    found, required, _ = readability(table)
    unlabelled = [rr for rr in table.rows.values() if not rr.spec.label and rr.spec.required]
    if not table.spec.required:  # a local annex: its indicators vary, the rows it has are what counts
        return any(rr.found for rr in table.rows.values())
    if required:
        return found >= 0.6 * required
    return all(rr.found for rr in unlabelled)


def _values_after(tokens: list[Token], last: int, stop: int) -> list[Token]:
    """Values on the label's own line after it; else the values up to the next row (skipping
    notes such as "（不同渠道和方式公开相同的信息列为1条）"), stopping at prose."""
    label_line = tokens[last].line
    if last + 1 < stop and (tokens[last + 1].glued or len(label_line.key) > RUN_ON):
        # a flattened page: the values right after the label, up to the next text
        run = []
        for t in tokens[last + 1:stop]:
            if t.kind != "value":
                break
            run.append(t)
        return run
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


# ---------------------------------------------------------------- relations (勾稽)

TOLERANCE = 0.005


@dataclass
class Instance:
    """One relation checked in one place (a column for ``kind: rows``, a row for ``kind: columns``)."""

    ident: Identity
    where: str  # the column id (kind rows) or the row id (kind columns)
    cells: dict[str, Token]  # row or column id → its cell
    ok: bool
    label_of: dict[str, str]  # row or column id → its label


def _without(ident: Identity, absent: set[str]) -> Identity:
    if not absent:
        return ident
    return dataclasses.replace(ident, parts=[p for p in ident.parts if p not in absent],
                               left=[p for p in ident.left if p not in absent],
                               right=[p for p in ident.right if p not in absent])


def instances(table: ReadTable, ident: Identity) -> list[Instance]:
    """Where the relation ``ident`` can be checked in ``table`` (every term read, the total and at
    least one part written), and whether it holds there. A row whose glued digits were split by
    this very relation is left out: there it holds by construction."""
    got = table.checked.get(ident.id)
    if got is None:
        got = table.checked[ident.id] = _instances(table, ident)
    return got


def _instances(table: ReadTable, ident: Identity) -> list[Instance]:
    rows = table.rows
    if ident.kind == "rows":
        # an optional row that is absent, or printed without values (a group row), counts as empty
        absent = {r for r in ident.parts + ident.left + ident.right
                  if not rows[r].spec.required and (not rows[r].found or not rows[r].values
                                                    or all(t.value is None for t in rows[r].values))}
        ident = _without(ident, absent)
        names = ([ident.total] if ident.total else []) + ident.parts + ident.left + ident.right
        if any(not rows[r].readable for r in names):
            return []  # a row that could not be read: nothing to compare
        order = {x.id: n for n, x in enumerate(table.spec.columns)}
        columns = ident.columns or sorted(set.intersection(*[set(rows[r].cells) for r in names]),
                                           key=lambda c: order[c] if order else 0)
        places = [(c, {r: rows[r].cells.get(c) for r in names}) for c in columns]
        label_of = {r: rows[r].spec.label or r for r in names}
    else:
        targets = ident.rows or [r for r, rr in rows.items() if rr.readable]
        names = ([ident.total] if ident.total else []) + ident.parts + ident.left + ident.right
        places = []
        for r in targets:
            rr = rows[r]
            if not rr.readable or any(c not in rr.cells for c in names) or ident.id in rr.pinned_by:
                continue
            places.append((r, {c: rr.cells[c] for c in names}))
        label_of = {c: table.column_label(c) for c in names}
    out = []
    for where, cells in places:
        if any(t is None or t.invalid or t.doubtful for t in cells.values()):
            continue  # a word where a number belongs ("无"): invalid-table-value says so, once
        if ident.total:
            total = cells[ident.total]
            parts = [cells[p] for p in ident.parts]
            if total.value is None or all(p.value is None for p in parts):
                continue  # a blank total is "not reported", not 0
            got = sum(p.value or 0 for p in parts)
            ok = total.value >= got - TOLERANCE if ident.op == "ge" else abs(total.value - got) <= TOLERANCE
        else:
            left = [cells[x] for x in ident.left]
            right = [cells[x] for x in ident.right]
            if any(t.value is None for t in left + right):
                continue  # a blank term is "not reported", not 0: the relation cannot be checked
            ok = abs(sum(t.value for t in left) - sum(t.value for t in right)) <= TOLERANCE
        out.append(Instance(ident, where, cells, ok, label_of))
    return out


@dataclass
class Verdict:
    """What was checked of a table: ``status`` "checked" (every relation somewhere), "partly",
    "not-checked" (none), or "read" (a table with no relation, its rows read)."""

    status: str
    checked: list[str]  # identity ids checked at least once
    unchecked: list[str]
    rows_read: int
    rows: int
    unread: list[str]  # labels of rows found but not read


def verdict(table: ReadTable) -> Verdict:
    checked, unchecked = [], []
    for ident in table.spec.identities:
        if _optional_subtotal(table, ident):
            continue  # a group row's subtotal that the report does not print: nothing to check
        (checked if instances(table, ident) else unchecked).append(ident.id)
    valued = [rr for rr in table.rows.values() if rr.spec.values and (rr.spec.required or rr.found)]
    read = [rr for rr in valued if rr.readable]
    unread = unplaced_rows(table)
    if not table.spec.identities:
        status = "read" if read and len(read) == len(valued) else ("partly" if read else "not-checked")
    elif not checked:
        status = "not-checked"
    else:
        status = "checked" if not unchecked and not unread else "partly"
    return Verdict(status, checked, unchecked, len(read), len(valued), unread)


def _optional_subtotal(table: ReadTable, ident: Identity) -> bool:
    """A relation whose total is an optional group row the report leaves blank (（三）不予公开)."""
    if not ident.total or ident.kind != "rows":
        return False
    rr = table.rows.get(ident.total)
    return rr is not None and not rr.spec.required and (not rr.found or all(t.value is None for t in rr.values))
