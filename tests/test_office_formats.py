"""Word 97–2003 .doc, Kingsoft .wps, .rtf and .odt: the same document saved in each gives the
findings, lines, pictures and leftovers of the .docx it came from (tests/fixtures/office/make.py
made the files with LibreOffice); damaged, truncated and encrypted files give a one-line Chinese
error, never a traceback."""

from __future__ import annotations

import io
import random
import struct
import zipfile

import pytest

from conftest import FIXTURES, findings
from govlint.limits import Limits
from govlint.readers import read

OFFICE = FIXTURES / "office"
WORD = FIXTURES / "word"
SOURCES = {"draft": WORD, "draft-breaks": WORD, "draft-revisions": WORD, "draft-review": WORD,
           "draft-picture": WORD, "draft-numbered": OFFICE}
SAVED = sorted(p.name for p in OFFICE.iterdir() if p.suffix in (".doc", ".wps", ".rtf", ".odt"))
NUMBERED = ["draft-numbered.doc", "draft-numbered.rtf", "draft-numbered.odt"]


def _source(name: str):
    stem = name.rsplit(".", 1)[0]
    return SOURCES[stem] / f"{stem}.docx"


def _read(path):
    return read(path.name, path.read_bytes(), Limits())


def _lines(path) -> list[tuple]:
    return [(l.number, l.display, l.offset, l.location, l.text) for l in _read(path).lines]


def test_every_format_and_source_is_here():
    assert {n.rsplit(".", 1)[1] for n in SAVED} == {"doc", "wps", "rtf", "odt"}
    assert {n.rsplit(".", 1)[0] for n in SAVED} == set(SOURCES)


@pytest.mark.parametrize("name", SAVED)
def test_findings_are_those_of_the_docx(linter, name):
    saved = linter.lint_path(str(OFFICE / name))
    original = linter.lint_path(str(_source(name)))
    assert saved.error is None and original.error is None
    assert findings(saved) == findings(original)
    assert findings(original)  # the drafts have their defects


@pytest.mark.parametrize("name", SAVED)
def test_lines_pictures_and_leftovers_are_those_of_the_docx(name):
    saved, original = _read(OFFICE / name), _read(_source(name))
    assert saved.format == {"wps": "doc"}.get(name.rsplit(".", 1)[1], name.rsplit(".", 1)[1])
    assert _lines(OFFICE / name) == _lines(_source(name))
    assert saved.images == original.images
    assert saved.leftovers == original.leftovers


@pytest.mark.parametrize("name", NUMBERED)
def test_automatic_numbering_merged_cells_and_fields(name):
    lines = _read(OFFICE / name).lines
    texts = [l.text for l in lines]
    headings = [l for l in lines if l.location.get("heading")]
    assert [l.text for l in headings] == ["一、总体工作情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                                          "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况",
                                          "六、其他需要报告的事项"]  # the “一、” is Word's numbering, not text
    assert all(l.location == {"paragraph": l.number, "heading": 1} for l in headings)
    assert "第二十条第（一）项 |  |  | " in texts  # merged across the row
    merged = next(l for l in lines if l.text.startswith("行政复议"))
    assert merged.text == "行政复议 |  |  |  |  | 行政诉讼" + " | " * 9
    assert merged.location["table"] == 3 and merged.location["row"] == 1 and len(merged.location["cells"]) == 15
    below = lines[lines.index(merged) + 2]  # row 3: the first five cells merged down into row 2
    assert below.text.startswith(" |  |  |  |  | 结果维持") and below.number == lines[lines.index(merged) + 1].number + 7
    intro = next(t for t in texts if t.startswith("本报告根据"))
    assert intro.endswith("电子邮箱：qhjtj@163.com）。") and "HYPERLINK" not in intro  # a field: its result


@pytest.mark.parametrize("ext", ["doc", "rtf", "odt"])
def test_key_lines_of_the_plain_draft(ext):
    lines = _read(OFFICE / f"draft.{ext}").lines
    by_text = {l.text: l for l in lines}
    assert lines[0].text == "青禾县交通运输局2023年政府信息公开工作年度报告"
    assert by_text["一、总体工作情况"].location == {"paragraph": 3}
    total = by_text["（七）总计 | 3 | 1 | 0 | 0 | 0 | 0 | 5"]
    assert total.location["table"] == 2 and total.location["row"] == 30
    assert total.location["cells"][:2] == [[0, 5], [8, 9]]


