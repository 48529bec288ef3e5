"""OpenDocument text (.odt, and the flat .fodt): content.xml read with lxml (imported only here).

The same lines as the .docx reader gives for the same document. Every paragraph (text:p,
text:h) is numbered in document order, those of table cells included; so that the numbers are
those of the same document saved as .docx, a cell covered by the one above it (a vertical
merge) counts the one empty paragraph Word keeps there, and a tracked deletion that joined
paragraphs counts the paragraphs it joined. The body holds the text as it is once changes are
accepted (insertions in, deletions in text:tracked-changes): that is what is read. List labels
(“一、”) are rebuilt from the list style (style:num-format, num-prefix/num-suffix, LibreOffice's
num-list-format), or taken from text:number when the file carries it. A table row is one line
of cells joined by " | ", one per column; a merged cell keeps its text in its first position
and leaves the covered ones empty.
"""

from __future__ import annotations

import io

from govlint import rx
from govlint.errors import InputError, Text
from govlint.limits import Limits
from govlint.readers import Source, binary_reader, check_archive, read as read_as
from govlint.readers.layout import GOVLINT_AUTHOR, Builder, format_number, leftover_lines, style_heading_level

_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_STYLE = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_DRAW = "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
_LOEXT = "urn:org:documentfoundation:names:experimental:office:xmlns:loext:1.0"
_XML = "http://www.w3.org/XML/1998/namespace"
_DC = "http://purl.org/dc/elements/1.1/"


def _t(name: str) -> str:
    return f"{{{_TEXT}}}{name}"


def _tb(name: str) -> str:
    return f"{{{_TABLE}}}{name}"


_P, _H, _LIST, _ITEM, _HEADER = _t("p"), _t("h"), _t("list"), _t("list-item"), _t("list-header")
_SPACE, _TAB, _BREAK, _NUMBER, _CHANGE = _t("s"), _t("tab"), _t("line-break"), _t("number"), _t("change")
_TABLE_EL, _ROW, _CELL, _COVERED = _tb("table"), _tb("table-row"), _tb("table-cell"), _tb("covered-table-cell")
_ROW_GROUPS = {_tb("table-header-rows"), _tb("table-rows"), _tb("table-row-group")}
# inline content that is not the paragraph's text: notes, comments, marks, a ruby's annotation
_INLINE_SKIP = {_t(n) for n in ("note", "ruby-text", "bookmark", "bookmark-start", "bookmark-end", "reference-mark",
                                "reference-mark-start", "reference-mark-end", "toc-mark", "toc-mark-start",
                                "toc-mark-end", "alphabetical-index-mark", "alphabetical-index-mark-start",
                                "alphabetical-index-mark-end", "user-index-mark", "user-index-mark-start",
                                "user-index-mark-end", "soft-page-break", "change-start", "change-end")}
_INLINE_SKIP |= {f"{{{_OFFICE}}}annotation", f"{{{_OFFICE}}}annotation-end"}
# blocks read through: sections, indexes (a table of contents' body), a change's start and end
_BLOCK_THROUGH = {_t(n) for n in ("section", "table-of-content", "index-body", "index-title", "illustration-index",
                                  "table-index", "object-index", "user-index", "alphabetical-index",
                                  "bibliography")}
_MAX_REPEAT = 1000  # a row or cell repeated more often than this is read once


def _fail(path: str, zh: str, en: str) -> InputError:
    return InputError(path, Text(f"无法读取 .odt 文件：{zh}", f"cannot read the .odt file: {en}"))


