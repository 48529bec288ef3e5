"""Web pages (.html, .htm, .shtml): a report as published on a government portal.

The page's text becomes lines numbered by the HTML *source* line they come from, so that a
diagnostic points into the file the user has. Page furniture (navigation, headers and footers,
scripts, "字号 大 中 小 打印 关闭" tool bars) is dropped. Each table row becomes one line
"cell | cell | cell" with merged cells (rowspan/colspan) expanded to the grid, so every row of
a table has the same number of cells.

lxml is imported only when a page is read (``govlint --help`` must not pay for it).

With the ``ocr`` extra installed, the page's pictures (<img>) that may be a statistics table
pasted as a screenshot are read by OCR (:class:`govlint.readers.PictureReader`): a picture whose
lines hold a table gives them after the picture, on its source line ({"picture": 2, "line": 5,
"ocr": True}), and the page is flagged ``ocr``. A picture is read from a data: URI, or from a
file in the page's folder (or below it) named by a relative address, when the page was read from
that folder (not from standard input or an upload); never from the network.
"""

from __future__ import annotations

import base64
import binascii
import codecs
import os
import re
from typing import Callable
from urllib.parse import unquote, unquote_to_bytes, urlsplit

from govlint import rx
from govlint.encoding import BOMS, canonical_codec, decode
from govlint.errors import InputError, Text
from govlint.limits import Limits, too_large
from govlint.readers import PICTURE_MAX_BYTES, PictureReader, Source, SourceLine, binary_reader, ocr_location

# ----------------------------------------------------------------------------- decoding

