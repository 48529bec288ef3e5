"""Word .docx (python-docx, imported only here).

Paragraphs and tables in document order. Every paragraph of the file is numbered in document
order, including those inside table cells, so a finding's “第N段” is the N-th paragraph of the
file. Word's automatic numbering (the “一、” lives in numbering.xml, not in the text) is rebuilt
and shown as the user sees it in Word. A table row becomes one line of cells joined by " | ";
a merged cell keeps its text in its first grid position and leaves the others empty.

With the ``ocr`` extra installed, the pictures of the text's paragraphs (a statistics table
pasted as a screenshot) are read by OCR (:class:`govlint.readers.PictureReader`): a picture whose
lines hold a table gives them after its paragraph, each located by the paragraph, the picture
and its line ({"paragraph": 12, "picture": 1, "line": 3, "ocr": True}), and the file is flagged
``ocr``. Pictures of table cells, headers and footers are not read.
"""

from __future__ import annotations

import io

from govlint.errors import InputError, Text
from govlint.limits import Limits, too_large
from govlint.readers import PictureReader, Source, binary_reader, check_archive
from govlint.readers.layout import GOVLINT_AUTHOR, Builder, format_number, heading_level, leftover_lines

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


class _Numbering:
    """Rebuilds the labels of Word's automatic numbering (numbering.xml)."""

    def __init__(self, document):
        self.levels: dict[tuple[str, int], tuple[str, str, int]] = {}  # (numId, ilvl) -> (fmt, text, start)
        self.counters: dict[str, list[int]] = {}
        try:
            numbering = document.part.numbering_part.element
        except Exception:  # a document without numbering.xml
            return
        abstract = {}
        for an in numbering.iter(f"{_W}abstractNum"):
            lvls = {}
            for lvl in an.iter(f"{_W}lvl"):
                ilvl = int(lvl.get(f"{_W}ilvl", "0"))
                fmt = lvl.find(f"{_W}numFmt")
                text = lvl.find(f"{_W}lvlText")
                start = lvl.find(f"{_W}start")
                lvls[ilvl] = (fmt.get(f"{_W}val") if fmt is not None else "decimal",
                              text.get(f"{_W}val") if text is not None else "",
                              int(start.get(f"{_W}val")) if start is not None else 1)
            abstract[an.get(f"{_W}abstractNumId")] = lvls
        for num in numbering.iter(f"{_W}num"):
            ref = num.find(f"{_W}abstractNumId")
            if ref is None:
                continue
            for ilvl, spec in abstract.get(ref.get(f"{_W}val"), {}).items():
                self.levels[(num.get(f"{_W}numId"), ilvl)] = spec

    def label(self, p_element, style) -> str:
        num_id, ilvl = self._num_pr(p_element, style)
        if num_id is None or (num_id, ilvl) not in self.levels:
            return ""
        fmt, text, start = self.levels[(num_id, ilvl)]
        if fmt in ("bullet", "none"):
            return ""
        counters = self.counters.setdefault(num_id, [])
        while len(counters) <= ilvl:
            counters.append(0)
        counters[ilvl] += 1
        del counters[ilvl + 1:]  # a deeper list restarts under a new item
        label = text
        for level in range(ilvl + 1):
            lfmt, _, lstart = self.levels.get((num_id, level), ("decimal", "", 1))
            value = (counters[level] if level < len(counters) else 1) + lstart - 1
            label = label.replace(f"%{level + 1}", format_number(max(value, 1), lfmt))
        return label

    @staticmethod
    def _num_pr(p_element, style):
        for holder in (p_element.pPr, getattr(getattr(style, "element", None), "pPr", None)):
            num_pr = holder.numPr if holder is not None else None
            if num_pr is not None and num_pr.numId is not None:
                ilvl = num_pr.ilvl.val if num_pr.ilvl is not None else 0
                return str(num_pr.numId.val), int(ilvl)
        return None, 0


def _heading_level(style) -> int | None:
    """1 for Word's "Heading 1" / “标题 1” (and the styles based on them), else None."""
    while style is not None:
        level = heading_level(style.name or "")
        if level is not None:
            return level
        style = getattr(style, "base_style", None)
    return None