@binary_reader(("odt", "fodt"), "odt")
def read(path: str, data: bytes, limits: Limits) -> Source:
    try:
        from lxml import etree
    except ImportError:  # pragma: no cover - a runtime dependency
        raise InputError(path, Text("读取 .odt 需要 lxml：pip install lxml", "reading .odt needs lxml: pip install lxml")) from None
    head = data[:64].lstrip(b"\xef\xbb\xbf \t\r\n")
    styles_xml = None
    if head.startswith(b"PK\x03\x04"):
        import zipfile

        try:
            check_archive(path, data, limits, ".odt")
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                names = set(z.namelist())
                if "content.xml" not in names:
                    if "word/document.xml" in names:  # a .docx named .odt
                        return read_as(path, data, limits, fmt="docx")
                    raise _fail(path, "压缩包中没有 content.xml，不是 OpenDocument 文本文件",
                                "the archive has no content.xml: not an OpenDocument text")
                if "META-INF/manifest.xml" in names and b"encryption-data" in z.read("META-INF/manifest.xml"):
                    raise _fail(path, "文件已加密（设有打开密码），请先取消密码，或“另存为” .docx 后再检查",
                                "it is encrypted (password to open); remove the password or save it as .docx")
                content = z.read("content.xml")
                styles_xml = z.read("styles.xml") if "styles.xml" in names else None
        except InputError:
            raise
        except Exception as exc:  # zipfile raises many kinds on a damaged archive
            raise _fail(path, f"压缩包已损坏（{type(exc).__name__}），请确认文件完整",
                        f"the archive is damaged ({type(exc).__name__})") from None
    elif head.startswith(b"\xd0\xcf\x11\xe0"):  # a Word 97–2003 file named .odt
        return read_as(path, data, limits, fmt="doc")
    elif head.startswith(b"{\\rtf"):
        return read_as(path, data, limits, fmt="rtf")
    else:
        content = data  # a flat OpenDocument (.fodt): one XML file
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = etree.fromstring(content, parser)
        styles_root = etree.fromstring(styles_xml, parser) if styles_xml else None
    except (etree.XMLSyntaxError, ValueError) as exc:
        raise _fail(path, f"内容不是有效的 XML（{type(exc).__name__}），请确认文件未损坏",
                    f"its content is not valid XML ({type(exc).__name__}); is it damaged?") from None
    body = root.find(f"{{{_OFFICE}}}body/{{{_OFFICE}}}text")
    if body is None:
        raise _fail(path, "没有正文（office:text），不是 OpenDocument 文本文件",
                    "it has no body text (office:text): not an OpenDocument text")
    reader = _Reader(path, [r for r in (styles_root, root) if r is not None])
    reader.marked = any(m in content for m in (b"text:change", b"office:annotation")) or bool(reader.hidden)
    try:
        reader.blocks(body)
    except RecursionError:
        raise _fail(path, "文档结构嵌套过深，请确认文件未损坏", "its structure is nested too deep; is it damaged?") from None
    src = reader.builder.src
    src.leftovers = leftover_lines(reader.leftovers, src)
    return src


# style:num-format's first character → the number format's name in a .docx (those not written as
# decimal): Chinese counting, legal numbers and the heavenly stems are written as chineseCounting,
# and so is an empty num-format
_FORMATS = {"": "chineseCounting", "一": "chineseCounting", "壹": "chineseCounting", "甲": "chineseCounting",
            "〇": "ideographDigital", "a": "lowerLetter", "A": "upperLetter", "i": "lowerRoman", "I": "upperRoman",
            "１": "decimalFullWidth"}


def _format_number(n: int, num_format: str) -> str:
    """A list number as the .docx reader writes it for the same format."""
    return format_number(n, _FORMATS.get(num_format[:1], "decimal"))


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


class _Level:
    __slots__ = ("number", "format", "prefix", "suffix", "start", "display", "pattern")

    def __init__(self, el):
        self.number = el.tag in (_t("list-level-style-number"), _t("outline-level-style"))
        self.format = el.get(f"{{{_STYLE}}}num-format", "")
        self.prefix = el.get(f"{{{_STYLE}}}num-prefix", "")
        self.suffix = el.get(f"{{{_STYLE}}}num-suffix", "")
        self.start = _int(el.get(_t("start-value")), 1)
        self.display = max(_int(el.get(_t("display-levels")), 1), 1)
        self.pattern = el.get(f"{{{_LOEXT}}}num-list-format")  # LibreOffice's "%1%、"


_PATTERN = rx.compile(r"%(\d)%")


class _Numbering:
    """List labels as the .docx reader rebuilds them: counters per list style, a deeper level
    restarting under a new item."""

    def __init__(self, lists: dict[str, dict[int, _Level]]):
        self.lists = lists
        self.counters: dict[str, list[int]] = {}

    def restart(self, style: str) -> None:
        self.counters.pop(style, None)

    def label(self, style: str, level: int, start_value: int | None = None) -> str:
        """``level``: 1 for a top-level item."""
        levels = self.lists.get(style, {})
        spec = levels.get(level)
        if spec is None or not spec.number or not spec.format:
            return ""
        counters = self.counters.setdefault(style, [])
        while len(counters) < level:
            counters.append(0)
        if start_value is not None:
            counters[level - 1] = start_value - spec.start
        counters[level - 1] += 1
        del counters[level:]

        def value(lvl: int) -> str:
            s = levels.get(lvl)
            fmt, start = (s.format, s.start) if s else ("1", 1)
            return _format_number(max(counters[lvl - 1] + start - 1, 1) if lvl <= len(counters) else 1, fmt)

        if spec.pattern:
            return _PATTERN.sub(lambda m: value(int(m.group(1))) if 1 <= int(m.group(1)) <= level else "", spec.pattern)
        first = max(level - spec.display + 1, 1)
        return spec.prefix + ".".join(value(lvl) for lvl in range(first, level + 1)) + spec.suffix


