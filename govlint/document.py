"""The document model: lines with their source locations and matching keys, paragraphs, and the
outline's data types (headings, the title). Parsing lives in :mod:`govlint.outline`; what is
concluded from the outline (year, agency, period, sections, tables) in :mod:`govlint.facts`.

Every piece keeps the user's original text and its column span, so messages quote it back
exactly; matching uses normalised keys (:mod:`govlint.normalize`).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cached_property
from itertools import accumulate
from typing import Iterator

from govlint import rx
from govlint.diagnostics import Location
from govlint.normalize import fold, norm_map, span_in_original
from govlint.readers import Source

# ----------------------------------------------------------------------------- lines


class Line:
    """One line of text: ``text`` as written, ``content`` with markup blanked (same length), and
    its matching keys, computed once: ``folded`` (NFKC, simplified) and ``key`` (``folded``
    without whitespace).

    ``number`` orders the lines (strictly increasing); ``display`` is the line a user is shown,
    and ``offset`` where this text starts on it. They differ only where a reader splits one
    line of the file into several (a minified web page's blocks, a Word paragraph's manual line
    breaks): those share their ``display`` line, each at its own ``offset``."""

    __slots__ = ("number", "text", "content", "location", "folded", "key", "blank", "_metadata", "display", "offset")

    def __init__(self, number: int, text: str, content: str, location: dict | None = None,
                 folded: str | None = None, key: str | None = None, display: int | None = None, offset: int = 0):
        self.number = number
        self.display = number if display is None else display
        self.offset = offset
        self.text = text  # original
        self.content = content  # markup blanked (same length as text)
        self.location = location  # see readers.SourceLine.location
        self.folded = fold(content) if folded is None else folded
        self.key = "".join(self.folded.split()) if key is None else key
        self.blank = not content.strip()
        self._metadata: bool | None = None  # is_metadata(), once computed

    def __repr__(self) -> str:
        return f"Line({self.number}, {self.text!r})"


def span_location(line: Line, start: int, end: int) -> Location:
    """The location of columns [start, end) (0-based, in ``line.text``) as the user sees them."""
    return Location(line.display, line.offset + start + 1, line.display, line.offset + end + 1)


def line_location(line: Line, start: int | None = None, end: int | None = None) -> Location:
    """A location on ``line``; start/end are 0-based columns in the original text (end exclusive).
    Without them, the line's text without its surrounding whitespace."""
    text = line.text
    if start is None:
        start = len(text) - len(text.lstrip())
        end = len(text.rstrip()) if end is None else end
        if end <= start:  # blank line
            return Location(line.display, line.offset + 1, line.display, line.offset + 1)
    if end is None:
        end = len(text)
    return span_location(line, start, end)


def point_location(line: Line) -> Location:
    """Where something is missing: the first character of ``line`` (a place, not a span)."""
    col = len(line.text) - len(line.text.lstrip())
    return span_location(line, col, col + 1)


def key_span_location(line: Line, start: int, end: int, text: str | None = None) -> Location:
    """A location from a [start, end) span of the normalised key of ``line.content``."""
    a, b = span_in_original(line.content if text is None else text, start, end)
    return span_location(line, a, b)


class KeyIndex:
    """Texts (lines' keys) joined by line breaks, to find a phrase in all of them with one
    search instead of one per line: ``str.find`` on the whole, then the line by bisection."""

    def __init__(self, keys: list[str]):
        self.joined = "\n".join(keys)
        self.starts = list(accumulate((len(k) + 1 for k in keys[:-1]), initial=0))

    def index_at(self, pos: int) -> int:
        """The index of the text holding position ``pos`` of :attr:`joined`."""
        return bisect_right(self.starts, pos) - 1

    def positions(self, text: str) -> Iterator[tuple[int, int]]:
        """(text index, position in :attr:`joined`) of every occurrence of ``text`` (non-empty)."""
        at = self.joined.find(text)
        while at >= 0:
            yield self.index_at(at), at
            at = self.joined.find(text, at + 1)

    def containing(self, text: str) -> Iterator[int]:
        """Indexes, in order, of the texts containing ``text`` (non-empty, no line breaks)."""
        joined, starts = self.joined, self.starts
        at = joined.find(text)
        while at >= 0:
            idx = self.index_at(at)
            yield idx
            nxt = starts[idx + 1] if idx + 1 < len(starts) else len(joined)
            at = joined.find(text, nxt)

    def last_with(self, texts: list[str]) -> int | None:
        """Index of the last text containing one of ``texts`` (no line breaks), or None."""
        best = None
        for k in texts:
            at = self.joined.rfind(k)
            if at >= 0:
                idx = self.index_at(at)
                best = idx if best is None or idx > best else best
        return best