# ----------------------------------------------------------------------------- text as Word shows it

# Runs and the containers around them whose text is read: tracked insertions (w:ins, w:moveTo)
# count, as Word shows the document after "accept all changes"; deletions (w:del, w:moveFrom)
# do not; inline content controls (w:sdt), hyperlinks, simple fields and smart tags are read
# through. Drawings, text boxes and field codes are not text of the paragraph.
_READ_THROUGH = {f"{_W}{t}" for t in ("r", "ins", "moveTo", "hyperlink", "sdt", "sdtContent", "fldSimple",
                                       "smartTag", "customXml", "dir", "bdo")}
_TEXT = f"{_W}t"
_BREAKS = {f"{_W}br", f"{_W}cr"}
_TABS = {f"{_W}tab", f"{_W}ptab"}
_HYPHEN = f"{_W}noBreakHyphen"


def _walk(parent, through: set[str]):
    """The descendants of ``parent`` in document order, entering (not yielding) the elements
    whose tag is in ``through`` (insertions, runs, content controls)."""
    stack = [iter(parent)]
    while stack:
        child = next(stack[-1], None)
        if child is None:
            stack.pop()
        elif child.tag in through:
            stack.append(iter(child))
        else:
            yield child


def _pieces(p) -> list[str]:
    """A paragraph's text split at its manual line breaks (w:br, Shift+Enter)."""
    pieces: list[list[str]] = [[]]
    for child in _walk(p, _READ_THROUGH):
        tag = child.tag
        if tag == _TEXT:
            pieces[-1].append(child.text or "")
        elif tag in _BREAKS:
            pieces.append([])
        elif tag in _TABS:
            pieces[-1].append("\t")
        elif tag == _HYPHEN:
            pieces[-1].append("-")
    return ["".join(piece) for piece in pieces]


def text_spans(p) -> list[tuple[object, int, int]]:
    """Where each piece of a paragraph's text is, in the paragraph's text as read (its pieces
    joined by one space; no list label): (element, start, end) for each w:t, tab, hyphen and
    line break, the element's parent being its run (w:r). What annotate anchors comments on."""
    out, pos = [], 0
    for child in _walk(p, _READ_THROUGH):
        tag = child.tag
        if tag == _TEXT:
            n = len(child.text or "")
        elif tag in _BREAKS or tag in _TABS or tag == _HYPHEN:
            n = 1
        else:
            continue
        out.append((child, pos, pos + n))
        pos += n
    return out


def blocks(parent):
    """Paragraphs and tables in document order, as the reader takes them (tables numbered in
    this order)."""
    return _blocks(parent)


def _mark_deleted(p) -> bool:
    """The paragraph mark is a tracked deletion: once accepted, the paragraph joins the next."""
    ppr = p.find(f"{_W}pPr")
    rpr = ppr.find(f"{_W}rPr") if ppr is not None else None
    return rpr is not None and (rpr.find(f"{_W}del") is not None or rpr.find(f"{_W}moveFrom") is not None)


_BLOCK_THROUGH = {f"{_W}{t}" for t in ("sdt", "sdtContent", "customXml", "ins", "moveTo")}


def _blocks(parent):
    """Paragraphs and tables in document order, through block-level content controls (w:sdt)."""
    return (child for child in _walk(parent, _BLOCK_THROUGH) if child.tag in (f"{_W}p", f"{_W}tbl"))


def _cell_text(tc) -> str:
    """A table cell's text on one line: its paragraphs (and their line breaks) joined by spaces."""
    parts = []
    for block in _blocks(tc):
        if block.tag == f"{_W}p":
            parts.extend(t.strip() for t in _pieces(block))
    return " ".join(t for t in parts if t)


_PARAGRAPH_MIN_BYTES = len("<w:p/>")  # the shortest paragraph a document part can hold