class _Reader:
    def __init__(self, path: str, roots: list):
        self.builder = Builder(Source(path=path, format="odt", encoding="odt"))
        self.number = 0  # paragraphs so far
        self.parents: dict[str, tuple[str, str | None]] = {}  # paragraph style → (shown name, parent)
        lists: dict[str, dict[int, _Level]] = {}
        outline: dict[int, _Level] = {}
        self.deletions: dict[str, int] = {}  # change id → the paragraphs a deletion joined or removed
        self.hidden: set[str] = set()  # text styles that hide their text
        self.leftovers: list[tuple[str, int]] = []  # (kind, paragraph): tracked changes, comments, hidden text
        self.marked = False  # the file has any of them
        for root in roots:
            for el in root.iter(f"{{{_STYLE}}}style"):
                family = el.get(f"{{{_STYLE}}}family")
                if family == "text" and any(t.get(_t("display")) == "none"
                                            for t in el.iter(f"{{{_STYLE}}}text-properties")):
                    self.hidden.add(el.get(f"{{{_STYLE}}}name", ""))
                if family == "paragraph":
                    name = el.get(f"{{{_STYLE}}}name", "")
                    shown = el.get(f"{{{_STYLE}}}display-name") or name.replace("_20_", " ")
                    self.parents[name] = (shown, el.get(f"{{{_STYLE}}}parent-style-name"))
            for el in root.iter(_t("list-style")):
                levels = lists.setdefault(el.get(f"{{{_STYLE}}}name", ""), {})
                for lvl in el:
                    if isinstance(lvl.tag, str) and lvl.tag.startswith(f"{{{_TEXT}}}list-level-style"):
                        levels[_int(lvl.get(_t("level")), 1)] = _Level(lvl)
            for el in root.iter(_t("outline-style")):
                for lvl in el.iter(_t("outline-level-style")):
                    outline[_int(lvl.get(_t("level")), 1)] = _Level(lvl)
            for region in root.iter(_t("changed-region")):
                deletion = region.find(_t("deletion"))
                if deletion is not None:
                    rid = region.get(_t("id")) or region.get(f"{{{_XML}}}id") or ""
                    self.deletions[rid] = sum(1 for c in deletion if c.tag in (_P, _H))
        lists["\0outline"] = outline
        self.numbering = _Numbering(lists)
        self.levels: dict[str, int | None] = {}

    # ------------------------------------------------------------------------- blocks

    def blocks(self, parent, cell: list | None = None) -> None:
        """The paragraphs, lists and tables of ``parent`` in order; in a table cell (``cell``: its
        paragraphs' texts) they go to the cell."""
        for el in parent:
            tag = el.tag
            if tag in (_P, _H):
                self.paragraph(el, cell)
            elif tag == _LIST:
                self.list(el, cell, 1, None)
            elif tag == _TABLE_EL:
                if cell is None:
                    self.table(el)
                else:
                    self.count_only(el)  # a nested table's text is not read (as in a .docx)
            elif tag in _BLOCK_THROUGH:
                self.blocks(el, cell)
            elif tag == _CHANGE:  # whole paragraphs deleted here
                self.leftovers.append(("revision", self.number + 1))
                self.number += self.deletions.get(el.get(_t("change-id"), ""), 0)

    def list(self, el, cell: list | None, level: int, style: str | None) -> None:
        style = el.get(_t("style-name")) or style or ""
        if level == 1 and el.get(_t("continue-numbering")) != "true" and el.get(_t("continue-list")) is None:
            self.numbering.restart(style)
        for item in el:
            if item.tag not in (_ITEM, _HEADER):
                continue
            numbered = item.tag == _ITEM
            start = item.get(_t("start-value"))
            for child in item:
                tag = child.tag
                if tag in (_P, _H):
                    label = None
                    if numbered and cell is None:
                        label = self.numbering.label(style, level, _int(start, 0) or None if start else None)
                    numbered = False
                    self.paragraph(child, cell, label)
                elif tag == _LIST:
                    numbered = False
                    self.list(child, cell, level + 1, style)
                elif tag == _TABLE_EL:
                    numbered = False
                    if cell is None:
                        self.table(child)
                    else:
                        self.count_only(child)
                elif tag in _BLOCK_THROUGH:
                    self.blocks(child, cell)

    def count_only(self, el) -> None:
        for p in el.iter(_P, _H):
            self.number += 1 + self._joined(p)

    def _joined(self, p) -> int:
        """The paragraphs a tracked deletion inside ``p`` joined to it."""
        return sum(max(self.deletions.get(c.get(_t("change-id"), ""), 1) - 1, 0) for c in p.iter(_CHANGE))

    def _marks(self, p) -> None:
        """What a paragraph still carries: tracked changes, other people's comments, hidden text."""
        for el in p.iter(_CHANGE, _t("change-start"), f"{{{_OFFICE}}}annotation", _t("span")):
            tag = el.tag
            if tag == _t("span"):
                kind = "hidden" if el.get(_t("style-name")) in self.hidden else None
            elif tag == f"{{{_OFFICE}}}annotation":
                creator = el.find(f"{{{_DC}}}creator")
                kind = None if creator is not None and (creator.text or "").strip() == GOVLINT_AUTHOR else "comment"
            else:
                kind = "revision"
            if kind:
                self.leftovers.append((kind, self.number))

    def _heading(self, style: str | None) -> int | None:
        if style not in self.levels:
            self.levels[style] = style_heading_level(style, self.parents)
        return self.levels[style]

    def paragraph(self, p, cell: list | None, label: str | None = None) -> None:
        self.number += 1 + self._joined(p)
        if self.marked:
            self._marks(p)
        pieces, found, picture = _pieces(p)
        if cell is not None:
            cell.append((self.number, pieces))
            return
        if found is not None:
            label = found
        elif label is None and p.tag == _H and p.get(_t("is-list-header")) != "true":
            label = self.numbering.label("\0outline", max(_int(p.get(_t("outline-level")), 1), 1))
        self.builder.paragraph(self.number, pieces, label or "", self._heading(p.get(_t("style-name"))), picture)

    # ------------------------------------------------------------------------- tables

    def _rows(self, table):
        for el in table:
            if el.tag == _ROW:
                repeat = _int(el.get(_tb("number-rows-repeated")), 1)
                for _ in range(repeat if 1 < repeat <= _MAX_REPEAT else 1):
                    yield el
            elif el.tag in _ROW_GROUPS:
                yield from self._rows(el)

    def table(self, table) -> None:
        below: dict[int, int] = {}  # column → rows still covered by a cell above that starts there
        rows = []
        for row in self._rows(table):
            texts: list[str] = []
            first = None
            col = 0
            for el in row:
                if el.tag not in (_CELL, _COVERED):
                    continue
                repeat = _int(el.get(_tb("number-columns-repeated")), 1)
                for _ in range(repeat if 1 < repeat <= _MAX_REPEAT else 1):
                    if el.tag == _COVERED:
                        if below.get(col, 0) > 0:  # under a vertical merge: Word keeps an empty paragraph
                            below[col] -= 1
                            self.number += 1
                            first = first or self.number
                        texts.append("")
                    else:
                        paragraphs: list = []
                        self.blocks(el, paragraphs)
                        if paragraphs:
                            first = first or paragraphs[0][0]
                        span = _int(el.get(_tb("number-rows-spanned")), 1)
                        if span > 1:
                            below[col] = span - 1
                        parts = [t.strip() for _, pieces in paragraphs for t in pieces]
                        texts.append(" ".join(t for t in parts if t))
                    col += 1
            rows.append((first, texts))
        self.builder.table(rows)