@dataclass
class Paragraph:
    """Consecutive lines read as one run of text: PDF-derived and hard-wrapped text breaks
    sentences ("统计期限自 2023 年 1 月 1 日" / "起至 2023 年 12 月 31 日止") across lines.

    ``key`` is the concatenation of the lines' keys; ``offsets[i]`` is where line ``i``'s key
    starts in it, and ``_index(i)[c]`` the column in line ``i``'s original text of its key
    character ``c``.
    """

    lines: list[Line]
    key: str
    offsets: list[int]

    def _index(self, i: int) -> tuple[int, ...] | range:
        """Line ``i``'s key-to-column index, built when a diagnostic needs it."""
        line = self.lines[i]
        n = len(line.content)
        if len(line.key) == n and len(line.folded) == n:
            return range(n)  # no whitespace and no change of length: key character c is column c
        return norm_map(line.content)[1]

    def _at(self, pos: int) -> tuple[int, int]:
        i = bisect_right(self.offsets, pos) - 1
        while i > 0 and not self._index(i):
            i -= 1
        index = self._index(i)
        return i, index[min(pos - self.offsets[i], len(index) - 1)] if index else 0

    def _span(self, start: int, end: int) -> tuple[tuple[int, int], tuple[int, int]]:
        size = len(self.key)
        start = max(0, min(start, size - 1))
        end = max(start + 1, min(end, size))
        return self._at(start), self._at(end - 1)

    def location(self, start: int, end: int) -> Location:
        (li, col), (lj, col_end) = self._span(start, end)
        first, last = self.lines[li], self.lines[lj]
        return Location(first.display, first.offset + col + 1, last.display, last.offset + col_end + 2)

    def text(self, start: int, end: int) -> str:
        """The user's original text for key span [start, end), lines joined without separator."""
        (li, col), (lj, col_end) = self._span(start, end)
        if li == lj:
            return self.lines[li].text[col:col_end + 1]
        parts = [self.lines[li].text[col:]]
        parts += [l.text for l in self.lines[li + 1:lj]]
        parts.append(self.lines[lj].text[:col_end + 1])
        return "".join(p.strip() for p in parts)


# ----------------------------------------------------------------------------- the outline's types


@dataclass
class Heading:
    line: Line
    level: int  # 1: 一、/第一部分; 2: （一）; 3: 1、
    number: int | None
    numbered: bool
    title: str  # original text of the title phrase (after the number)
    start: int  # 0-based column in line.text where the heading starts (its number)
    title_start: int  # 0-based column where the title phrase starts
    end: int  # 0-based exclusive column where the title phrase ends
    # where the text after the title on this line ends: the next heading's start on a run-on
    # line (None: the line's end). The text itself is :attr:`rest`, sliced when asked for: a
    # page crawled onto one line has thousands of headings, each would copy the rest of it
    rest_end: int | None = None

    @property
    def rest(self) -> str:
        """Original text on the same line after the title (a glued body), up to the next heading
        on the line; may be ""."""
        return self.line.text[self.end:self.rest_end]

    @property
    def position(self) -> tuple[int, int]:
        """(line, column): several headings can share a line in run-on text."""
        return (self.line.number, self.start)

    @property
    def text(self) -> str:
        """The heading as written (number and title), original characters."""
        return self.line.text[self.start:self.end].strip()

    @property
    def location(self) -> Location:
        return span_location(self.line, self.start, self.end)

    def cut_title(self, length_in_key: int) -> None:
        """Shorten the title to its first ``length_in_key`` key characters (a glued body follows)."""
        _, index = norm_map(self.line.content[self.title_start:])
        if 0 < length_in_key < len(index):
            cut = self.title_start + index[length_in_key - 1] + 1
            self.end = cut
            self.title = self.line.text[self.title_start:cut]