_BOM_PREFIXES = tuple(bom for bom, _ in BOMS)
_META_CHARSET = rx.compile(rb"""<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.IGNORECASE)
_SNIFF_BYTES = 4096


def _declared_charset(data: bytes) -> str | None:
    """The charset a <meta> in the first 4 KB declares, as a Python codec name (GBK/GB2312 read
    as their superset GB18030); None when there is none or it names no known codec."""
    m = _META_CHARSET.search(data[:_SNIFF_BYTES])
    if not m:
        return None
    name = m.group(1).decode("ascii", "replace").strip().lower()
    try:
        codecs.lookup(name)
    except LookupError:
        return None
    name = canonical_codec(name)
    if name.startswith(("utf-16", "utf-32")):
        return None  # a page whose bytes hold an ASCII <meta> is not UTF-16 (WHATWG: read as UTF-8)
    return name


def _is_utf8_with_non_ascii(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return not data.isascii()


def decode_page(data: bytes, path: str) -> tuple[str, str]:
    """(text, encoding): BOM, else the page's <meta> charset, else govlint.encoding.decode."""
    def fail(detail: str) -> InputError:  # detail: a str or a Text
        en = detail.en if isinstance(detail, Text) else detail
        return InputError(path, Text(f"无法识别网页编码（{detail}），请在浏览器中将网页另存为 UTF-8 编码后再检查",
                                     f"cannot tell the page's encoding ({en}); save it as UTF-8 in a browser and lint it again"))

    if data.startswith(_BOM_PREFIXES):
        try:
            return decode(data, path)
        except InputError as exc:
            raise fail(exc.reason) from None
    declared = _declared_charset(data)
    if declared:
        # Strictly valid UTF-8 with Chinese in it is never GBK text: a page saved as UTF-8 keeps
        # its old <meta charset="gb2312">, and GB18030 would read its bytes as garbage without error.
        if declared != "utf-8" and _is_utf8_with_non_ascii(data):
            return data.decode("utf-8"), "utf-8"
        try:
            return data.decode(declared), declared
        except (UnicodeDecodeError, LookupError):
            pass  # the declaration is wrong: detect from the bytes
    try:
        return decode(data, path)
    except InputError as exc:
        if declared:
            raise fail(Text(f"网页声明为 {declared}，但内容无法按此解码", f"it says {declared}, but its bytes are not")) from None
        raise fail(exc.reason) from None


# ----------------------------------------------------------------------------- furniture

_DROP_ALWAYS = {"script", "style", "noscript", "template", "iframe", "button", "select", "object",
                "embed", "canvas", "svg", "head", "title", "textarea", "option", "datalist"}
_DROP_FURNITURE = {"nav", "header", "footer", "form", "menu"}
_FURNITURE_NAMES = rx.compile(r"nav|menu|footer|header|breadcrumb|share|print|toolbar|sidebar", re.IGNORECASE)
_HIDDEN_STYLE = rx.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
# An element the rules above would drop is kept (and looked into) when it holds at least this
# share of the page's text: an ASP.NET page wraps everything in <form>, a CMS may put the article
# in <div class="main-header-content">.
_PROTECT_SHARE = 0.5

# Whole lines that are page tools, not report text: "字号：大 中 小", "【打印本页】 【关闭窗口】".
_FURNITURE_WORDS = rx.compile(
    r"打印本页|打印此页|打印|关闭窗口|关闭本页|关闭|分享到|分享|加入收藏|收藏本页|收藏|返回顶部|返回首页|返回|"
    r"字号|字体|默认|大|中|小|小号|中号|大号|放大|缩小|我要纠错|纠错|扫一扫|在手机打开|微信|微博|QQ空间|"
    r"Print|Close|Share")
_FURNITURE_STRONG = rx.compile(r"打印|关闭|分享|收藏|返回顶部|字号|字体|纠错|扫一扫|大\s*中\s*小")
_FURNITURE_SEPARATORS = rx.compile(r"[\s\[\]【】()（）<>《》〈〉|｜丨/／:：·•\-—_=+*,，、;；]+")

# ----------------------------------------------------------------------------- structure

_BLOCK = {
    "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details", "dialog",
    "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3",
    "h4", "h5", "h6", "header", "hgroup", "hr", "html", "legend", "li", "main", "menu", "nav", "ol", "p",
    "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul", "listing",
    "plaintext", "xmp", "frameset", "noframes",
}
_PRE = {"pre", "listing", "plaintext", "xmp", "textarea"}
_HEADING = {"h1", "h2", "h3", "h4", "h5", "h6"}
_WS = rx.compile(r"[\s\u200b\u200c\u200d\u2060\ufeff]+")
_INVISIBLE = rx.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
# libxml2 stops counting lines at 65535: beyond it, lines are counted from the text's newlines.
_LIBXML_LINE_CAP = 65535
_MAX_COLSPAN = 1000
_LAYOUT_CELL_CHARS = 300


def _collapse(text: str) -> str:
    return _WS.sub(" ", _INVISIBLE.sub("", text)).strip()


def _is_furniture_line(text: str) -> bool:
    if len(text) > 60 or not _FURNITURE_STRONG.search(text):
        return False
    rest = _FURNITURE_SEPARATORS.sub("", _FURNITURE_WORDS.sub("", text))
    return rest == ""


def _tag(el) -> str | None:
    tag = el.tag
    return tag.lower() if isinstance(tag, str) else None  # comments, PIs, entities: None


class _Page:
    """One parsed page: line numbers of elements and text, and which elements are furniture."""

    def __init__(self, root):
        self.root = root
        self.line: dict = {}  # element -> its source line
        self.text_line: dict = {}  # element -> line where its .text starts
        self.tail_line: dict = {}  # element -> line where its .tail starts
        self._count_lines()
        self._dropped: dict = {}
        self.total_chars = max(1, self._text_length(root))

    def _count_lines(self) -> None:
        cur = 1
        stack = [(self.root, False)]
        while stack:
            el, leaving = stack.pop()
            if leaving:
                self.tail_line[el] = cur
                cur += (el.tail or "").count("\n")
                continue
            sl = el.sourceline
            if sl is not None and 0 < sl < _LIBXML_LINE_CAP:
                cur = max(cur, sl)
                self.line[el] = sl
            else:
                self.line[el] = cur
            self.text_line[el] = cur
            cur += (el.text or "").count("\n")
            stack.append((el, True))
            stack.extend((child, False) for child in reversed(el))

    def _text_length(self, el) -> int:
        n = 0
        for node in el.iter():
            tag = _tag(node)
            if tag is not None and tag not in _DROP_ALWAYS and node.text:
                n += len(_WS.sub("", node.text))
            if node is not el and node.tail:
                n += len(_WS.sub("", node.tail))
        return n

    def dropped(self, el) -> bool:
        known = self._dropped.get(el)
        if known is None:
            known = self._dropped[el] = self._decide(el)
        return known

    def _decide(self, el) -> bool:
        tag = _tag(el)
        if tag is None:
            return True  # a comment's text is not page text (its tail is)
        if tag in _DROP_ALWAYS:
            return True
        if el.get("hidden") is not None or el.get("aria-hidden") == "true" \
                or _HIDDEN_STYLE.search(el.get("style") or ""):
            return True
        names = f"{el.get('id') or ''} {el.get('class') or ''}"
        if tag in _DROP_FURNITURE or _FURNITURE_NAMES.search(names):
            if tag in ("html", "body"):
                return False
            return self._text_length(el) < _PROTECT_SHARE * self.total_chars
        return False


# ----------------------------------------------------------------------------- tables

def _span(value: str | None, limit: int) -> int:
    m = re.match(r"\s*(\d+)", value or "")
    n = int(m.group(1)) if m else 1
    return max(1, min(n, limit))


def _own_rows(table) -> list:
    """The table's <tr>s (in <thead>/<tbody>/<tfoot> too), not those of nested tables."""
    rows = []
    for child in table:
        tag = _tag(child)
        if tag == "tr":
            rows.append(child)
        elif tag in ("thead", "tbody", "tfoot"):
            rows.extend(c for c in child if _tag(c) == "tr")
    return rows


def _own_cells(tr) -> list:
    return [c for c in tr if _tag(c) in ("td", "th")]


def _is_layout_table(table, page: _Page) -> bool:
    """A table used to lay out the page (old portals put everything in tables): its cells hold
    other tables, headings or whole paragraphs of text. Read as containers, not as a grid."""
    for tr in _own_rows(table):
        for cell in _own_cells(tr):
            for node in cell.iter():
                if node is not cell and _tag(node) in ({"table"} | _HEADING):
                    return True
            if page._text_length(cell) > _LAYOUT_CELL_CHARS:
                return True
    return False


def _cell_text(cell, page: _Page) -> str:
    """A cell's text on one line: blocks and <br> become spaces (no recursion: deep pages)."""
    parts: list[str] = [cell.text or ""]
    stack = [(child, False) for child in reversed(cell)]
    while stack:
        el, leaving = stack.pop()
        tag = _tag(el)
        if leaving:
            if tag in _BLOCK:
                parts.append(" ")
            parts.append(el.tail or "")
            continue
        if page.dropped(el):
            parts.append(el.tail or "")
            continue
        if tag == "br" or tag in _BLOCK:
            parts.append(" ")
        parts.append(el.text or "")
        stack.append((el, True))
        stack.extend((child, False) for child in reversed(el))
    return _collapse("".join(parts)).replace("|", "¦").replace("｜", "¦")


def _table_grid(table, page: _Page) -> list[tuple[object, list[str]]]:
    """[(tr, cells)] with rowspan/colspan expanded: a merged cell's text in its first position,
    empty strings in the positions it covers; every row padded to the table's width."""
    rows = _own_rows(table)
    grid: list[list[str | None]] = [[] for _ in rows]
    for r, tr in enumerate(rows):
        c = 0
        for cell in _own_cells(tr):
            row = grid[r]
            while c < len(row) and row[c] is not None:
                c += 1  # covered by a rowspan from above
            colspan = _span(cell.get("colspan"), _MAX_COLSPAN)
            rowspan_attr = cell.get("rowspan")
            rowspan = len(rows) - r if (rowspan_attr or "").strip() == "0" else _span(rowspan_attr, len(rows) - r)
            text = _cell_text(cell, page)
            for dr in range(rowspan):
                target = grid[r + dr]
                if len(target) < c + colspan:
                    target.extend([None] * (c + colspan - len(target)))
                for dc in range(colspan):
                    target[c + dc] = text if dr == 0 and dc == 0 else ""
            c += colspan
    width = max((len(row) for row in grid), default=0)
    return [(tr, [x or "" for x in row] + [""] * (width - len(row))) for tr, row in zip(rows, grid)]


# ----------------------------------------------------------------------------- lines

class _Builder:
    def __init__(self, page: _Page, picture: Callable[[str], list] | None = None):
        self.page = page
        self.picture = picture  # an <img>'s address → the lines OCR read in it ([]: none)
        self.pictures = 0
        self.blocks: list[tuple[int, str, dict | None]] = []  # (line, text, location), document order
        self.buf: list[str] = []
        self.buf_line: int | None = None
        self.anchor: int | None = None  # line of the block element the next text starts
        self.pre = 0
        self.tables = 0

    # inline text
    def add(self, text: str | None, line: int) -> None:
        if not text:
            return
        if self.pre:
            pieces = text.split("\n")
            for i, piece in enumerate(pieces):
                if i:
                    self.flush()
                    line += 1
                self._add(piece, line)
            return
        self._add(text, line)

    def _add(self, text: str, line: int) -> None:
        if self.buf_line is None:
            stripped = _WS.sub("", text)
            if not stripped:
                return  # whitespace before a line's first word
            lead = len(text) - len(text.lstrip())
            self.buf_line = self.anchor if self.anchor is not None else line + text[:lead].count("\n")
        self.buf.append(text)

    def flush(self) -> None:
        if self.buf_line is not None:
            text = _collapse("".join(self.buf))
            if text and not _is_furniture_line(text):
                self.blocks.append((self.buf_line, text, None))
        self.buf, self.buf_line, self.anchor = [], None, None

    def block(self, line: int) -> None:
        self.flush()
        self.anchor = line

    # the tree, without recursion (deeply nested pages)
    def run(self) -> None:
        page = self.page
        stack = [(page.root, False)]
        while stack:
            el, leaving = stack.pop()
            tag = _tag(el)
            if leaving:
                if tag in _BLOCK:
                    self.flush()
                if tag in _PRE:
                    self.pre -= 1
                self.add(el.tail, page.tail_line.get(el, 1))
                continue
            if page.dropped(el):
                self.add(el.tail, page.tail_line.get(el, 1))
                continue
            line = page.line.get(el, 1)
            if tag == "br":
                self.flush()
                self.add(el.tail, page.tail_line.get(el, 1))
                continue
            if tag == "img":
                self.flush()
                self.blocks.append((line, IMAGE, None))
                self.pictures += 1
                read = self.picture(el.get("src") or "") if self.picture is not None else []
                for i, ocr_line in enumerate(read, start=1):
                    self.blocks.append((line, ocr_line.text, ocr_location(ocr_line, {"picture": self.pictures, "line": i})))
                self.add(el.tail, page.tail_line.get(el, 1))
                continue
            if tag == "table" and not _is_layout_table(el, page):
                self.table(el)
                self.add(el.tail, page.tail_line.get(el, 1))
                continue
            if tag in _BLOCK:
                self.block(line)
            if tag in _PRE:
                self.pre += 1
            self.add(el.text, page.text_line.get(el, line))
            stack.append((el, True))
            stack.extend((child, False) for child in reversed(el))
        self.flush()

    def table(self, table) -> None:
        page = self.page
        self.flush()
        self.tables += 1
        for child in table:
            if _tag(child) == "caption" and not page.dropped(child):
                text = _cell_text(child, page)
                if text:
                    self.blocks.append((page.line.get(child, 1), text, None))
        for r, (tr, cells) in enumerate(_table_grid(table, page), start=1):
            if not any(cells):
                continue
            if page.dropped(tr):
                continue
            # a blank last cell ends the row with a bar of its own ("… | 1 | |"): a blank cell between two
            # bars, not the end of the row
            text = " | ".join(cells) + (" |" if cells and not cells[-1] else "")
            self.blocks.append((page.line.get(tr, 1), text, {"table": self.tables, "row": r}))


IMAGE = "\x00image"  # a block that stands for a picture: no line, its place kept in Source.images


def _lines(blocks: list[tuple[int, str, dict | None]], images: list[int] | None = None) -> list[SourceLine]:
    """One SourceLine per block. Blocks that start on the same source line (a minified page: all
    on line 1), or in a misnested page on an earlier one, stay lines of their own, shown on that
    source line one after another (``display``, ``offset``): a page reads the same with or
    without its newlines."""
    out: list[SourceLine] = []
    for number, text, location in blocks:
        if text == IMAGE:
            if images is not None:
                images.append(out[-1].number if out else 0)
            continue
        if not (location and location.get("ocr")):  # a line OCR read is one line as it is (its cell spans)
            text = _WS.sub(" ", text).strip()
        if not text.strip():
            continue
        location = dict(location) if location else None
        if out:
            last = out[-1]
            shown = last.shown
            if number <= shown:  # on the line of the block before: after it
                out.append(SourceLine(last.number + 1, text, text, location, shown, last.offset + len(last.text) + 1))
                continue
            ordinal = max(number, last.number + 1)  # numbers drift ahead of the file's after a split line
            out.append(SourceLine(ordinal, text, text, location, number if ordinal != number else None))
            continue
        out.append(SourceLine(number, text, text, location))
    return out


class _Counter:
    """A parser target that counts elements and comments, as ``root.iter()`` would, without
    building the tree (a million-cell page is refused in the memory of its bytes)."""

    def __init__(self):
        self.n = 0

    def start(self, tag, attrib):
        self.n += 1

    def comment(self, text):
        self.n += 1

    def end(self, tag):
        pass

    def data(self, data):
        pass

    def close(self) -> int:
        return self.n


def _elements(page: bytes) -> int:
    import lxml.etree

    return lxml.etree.fromstring(page, lxml.etree.HTMLParser(target=_Counter(), encoding="utf-8", huge_tree=True))


def local_pictures(path: str, data: bytes) -> list[str]:
    """The files next to the page at ``path`` that its <img> name and OCR would read: what its
    result depends on besides its own bytes (the results cache's key holds them). A quick scan of
    the bytes, not a parse: an address it misreads only costs a cache miss."""
    folder = os.path.dirname(os.path.realpath(path))
    found = []
    for m in _IMG_SRC.finditer(data):
        raw = next(g for g in m.groups() if g is not None)
        target = _local_file(raw.decode("utf-8", "replace"), folder)
        if target is not None and target not in found:
            found.append(target)
    return found


@binary_reader(("html", "htm", "shtml"), "html", companions=local_pictures)
def read(path: str, data: bytes, limits: Limits) -> Source:
    text, encoding = decode_page(data, path)
    src = Source(path=path, format="html", encoding=encoding)
    if not text.strip():
        return src

    import lxml.etree
    import lxml.html

    # Parse UTF-8 bytes with the encoding stated: a str with an <?xml encoding?> declaration is
    # refused by lxml, and the page's own <meta charset> must not re-decode what is decoded.
    page = text.lstrip("\ufeff").encode("utf-8", "surrogatepass")
    # Every element or comment but the <html>, <head> and <body> the parser may add opens with a
    # "<" that is not "</": a page with fewer of them is surely within the limit. Else the elements
    # are counted, without building the tree, before a tree is built.
    if page.count(b"<") - page.count(b"</") + 3 > limits.max_blocks:
        elements = _elements(page)
        if elements > limits.max_blocks:
            raise InputError(path, too_large(f"网页有 {elements} 个元素", f"{limits.max_blocks} 个",
                                             f"the page has {elements} elements", f"{limits.max_blocks}"))
    parser = lxml.html.HTMLParser(encoding="utf-8", remove_comments=False, huge_tree=True)
    try:
        root = lxml.html.document_fromstring(page, parser=parser)
    except (lxml.etree.ParserError, lxml.etree.XMLSyntaxError, ValueError) as exc:
        if "empty" in str(exc).lower():
            return src
        raise InputError(path, Text(f"无法解析网页：{exc}", f"cannot parse the page: {exc}")) from None
    if root is None:
        return src
    # comments carry inline suppressions (<!-- govlint-disable … -->); keep them with their lines
    src.directives = [(c.sourceline or 0, c.text or "") for c in root.iter(lxml.etree.Comment)
                      if "govlint" in (c.text or "")]
    pictures = PictureReader(src)
    folder = _own_folder(path, data) if pictures.enabled else None

    def picture(address: str) -> list:
        return pictures.lines(_picture_bytes(address, folder))

    builder = _Builder(_Page(root), picture if pictures.enabled else None)
    builder.run()
    src.lines = _lines(builder.blocks, src.images)
    return src


# ----------------------------------------------------------------------------- pictures

_IMG_SRC = rx.compile(rb"""<img\b[^>]*?\ssrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)
_DATA_URI = rx.compile(r"^\s*data:([^,]*?),", re.IGNORECASE | re.DOTALL)


def _own_folder(path: str, data: bytes) -> str | None:
    """The folder of the page's file, when ``data`` was read from the file at ``path`` (its
    pictures may be read next to it); None for standard input, an upload or bytes given a name."""
    try:
        if not os.path.isfile(path) or os.path.getsize(path) != len(data):
            return None
        with open(path, "rb") as fh:
            if fh.read() != data:
                return None
    except OSError:
        return None
    return os.path.dirname(os.path.realpath(path))


def _picture_bytes(address: str, folder: str | None) -> bytes | None:
    """The bytes of the picture an <img src> names: a data: URI's, or a file's in ``folder`` or
    below it named by a relative address; None for anything else (the network, a site's root, a
    file outside the folder, too large)."""
    m = _DATA_URI.match(address)
    if m:
        if not m.group(1).strip().lower().startswith("image/"):
            return None
        payload = address[m.end():]
        if len(payload) > PICTURE_MAX_BYTES * 2:
            return None
        if m.group(1).lower().replace(" ", "").endswith(";base64"):
            payload = "".join(payload.split())
            try:
                return base64.b64decode(payload + "=" * (-len(payload) % 4))
            except (binascii.Error, ValueError):
                return None
        return unquote_to_bytes(payload)
    target = _local_file(address, folder)
    if target is None:
        return None
    try:
        if os.path.getsize(target) > PICTURE_MAX_BYTES:
            return None
        with open(target, "rb") as fh:
            return fh.read()
    except OSError:
        return None


def _local_file(address: str, folder: str | None) -> str | None:
    """The file in ``folder`` or below it that a relative address names, if it is one."""
    if folder is None or not address.strip():
        return None
    parts = urlsplit(address.strip())
    if parts.scheme or parts.netloc or not parts.path or parts.path.startswith(("/", "\\")):
        return None  # http:, //host/…, file:, C:\…, /images/… (the site's root): not the page's folder
    target = os.path.realpath(os.path.join(folder, unquote(parts.path)))
    try:
        if os.path.commonpath([folder, target]) != folder or not os.path.isfile(target):
            return None
    except (OSError, ValueError):
        return None
    return target