def _pieces(p) -> tuple[list[str], str | None, bool]:
    """A paragraph's text split at its line breaks, its text:number (a label the file carries)
    and whether it holds a drawing."""
    pieces: list[list[str]] = [[]]
    label = None
    picture = False
    stack = [(p, iter(p))]
    if p.text:
        pieces[-1].append(p.text)
    while stack:
        el, children = stack[-1]
        child = next(children, None)
        if child is None:
            stack.pop()
            if stack and el.tail:
                pieces[-1].append(el.tail)
            continue
        tag = child.tag
        if not isinstance(tag, str):  # a comment or processing instruction
            if child.tail:
                pieces[-1].append(child.tail)
            continue
        if tag == _SPACE:
            pieces[-1].append(" " * max(_int(child.get(_t("c")), 1), 1))
        elif tag == _TAB:
            pieces[-1].append("\t")
        elif tag == _BREAK:
            pieces.append([])
        elif tag == _NUMBER:
            label = "".join(child.itertext())
        elif tag.startswith(f"{{{_DRAW}}}"):
            picture = True
        elif tag not in _INLINE_SKIP:
            if child.text:
                pieces[-1].append(child.text)
            stack.append((child, iter(child)))
            continue
        if child.tail:
            pieces[-1].append(child.tail)
    return ["".join(piece) for piece in pieces], label, picture