@pytest.mark.parametrize("ext", ["doc", "rtf", "odt"])
def test_manual_line_breaks_and_tracked_changes(ext):
    lines = _read(OFFICE / f"draft-breaks.{ext}").lines
    before = next(l for l in lines if l.text == "五、存在的主要问题及改进情况")
    heading = next(l for l in lines if l.text == "六、其他需要报告的事项")
    assert heading.shown == before.shown and heading.location == {"paragraph": before.shown}
    texts = [l.text for l in _read(OFFICE / f"draft-revisions.{ext}").lines]
    assert any("本报告中所列数据的统计期限自2023年1月1日起至2023年12月31日止。" in t for t in texts)  # inserted
    assert not [t for t in texts if "20××年）" in t or "（2022年）" in t]  # deleted


def test_a_picture_is_where_the_table_was():
    for ext in ("doc", "rtf", "odt"):
        src = _read(OFFICE / f"draft-picture.{ext}")
        heading = next(l for l in src.lines if l.text.startswith("三、收到和处理"))
        assert src.images == [heading.number]


# ----------------------------------------------------------------------------- broken files


def _error(linter, data: bytes, name: str) -> str:
    result = linter.lint_bytes(data, name)
    assert result.error, name
    assert "\n" not in result.error and "Traceback" not in result.error
    assert any("\u4e00" <= c <= "\u9fff" for c in result.error)  # said in Chinese
    return result.error


def _word_document(data: bytes) -> tuple[int, bytes]:
    """Where the WordDocument stream starts in the file (its FIB fits in its first sector), and the stream."""
    import olefile

    with olefile.OleFileIO(data) as ole:
        entry = ole.direntries[ole._find("WordDocument")]
        assert entry.size >= ole.minisectorcutoff  # in regular sectors, the first one in place
        return (entry.isectStart + 1) * ole.sectorsize, ole.openstream("WordDocument").read()


def _patched(*changes: tuple[int, str, int]) -> bytes:
    """draft.doc with fields of its FIB changed: (offset in the stream, struct format, value)."""
    data = bytearray((OFFICE / "draft.doc").read_bytes())
    start, _ = _word_document(bytes(data))
    for offset, fmt, value in changes:
        struct.pack_into(fmt, data, start + offset, value)
    return bytes(data)


def test_encrypted_fast_saved_and_old_word_files(linter):
    _, wd = _word_document((OFFICE / "draft.doc").read_bytes())
    flags = struct.unpack_from("<H", wd, 10)[0]
    assert read("x.doc", _patched((10, "<H", flags)), Limits()).lines  # the patching itself breaks nothing
    assert "加密" in _error(linter, _patched((10, "<H", flags | 0x0100)), "报告.doc")  # fEncrypted
    assert "Word 6.0/95" in _error(linter, _patched((2, "<H", 0x68)), "报告.doc")  # nFib of Word 95
    csw = struct.unpack_from("<H", wd, 32)[0]
    cslw = struct.unpack_from("<H", wd, 34 + 2 * csw)[0]
    lcb_clx = 34 + 2 * csw + 2 + 4 * cslw + 2 + 8 * 33 + 4
    # fComplex and no piece table: a fast-saved file
    assert "快速保存" in _error(linter, _patched((10, "<H", flags | 0x0004), (lcb_clx, "<I", 0)), "报告.wps")


def test_an_encrypted_odt(linter):
    src = zipfile.ZipFile(OFFICE / "draft.odt")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "META-INF/manifest.xml":
                body = body.replace(b"</manifest:manifest>",
                                    b"<manifest:file-entry manifest:full-path=\"x\"><manifest:encryption-data/>"
                                    b"</manifest:file-entry></manifest:manifest>")
            z.writestr(info, body)
    assert "加密" in _error(linter, out.getvalue(), "报告.odt")