@dataclass
class Title:
    text: str  # original text (two lines joined with no separator)
    key: str
    lines: list[Line]
    end: int | None = None  # in run-on text: the column of lines[-1] where the title ends
    header: bool = False  # taken from the page's "标题:" field (the body has no title line)


# ----------------------------------------------------------------------------- document


@dataclass
class Document:
    """One report: the lines of a file, or of one part of a compilation ("第一篇…"), and the
    outline :func:`govlint.outline.build_documents` found in them."""

    source: Source
    lines: list[Line]  # the lines of this document (all, or one part of a compilation)
    part: int | None = None  # 1-based part number in a compilation, else None
    part_label: str | None = None
    title: Title | None = None
    headings: list[Heading] = field(default_factory=list)  # level-1 candidates, in order
    candidates: list[Heading] = field(default_factory=list)  # unnumbered heading candidates
    appendix_start: int | None = None  # index into lines where the statistics appendix starts

    @property
    def path(self) -> str:
        return self.source.path

    @property
    def format(self) -> str:
        return self.source.format

    @property
    def first_line(self) -> int:
        """The first line's ``number`` (ordering; :attr:`first_display` is the one shown)."""
        return self.lines[0].number if self.lines else 1

    @property
    def first_display(self) -> int:
        return self.lines[0].display if self.lines else 1

    @property
    def last_line(self) -> int:
        return self.lines[-1].number if self.lines else 1

    @property
    def last_display(self) -> int:
        return self.lines[-1].display if self.lines else 1

    @cached_property
    def keys(self) -> KeyIndex:
        """The lines' keys, joined: one text to rule a pattern out for every line."""
        return KeyIndex([line.key for line in self.lines])

    @property
    def joined_key(self) -> str:
        return self.keys.joined

    def lines_containing(self, text: str) -> Iterator[int]:
        """Indexes, in order, of the lines whose key contains ``text`` (non-empty, no line breaks)."""
        return self.keys.containing(text)

    def last_line_with(self, keys: list[str]) -> int | None:
        """Index of the last line whose key contains one of ``keys`` (normalised, no line breaks)."""
        return self.keys.last_with(keys)

    def last_nonblank(self, upto: int | None = None) -> Line | None:
        rng = self.lines if upto is None else self.lines[:upto]
        for line in reversed(rng):
            if not line.blank:
                return line
        return None

    def index_of(self, line: Line) -> int:
        """Position of ``line`` in this document (line numbers may skip: .docx paragraphs in tables)."""
        return self.lines.index(line)


# A page's header fields and tool bars, as crawled or copied with the report: "标题: …",
# "发布时间: 2023-02-20 15:07", "栏目: 政府信息公开年报", "原文链接: https://…", "当前位置：首页 > …".
METADATA_LABELS = ("标题|文章标题|名称|文件名称|索引号|发布机构|发文机关|发文单位|发布单位|发文日期|发布日期|发布时间|"
                   "公开日期|成文日期|生成日期|印发日期|主题分类|体裁分类|组配分类|信息分类|公文种类|主题词|关键词|文号|"
                   "发文字号|服务对象|公开方式|公开范围|公开时限|有效性|来源|信息来源|文章来源|作者|编辑|责任编辑|"
                   "浏览次数|访问量|点击数|阅读数|字号|字体|分类|栏目|所属栏目|原文链接|原文地址|链接|网址|本地目录|时间")
_METADATA = rx.compile(rf"^\W*({METADATA_LABELS})\s*[:：]")
# fields separated by spaces instead of colons: "成文日期 2024-01-16 发布机构 下各镇", "索 引 号 1133…"
_SPACED_FIELD = rx.compile(r"^\W*(索\s*引\s*号|发布机构|发文机关|成文日期|发布日期|发文日期|公开日期|主题分类|组配分类|体裁分类|"
                           r"信息分类|公开方式|公开范围|发文字号|文\s*号|有效性|时效性|生成日期)\s+\S")