def _too_many_paragraphs(path: str, data: bytes, limit: int) -> None:
    """Refuse a document part with more paragraphs than the limit before python-docx builds its
    tree (a million paragraphs take about 1 GB there): they are counted in the unpacked bytes as
    they come, a chunk at a time. A part too small to hold that many is not read."""
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as z:
        try:
            info = z.getinfo("word/document.xml")
        except KeyError:
            return  # python-docx finds the main part another way, or says the file is damaged
        if info.file_size < _PARAGRAPH_MIN_BYTES * limit:
            return
        n, tail = 0, b""
        try:
            with z.open(info) as part:
                while chunk := part.read(1 << 20):
                    # "<w:p>", "<w:p " or "<w:p/>" (not <w:pPr>, <w:proofErr>); the last 4 bytes of the
                    # chunk before cannot hold one, only its start: each is counted once
                    window = tail + chunk
                    n += window.count(b"<w:p>") + window.count(b"<w:p ") + window.count(b"<w:p/")
                    tail = window[-4:]
                    if n > limit:
                        break
        except Exception:  # a damaged part: python-docx says so
            return
    if n > limit:
        raise InputError(path, too_large(f"超过 {limit} 个段落", f"{limit} 个", f"more than {limit} paragraphs", f"{limit}"))


@binary_reader(("docx",), "docx")
def read(path: str, data: bytes, limits: Limits) -> Source:
    try:
        import docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph
    except ImportError:  # pragma: no cover - a runtime dependency
        raise InputError(path, Text("读取 .docx 需要 python-docx：pip install python-docx",
                                    "reading .docx needs python-docx: pip install python-docx")) from None
    check_archive(path, data, limits, ".docx")
    _too_many_paragraphs(path, data, limits.max_blocks)
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:
        raise InputError(path, Text(f"无法打开 .docx 文件（{type(exc).__name__}），请确认文件未损坏、不是加密文件",
                                    f"cannot open the .docx file ({type(exc).__name__}); is it damaged or encrypted?")) from None

    body = document.element.body
    # lxml hands out the same proxy for a node only while one is alive: keep them all alive
    paragraphs = list(body.iter(f"{_W}p"))
    para_number = {id(p): n for n, p in enumerate(paragraphs, start=1)}
    numbering = _Numbering(document)
    builder = Builder(Source(path=path, format="docx", encoding="docx"), limits.max_blocks)
    styles: dict = {}  # style id → style: python-docx finds the default style by scanning all styles
    pictures = PictureReader(builder.src)
    k = 0  # the pictures of the text met so far

    for block in _blocks(body):
        if block.tag == f"{_W}tbl":
            try:
                rows = _rows(Table(block, document._body), para_number)
            except (ValueError, IndexError, KeyError, AttributeError) as exc:  # a damaged grid (w:gridSpan)
                raise InputError(path, Text(f"无法读取 .docx 文件中的表格（{type(exc).__name__}），请确认文件未损坏",
                                            f"cannot read a table of the .docx file ({type(exc).__name__}); is it damaged?")) from None
            builder.table(rows)
            continue
        sid = block.style
        if sid not in styles:
            styles[sid] = Paragraph(block, document._body).style  # what Paragraph.style gives for this id
        style = styles[sid]
        deleted = _mark_deleted(block)
        label = "" if deleted else numbering.label(block, style)
        blips = _blips(block)
        n = para_number[id(block)]
        builder.paragraph(n, _pieces(block), label, _heading_level(style), bool(blips) or _has_picture(block), deleted)
        for rid in blips:
            k += 1
            if not deleted:
                builder.picture(n, k, pictures.lines(_blob(document, rid)))
    src = builder.src
    src.leftovers = _leftovers(document, body, para_number, src)
    del paragraphs
    return src


# ----------------------------------------------------------------------------- what must go before publishing

_REVISIONS = tuple(f"{_W}{t}" for t in ("ins", "del", "moveFrom", "moveTo", "pPrChange", "rPrChange",
                                         "tblPrChange", "trPrChange", "tcPrChange", "sectPrChange"))
_COMMENT_MARKS = (f"{_W}commentRangeStart", f"{_W}commentReference")
_FALSE = {"0", "false", "off"}


