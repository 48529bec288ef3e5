"""Build .docx test files with python-docx: paragraphs, real Word tables (with merged cells) and
headings whose “一、” comes from Word's automatic numbering (numbering.xml), not from the text."""

from __future__ import annotations

import io
import re

import docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

_CN_HEADING = re.compile(r"^\s*[一二三四五六七八九十]{1,3}、")


def _chinese_numbering(document) -> str:
    """Add a list definition "一、二、三、…" to numbering.xml; return its numId."""
    numbering = document.part.numbering_part.element
    abstract_id, num_id = "90", "90"
    an = OxmlElement("w:abstractNum")
    an.set(qn("w:abstractNumId"), abstract_id)
    lvl = OxmlElement("w:lvl")
    lvl.set(qn("w:ilvl"), "0")
    for tag, val in (("w:start", "1"), ("w:numFmt", "chineseCounting"), ("w:lvlText", "%1、")):
        el = OxmlElement(tag)
        el.set(qn("w:val"), val)
        lvl.append(el)
    an.append(lvl)
    numbering.insert(0, an)
    num = OxmlElement("w:num")
    num.set(qn("w:numId"), num_id)
    ref = OxmlElement("w:abstractNumId")
    ref.set(qn("w:val"), abstract_id)
    num.append(ref)
    numbering.append(num)
    return num_id


def _number(paragraph, num_id: str) -> None:
    p_pr = paragraph._p.get_or_add_pPr()
    num_pr = OxmlElement("w:numPr")
    ilvl = OxmlElement("w:ilvl")
    ilvl.set(qn("w:val"), "0")
    nid = OxmlElement("w:numId")
    nid.set(qn("w:val"), num_id)
    num_pr.append(ilvl)
    num_pr.append(nid)
    p_pr.append(num_pr)


PICTURE = object()


def markdown_blocks(text: str, keep_blank: bool = False) -> list:
    """A Markdown report as blocks for :func:`build`: its non-blank lines (headings without their
    "#"; blank lines too with ``keep_blank``) and its pipe tables as rows of cells, each table
    padded to its widest row."""
    blocks, table = [], []
    for line in text.split("\n") + [""]:
        if line.startswith("|"):
            if set(line.replace("|", "").strip()) <= {"-", " ", ":"}:
                continue  # the header separator
            table.append([c.strip() for c in line.strip().strip("|").split("|")])
            continue
        if table:
            width = max(len(r) for r in table)
            blocks.append([r + [""] * (width - len(r)) for r in table])
            table = []
        if line.strip():
            blocks.append(line.lstrip("# ").strip())
        elif keep_blank:
            blocks.append("")
    return blocks


def png(width: int = 40, height: int = 20) -> bytes:
    """A small grey PNG (standard library only)."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def build(blocks, auto_numbering: bool = False) -> bytes:
    """blocks: strings (paragraphs), PICTURE (a paragraph holding a picture, as a table pasted as
    a screenshot) and lists of rows (tables; a cell "<<" merges with the cell to its left, "^^"
    with the cell above)."""
    document = docx.Document()
    num_id = _chinese_numbering(document) if auto_numbering else None
    for block in blocks:
        if block is PICTURE:
            document.add_paragraph().add_run().add_picture(io.BytesIO(png()))
            continue
        if isinstance(block, str):
            if num_id and _CN_HEADING.match(block):
                p = document.add_paragraph(_CN_HEADING.sub("", block).strip())
                _number(p, num_id)
            else:
                document.add_paragraph(block)
            continue
        width = max(len(r) for r in block)
        table = document.add_table(rows=len(block), cols=width)
        for r, row in enumerate(block):
            for c, text in enumerate(row):
                if text not in ("<<", "^^"):
                    table.cell(r, c).text = str(text)
        for r, row in enumerate(block):
            for c, text in enumerate(row):
                if text == "<<":
                    table.cell(r, c - 1).merge(table.cell(r, c))
                elif text == "^^":
                    table.cell(r - 1, c).merge(table.cell(r, c))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def seed_004_table(lines: list[str]) -> list[list[str]]:
    """Seed 004's 统计表 (one cell per line) as rows [统计指标, 单位, 统计数]."""
    rows = [["统计指标", "单位", "统计数"]]
    current = None
    for line in lines:
        t = line.strip()
        if not t or t in ("统计指标", "单位", "统计数"):
            continue
        if re.fullmatch(r"\d+(\.\d+)?", t):
            if current is not None:
                current[2] = t
                current = None
            continue
        if t in ("万元", "人次", "人", "件", "条", "个", "次"):
            if current is not None:
                current[1] = t
            continue
        if t.startswith(("(", "（")) and current is not None and not t.startswith(("(一)", "(二)", "(三)", "(四)")):
            current[0] += t  # a note line belongs to the label above
            continue
        current = [t, "", ""]
        rows.append(current)
    return rows