@pytest.mark.parametrize("name", ["draft.doc", "draft-breaks.wps", "draft.rtf", "draft.odt"])
def test_truncated_files(linter, name):
    data = (OFFICE / name).read_bytes()
    for cut in (0.02, 0.3, 0.6, 0.9, 0.999):
        _error(linter, data[: int(len(data) * cut)], name)


def test_not_a_word_document(linter):
    doc = (OFFICE / "draft.doc").read_bytes()
    other = doc.replace("WordDocument".encode("utf-16-le"), "WordDocumenX".encode("utf-16-le"))
    assert "没有 WordDocument 数据流" in _error(linter, other, "报告.wps")  # an old WPS, a Works file, an .xls
    assert "不是 RTF" in _error(linter, b"hello", "报告.rtf")
    assert "不是有效的 zip" in _error(linter, b"PK\x03\x04" + b"\0" * 100, "报告.odt")
    assert _error(linter, b"", "报告.doc")


@pytest.mark.parametrize("name", ["draft-numbered.doc", "draft-numbered.rtf", "draft-numbered.odt"])
def test_bit_flips_never_a_traceback(linter, name):
    data = (OFFICE / name).read_bytes()
    rng = random.Random(name)
    for _ in range(15):
        broken = bytearray(data)
        for _ in range(rng.randint(1, 30)):
            k = rng.randrange(len(broken))
            broken[k] ^= 1 << rng.randrange(8)
        result = linter.lint_bytes(bytes(broken), name)
        if result.error:
            assert "\n" not in result.error and "Traceback" not in result.error


def test_list_number_formats():
    from govlint.readers import doc, odt

    assert [doc._format_number(n, 0x25) for n in (1, 10, 12)] == ["一", "十", "十二"]  # chineseCounting
    assert doc._format_number(3, 0x00) == "3" and doc._format_number(3, 0x04) == "c"
    assert doc._format_number(4, 0x02) == "iv" and doc._format_number(12, 0x0E) == "１２"
    assert odt._format_number(2, "一, 二, 三, ...") == "二" and odt._format_number(2, "a") == "b"


# ----------------------------------------------------------------------------- what Word and WPS write


WORD_RTF = (b"{\\rtf1\\ansi\\ansicpg936\\deff0{\\fonttbl{\\f0\\fnil\\fcharset134 \\'cb\\'ce\\'cc\\'e5;}{\\f1\\fswiss\\fcharset0 Arial;}}"
            b"{\\stylesheet{\\s0 Normal;}{\\s1\\sbasedon0 heading 1;}{\\s2\\sbasedon1 \\'b1\\'ea\\'cc\\'e2 2;}}"
            b"{\\*\\generator Word;}\n"
            b"\\pard\\plain\\s1{\\listtext\\pard\\plain \\'d2\\'bb\\'a1\\'a2\\tab}\\'d7\\'dc\\'cc\\'e5\\'c7\\'e9\\'bf\\'f6\\par\n"
            b"\\pard\\plain \\uc1\\u32852?\\u31995?{\\field{\\*\\fldinst HYPERLINK \"mailto:a@b.cn\"}{\\fldrslt a@b.cn}}"
            b"\\line {\\f1 second}\\par\n"
            b"\\pard\\plain{\\*\\bkmkstart x}{\\deleted gone}kept{\\v hid}\\par\n"
            b"\\trowd\\trleft0\\cellx2000\\cellx6000\\pard\\intbl A1\\cell B1\\par B2\\cell\\row\n"
            b"\\trowd\\trleft0\\cellx6000\\pard\\intbl merged\\cell\\row\n"
            b"\\pard\\plain {\\pict\\pngblip 89504e47}\\par\n"
            b"\\pard\\plain\\s2 tail\\par}")


def test_rtf_as_word_writes_it():
    """GBK bytes by the font's charset, \\uN with its fallback, a list label, a style named in
    Chinese based on “heading 1”, a field's result, a line break, a deletion, hidden text, cells
    (one spanning two columns) and a picture."""
    src = read("x.rtf", WORD_RTF, Limits())
    assert [(l.number, l.display, l.location, l.text) for l in src.lines] == [
        (1, None, {"paragraph": 1, "heading": 1}, "一、总体情况"),
        (2, None, {"paragraph": 2}, "联系a@b.cn"),
        (3, 2, {"paragraph": 2}, "second"),
        (4, 3, {"paragraph": 3}, "kepthid"),
        (5, 4, {"table": 1, "row": 1, "cells": [[0, 2], [5, 10]]}, "A1 | B1 B2"),
        (7, None, {"table": 1, "row": 2, "cells": [[0, 6], [9, 9]]}, "merged | "),
        (9, None, {"paragraph": 9, "heading": 2}, "tail")]
    assert src.images == [7] and src.leftovers == [("hidden", 3), ("revision", 3)]