def _leftovers(document, body, para_number: dict, src: Source) -> list[tuple[str, int]]:
    """Tracked changes, other people's comments and hidden text, each as (kind, line): the line
    of the paragraph (or table row) it is in, once per kind and paragraph."""
    revisions = list(body.iter(*_REVISIONS))
    comments = list(body.iter(*_COMMENT_MARKS))
    hidden = [v for v in body.iter(f"{_W}vanish")
              if v.getparent() is not None and v.getparent().getparent() is not None
              and v.getparent().getparent().tag == f"{_W}r" and (v.get(f"{_W}val") or "").lower() not in _FALSE]
    authors = _comment_authors(document) if comments else {}
    comments = [el for el in comments if authors.get(el.get(f"{_W}id")) != GOVLINT_AUTHOR]

    def paragraph(element) -> int:
        p = element if element.tag == f"{_W}p" else next(element.iterancestors(f"{_W}p"), None)
        if p is None:  # a table-level change: the next paragraph (the table's first)
            p = next(element.iterdescendants(f"{_W}p"), None) or next(element.itersiblings(f"{_W}p"), None)
        return para_number.get(id(p), 0) if p is not None else 0

    return leftover_lines([(kind, paragraph(el)) for kind, els in (("revision", revisions), ("comment", comments),
                                                                   ("hidden", hidden)) for el in els], src)


def _comment_authors(document) -> dict[str, str]:
    """{comment id: author} from the comments part (none when there is no such part)."""
    try:
        part = next((r.target_part for r in document.part.rels.values() if r.reltype.endswith("/comments")), None)
    except Exception:
        return {}
    if part is None:
        return {}
    try:
        from lxml import etree

        root = etree.fromstring(part.blob)
    except Exception:
        return {}
    return {c.get(f"{_W}id"): c.get(f"{_W}author") or "" for c in root.iter(f"{_W}comment")}


def _has_picture(p) -> bool:
    """A drawing (w:drawing) or an old-style picture (w:pict) in the paragraph's runs, as Word
    shows it once changes are accepted (not inside a deletion)."""
    return any(c.tag in _PICTURES for c in _walk(p, _READ_THROUGH))


_PICTURES = {f"{_W}drawing", f"{_W}pict"}
_ALTERNATE = "{http://schemas.openxmlformats.org/markup-compatibility/2006}AlternateContent"
_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
# a DrawingML picture's image (a:blip r:embed), an old-style (VML) one's (v:imagedata r:id)
_IMAGE_REFS = (("{http://schemas.openxmlformats.org/drawingml/2006/main}blip", f"{_R}embed"),
               ("{urn:schemas-microsoft-com:vml}imagedata", f"{_R}id"))


def _blips(p) -> list[str]:
    """The relationship ids of the images of a paragraph's pictures, in order, as Word shows the
    paragraph once changes are accepted; of a picture Word wrote twice (mc:AlternateContent: a
    choice and its fallback), the first written that has one. Linked (not embedded) images have none."""
    out: list[str] = []
    for child in _walk(p, _READ_THROUGH):
        if child.tag in _PICTURES:
            out.extend(_image_refs(child))
        elif child.tag == _ALTERNATE:
            for branch in child:
                found = [rid for el in branch if el.tag in _PICTURES for rid in _image_refs(el)]
                if found:
                    out.extend(found)
                    break
    return out


def _image_refs(el) -> list[str]:
    return [rid for tag, attr in _IMAGE_REFS for image in el.iter(tag) if (rid := image.get(attr))]


def _blob(document, rid: str) -> bytes | None:
    """The bytes of the image part ``rid`` names, None when there is none."""
    try:
        return document.part.related_parts[rid].blob
    except (KeyError, AttributeError):
        return None


def _rows(table, para_number: dict) -> list[tuple[int | None, list[str]]]:
    """(the row's first paragraph, its cells' texts) of each row of a table; a merged cell's
    text in its first grid position, the others empty."""
    rows, previous = [], []
    for row in table.rows:
        cells = row.cells
        texts, seen = [], set()
        for c, cell in enumerate(cells):
            tc = cell._tc
            repeat = id(tc) in seen or (c < len(previous) and previous[c] is tc)
            seen.add(id(tc))
            texts.append("" if repeat else _cell_text(tc))
        previous = [cell._tc for cell in cells]
        first_p = next((p for p in row._tr.iter(f"{_W}p")), None)
        rows.append((para_number.get(id(first_p)) if first_p is not None else None, texts))
    return rows