# the same fields laid out as a table: "| 索引号 | 0144…/2026-246128 | 分类 | 信息公开年报 |", "标 题 | … |"
_METADATA_CELL = rx.compile(rf"^({METADATA_LABELS})[:：]?$")
# "当前位置：", "您当前的位置:", "您现在所在的位置:", "首页 > 政务公开 > …", "网站首页 > …"
_BREADCRUMB = rx.compile(r"^\W*(您|你)?(当前|现在|目前)?(所在)?的?位置\s*[:：>]|^(网站)?首页\s*[>›»/]"
                         r"|^\s*[>›»]\s*\S|(?:\s[>›»]\s\S+){2}")  # "> 政务公开 > 乡镇街道 > …": a crumb's rest
# a page's date line without a label: "2025-02-14 08:50 来源:某某局", "2025-02-14 浏览次数：36" (a
# signature's date is written 2025年2月14日)
DATED_LINE = rx.compile(r"^\W*((?:19|20)\d{2})[-./](\d{1,2})[-./](\d{1,2})(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?\s*"
                        r"(?:$|[【\[]|(?:来源|作者|浏览|点击|阅读|发布|字号|字体|编辑|访问)\S*\s*[:：]?)")
_URL = rx.compile(r"^\W*(https?://|www\.)\S*$", re.IGNORECASE)
_PAGE_NOTE = rx.compile(r"^(页面链接与图片详见|[=\-—_*#~]{3,}\s*正文\s*[=\-—_*#~]{3,}$)"
                        r"|^[^\s。，；]{1,60}\.(pdf|docx?|xlsx?|wps|et|ofd|zip|rar)$", re.IGNORECASE)  # an attachment's link
_FURNITURE_WORDS = {"打印", "关闭", "打印本页", "关闭窗口", "字号", "大中小", "分享到", "返回顶部", "收藏", "关怀版",
                    "无障碍", "关怀版无障碍", "无障碍关怀版", "长者模式", "适老版", "繁体", "简体", "繁体版", "简体版",
                    "打印此页", "我要纠错", "纠错", "扫一扫在手机打开当前页"}
_NON_WORD = rx.compile(r"[\W_]+")
METADATA_MAX = 200  # key characters: a longer line is report text, even when page chrome starts it


def is_metadata(line: Line) -> bool:
    """Page residue around a published report: 标题:/发布时间:/栏目: headers, a breadcrumb
    ("当前位置：首页 > …"), a URL, "页面链接与图片详见…", "==== 正文 ====", tool bars ("• 字号:",
    "• |", "打印", "关怀版 无障碍")."""
    flag = line._metadata
    if flag is None:
        folded, key = line.folded, line.key
        stripped = folded.strip()
        if len(key) > METADATA_MAX:
            flag = False  # a run-on page that starts with its chrome ("当前位置：…"): the report is in it
        elif (":" in folded or "：" in folded) and _METADATA.match(stripped):
            flag = True
        elif "|" in key and _metadata_row(key):
            flag = True
        elif _SPACED_FIELD.match(stripped):
            flag = True
        elif _BREADCRUMB.match(stripped) or _URL.match(stripped) or _PAGE_NOTE.match(stripped):
            flag = True
        elif stripped[:2] in ("19", "20") and DATED_LINE.match(stripped):
            flag = True
        elif len(key) >= 5 and key[:5].isalnum():
            flag = False  # five word characters: neither wordless nor one of the furniture words
        else:
            words = _NON_WORD.sub("", line.key)
            flag = not words and not line.blank or words in _FURNITURE_WORDS
        line._metadata = flag
    return flag


def _metadata_row(key: str) -> bool:
    """A row of page header fields: its first cell is a field's label."""
    first = next((c for c in key.split("|") if c), "")
    return bool(_METADATA_CELL.match(first))


def metadata_field(line: Line, labels: str) -> str | None:
    """The value of a page header field "label: value", or "label | value |" in a row of fields
    (``labels``: an alternation) on ``line``, as written (original characters), or None."""
    if len(line.folded) != len(line.text):
        return None
    m = re.match(rf"^\W*({labels})\s*[:：]\s*", line.folded)
    if m is not None and "|" not in line.folded[m.end():m.end() + 2]:
        value = line.text[m.end():].strip()
        return value or None
    if "|" not in line.folded:
        return None
    cells = [c.strip() for c in line.text.split("|")]
    wanted = rx.compile(rf"^({labels})[:：]?$")
    for i, cell in enumerate(cells[:-1]):
        if wanted.match("".join(fold(cell).split())):
            value = cells[i + 1].strip()
            return value or None
    return None