FLAT_ODT = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
 xmlns:dc="http://purl.org/dc/elements/1.1/" office:mimetype="application/vnd.oasis.opendocument.text">
<office:styles>
<style:style style:name="Heading_20_2" style:display-name="Heading 2" style:family="paragraph"/>
<text:list-style style:name="L1">
<text:list-level-style-number text:level="1" style:num-format="一, 二, 三, ..." style:num-suffix="、"/>
<text:list-level-style-number text:level="2" style:num-format="1" style:num-prefix="（" style:num-suffix="）"/>
</text:list-style>
<text:list-style style:name="L2"><text:list-level-style-bullet text:level="1" text:bullet-char="•"/></text:list-style>
</office:styles>
<office:automatic-styles><style:style style:name="P1" style:family="paragraph" style:parent-style-name="Heading_20_2"/></office:automatic-styles>
<office:body><office:text>
<text:list text:style-name="L1">
 <text:list-item><text:p>总体情况</text:p>
  <text:list><text:list-item><text:p>第一项<text:s text:c="2"/>说明<text:tab/>完</text:p></text:list-item>
             <text:list-item><text:p>第二项</text:p></text:list-item></text:list></text:list-item>
 <text:list-item text:start-value="5"><text:h text:style-name="P1" text:outline-level="2">跳到五</text:h></text:list-item>
</text:list>
<text:list text:style-name="L2"><text:list-item><text:p>要点</text:p></text:list-item></text:list>
<text:p>正文<office:annotation><dc:creator>govlint</dc:creator><text:p>批注</text:p></office:annotation>一<text:line-break/>二<draw:frame><draw:image/></draw:frame></text:p>
<table:table><table:table-column table:number-columns-repeated="3"/>
 <table:table-row><table:table-cell table:number-columns-spanned="2" table:number-rows-spanned="2"><text:p>甲</text:p></table:table-cell><table:covered-table-cell/><table:table-cell><text:p>乙</text:p><text:p>丙</text:p></table:table-cell></table:table-row>
 <table:table-row><table:covered-table-cell/><table:covered-table-cell/><table:table-cell><text:p>丁</text:p></table:table-cell></table:table-row>
</table:table>
<text:p><text:number>(a)</text:number>带编号</text:p>
</office:text></office:body></office:document>"""


def test_odt_lists_spaces_merges_and_pictures():
    """Nested list labels from the list style (a start value, a bullet shows none), text:s and
    text:tab, govlint's own comment (no leftover), a line break, a picture, a cell merged across
    and down (the covered cell below counts Word's empty paragraph) and a label the file carries."""
    src = read("x.fodt", FLAT_ODT.encode(), Limits())
    assert [(l.number, l.display, l.location, l.text) for l in src.lines] == [
        (1, None, {"paragraph": 1}, "一、总体情况"),
        (2, None, {"paragraph": 2}, "（1）第一项  说明\t完"),
        (3, None, {"paragraph": 3}, "（2）第二项"),
        (4, None, {"paragraph": 4, "heading": 2}, "五、跳到五"),
        (5, None, {"paragraph": 5}, "要点"),
        (6, None, {"paragraph": 6}, "正文一"),
        (7, 6, {"paragraph": 6}, "二"),
        (8, 7, {"table": 1, "row": 1, "cells": [[0, 1], [4, 4], [7, 10]]}, "甲 |  | 乙 丙"),
        (10, None, {"table": 1, "row": 2, "cells": [[0, 0], [3, 3], [6, 7]]}, " |  | 丁"),
        (12, None, {"paragraph": 12}, "(a)带编号")]
    assert src.images == [5] and src.leftovers == [] and src.format == "odt"
