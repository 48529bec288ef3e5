"""Pictures of a .docx or a web page read by OCR (the optional ``ocr`` extra, issue 20): a statistics
table pasted as a screenshot gives its rows as lines after the picture; a seal, a logo or a photo
gives none; without the extra nothing changes (table-as-image says the figures cannot be read).

The fixtures (tests/fixtures/scans/pictures/, made by make.py there): report-picture.docx is
mini-2021.md with table 2 (section 三) as the picture requests-2021.png, a photo after section 一's
text and a small seal in the signature's paragraph."""

from __future__ import annotations

import base64
import json
import struct
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT, contexts, run_cli
from docx_build import markdown_blocks
from govlint import ocr
from govlint.diagnostics import Severity
from govlint.formatters import locate
from govlint.linter import Linter
from govlint.limits import Limits
from govlint.readers import PICTURE_MIN_SIZE, PictureReader, Source, companions, image_size, read, table_like
from govlint.readers.html import _own_folder, _picture_bytes

HERE = FIXTURES / "scans" / "pictures"
DOCX = HERE / "report-picture.docx"
TABLE_PNG = HERE / "requests-2021.png"
needs_ocr = pytest.mark.skipif(not ocr.available(), reason="the ocr extra is not installed: pip install 'govlint[ocr]'")

HEADING_3 = "三、收到和处理政府信息公开申请情况"
HEADING_4 = "四、政府信息公开行政复议、行政诉讼情况"
ROW_LABELS = ("一、本年新收政府信息公开申请数量", "（七）总计", "四、结转下年度继续办理")


def _ocr_lines(src: Source):
    return [l for l in src.lines if l.location and l.location.get("ocr")]


def _line(src: Source, text: str):
    return next(l for l in src.lines if l.text == text)


def _has_label(lines, label: str) -> bool:
    """OCR may read "(" for "（": compared without brackets."""
    def bare(s: str) -> str:
        return s.translate(str.maketrans("", "", "()（）"))
    return any(bare(label) in bare(l.text) for l in lines)


# ----------------------------------------------------------------------------- without OCR itself

def test_picture_sizes_from_their_headers():
    assert image_size(TABLE_PNG.read_bytes()) == (1411, 931)
    assert image_size((HERE / "seal.png").read_bytes()) == (120, 120)
    assert image_size((HERE / "photo.jpg").read_bytes()) == (600, 360)
    assert image_size(b"GIF89a" + struct.pack("<HH", 640, 200) + b"\x00" * 8) == (640, 200)
    bmp = b"BM" + b"\x00" * 16 + struct.pack("<ii", 800, -300) + b"\x00" * 28
    assert image_size(bmp) == (800, 300)
    assert image_size(b"\x01\x00\x00\x00 EMF") is None  # a Word drawing's EMF: not decoded, not read
    assert image_size(b"\x89PNG\r\n\x1a\n") is None


def test_what_holds_a_table():
    row = ocr.OcrLine("一、本年新收政府信息公开申请数量 | 3 | 1 | 0", 0.9, [], cells=[(0, 16), (19, 20), (23, 24), (27, 28)])
    assert table_like([row, row])
    numbers = [ocr.OcrLine(f"{label} 3 1 0 0 4", 0.9, []) for label in ("一、本年新收", "（一）予以公开", "（七）总计")]
    assert table_like(numbers)
    assert not table_like(numbers[:2])
    # a photo's caption, a dated banner, a seal's text: no table
    assert not table_like([ocr.OcrLine("2023年5月15日政务公开日活动现场", 0.9, []),
                           ocr.OcrLine("青禾县交通运输局", 0.9, []), ocr.OcrLine("电话：0739-5210088", 0.9, [])])


def test_small_and_unknown_pictures_are_not_read(monkeypatch):
    calls = []
    monkeypatch.setattr(ocr, "read_image", lambda data: calls.append(data) or [])
    reader = PictureReader(Source("x.docx", "docx", "docx"), enabled=True)
    assert reader.lines((HERE / "seal.png").read_bytes()) == []  # 120×120: a seal, a logo
    assert reader.lines(b"\x01\x00\x00\x00 EMF") == [] and reader.lines(None) == []
    assert calls == []
    assert reader.lines(TABLE_PNG.read_bytes()) == [] and len(calls) == 1  # read: no lines, no table
    assert not reader.src.flags
    assert PICTURE_MIN_SIZE[0] > 120


def test_a_web_page_reads_pictures_only_from_data_and_its_own_folder(tmp_path):
    png = TABLE_PNG.read_bytes()
    uri = "data:image/png;base64," + base64.b64encode(png).decode()
    assert _picture_bytes(uri, None) == png
    assert _picture_bytes("data:image/png;base64," + base64.b64encode(png).decode()[:-2], None) is not None  # padding
    assert _picture_bytes("data:text/html;base64,PGI+", None) is None
    site = tmp_path / "site"
    (site / "img").mkdir(parents=True)
    (site / "img" / "t2.png").write_bytes(png)
    (tmp_path / "outside.png").write_bytes(png)
    page = site / "report.html"
    page.write_bytes(b"<p>x</p>")
    folder = _own_folder(str(page), page.read_bytes())
    assert folder is not None
    assert _picture_bytes("img/t2.png?v=2", folder) == png
    assert _picture_bytes("img/t%32.png", folder) == png
    for address in ("../outside.png", "img/../../outside.png", str(tmp_path / "outside.png"), "/img/t2.png",
                    "file://" + str(site / "img" / "t2.png"), "http://example.org/t2.png", "//example.org/t2.png"):
        assert _picture_bytes(address, folder) is None, address
    # bytes that are not the file's (standard input, an upload given the file's name): no folder
    assert _own_folder(str(page), b"<p>y</p>") is None
    assert _own_folder("<stdin>", b"<p>x</p>") is None


# ----------------------------------------------------------------------------- with the extra

@pytest.fixture(scope="module")
def docx_source() -> Source:
    return read(str(DOCX), DOCX.read_bytes(), Limits())


@needs_ocr
def test_a_table_picture_s_rows_follow_its_paragraph(docx_source):
    src = docx_source
    assert "ocr" in src.flags
    numbers = [l.number for l in src.lines]
    assert numbers == sorted(set(numbers))  # strictly increasing
    heading = _line(src, HEADING_3)
    picture = heading.location["paragraph"] + 1  # the paragraph holding the picture, right after the heading
    read = _ocr_lines(src)
    assert read and {l.location["paragraph"] for l in read} == {picture}
    assert {l.location["picture"] for l in read} == {2}  # the photo of section 一 is the first picture
    assert [l.location["line"] for l in read] == sorted(l.location["line"] for l in read)
    assert all(l.shown == picture for l in read)
    # right after the heading, before section 四; pieces of the picture's paragraph, one after another
    assert src.lines[src.lines.index(heading) + 1] is read[0]
    after = src.lines[src.lines.index(read[-1]) + 1]
    assert after.text == HEADING_4 and after.shown == after.location["paragraph"] == picture + 1
    assert all(b.offset == a.offset + len(a.text) + 1 for a, b in zip(read, read[1:]))
    for label in ROW_LABELS:
        assert _has_label(read, label), label
    for l in read:  # cell spans and doubtful spans lie in the text
        for start, end in l.location.get("cells", []) + l.location.get("doubtful", []):
            assert 0 <= start <= end <= len(l.text)
    # the Word table after the picture: each row shown on its own first paragraph, no body paragraph's
    shown: dict[int, set] = {}
    for l in src.lines:
        shown.setdefault(l.shown, set()).add("table" if "table" in l.location else l.location.get("paragraph"))
    assert all(len(kinds) == 1 for kinds in shown.values()), shown


@needs_ocr
def test_a_photo_and_a_seal_add_nothing(docx_source):
    src = docx_source
    assert _line(src, "青禾县交通运输局").location == {"paragraph": _line(src, "青禾县交通运输局").shown}
    assert not [l for l in _ocr_lines(src) if l.location["picture"] != 2]
    assert not [l for l in src.lines if "政务公开日" in l.text]
    assert len(src.images) == 3  # the photo, the table, the seal: pictures all the same


@pytest.fixture(scope="module")
def docx_result():
    linter = Linter()
    return linter, linter.lint_path(str(DOCX))


@needs_ocr
def test_the_table_picture_is_said_to_be_read_by_ocr(docx_result):
    linter, result = docx_result
    found = [d for d in result.diagnostics if d.rule.startswith(("table-as-image", "missing"))]
    assert [(d.rule, d.severity) for d in found] == [("table-as-image", Severity.WARNING)], found
    d = found[0]
    assert "是一张图片，已由文字识别读取，请核对识别结果" in d.message and "无法读取" not in d.message
    assert d.data == {"table": "requests-2021", "ocr": True}
    label, _ = locate(result, d)
    assert label == f"第{_line(linter.source_of(DOCX.read_bytes(), str(DOCX)), HEADING_3).shown + 1}段"
    assert [d.line for d in result.diagnostics if d.rule == "read-by-ocr"] == [1]
    # OCR marks a table at a time: the Word tables of sections 二 and 四 are not OCR's
    (ctx,) = contexts(linter, DOCX)
    assert {k: t.ocr for k, t in ctx.tables.items()} == {"proactive-2021": False, "requests-2021": True,
                                                          "review-litigation-2021": False}


def _without_extra(path: Path) -> dict:
    code = ("import json, sys; sys.modules['rapidocr_onnxruntime'] = None\n"
            "from govlint.linter import Linter\n"
            "linter = Linter()\n"
            f"source = linter.source_of(open({str(path)!r}, 'rb').read(), {str(path)!r})\n"
            "result = linter.lint_source(source)\n"
            "print(json.dumps({'flags': sorted(source.flags), 'images': source.images,\n"
            "                  'lines': [[l.number, l.shown, l.text, l.location] for l in source.lines],\n"
            "                  'found': [[d.rule, d.line, d.message] for d in result.diagnostics]}, ensure_ascii=False))\n")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, cwd=ROOT, timeout=120)
    assert r.returncode == 0, r.stderr.decode()
    return json.loads(r.stdout)


def test_without_the_extra_a_table_picture_stays_a_picture():
    got = _without_extra(DOCX)
    assert got["flags"] == [] and len(got["images"]) == 3
    assert not [l for l in got["lines"] if (l[3] or {}).get("ocr") or "picture" in (l[3] or {})]
    assert all(display == number for number, display, _, _ in got["lines"])  # nothing pushed the numbers on
    heading = next(l for l in got["lines"] if l[2] == HEADING_3)
    found = [f for f in got["found"] if f[0] in ("table-as-image", "read-by-ocr", "missing-statistics-table")]
    assert found == [["table-as-image", heading[1],
                      "《收到和处理政府信息公开申请情况表》的位置上是一张图片，表中的数字无法读取和核对"]]


# ----------------------------------------------------------------------------- web pages

def _page(picture: str) -> str:
    """mini-2021.md as a web page whose table 2 is ``<img src=picture>``."""
    out = ["<!DOCTYPE html>", "<html><head><meta charset='utf-8'><title>年度报告</title></head><body>"]
    for b in markdown_blocks((FIXTURES / "mini-2021.md").read_text(encoding="utf-8")):
        if isinstance(b, list):
            if b[0][0].startswith("（本列数据"):
                out.append(f"<p><img src='{picture}' alt='表2'></p>")
            else:
                out.append("<table>" + "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in b)
                           + "</table>")
        else:
            out.append(f"<p>{b}</p>")
    return "\n".join(out + ["</body></html>"])


def _html_findings(result) -> list:
    return [(d.rule, d.data.get("ocr", False)) for d in result.diagnostics
            if d.rule in ("table-as-image", "read-by-ocr", "missing-statistics-table")]


@needs_ocr
def test_a_web_page_s_data_uri_table_picture_is_read():
    page = _page("data:image/png;base64," + base64.b64encode(TABLE_PNG.read_bytes()).decode())
    src = read("report.html", page.encode("utf-8"), Limits())
    assert "ocr" in src.flags
    heading = _line(src, HEADING_3)
    read_lines = _ocr_lines(src)
    assert read_lines and src.lines[src.lines.index(heading) + 1] is read_lines[0]
    img_line = read_lines[0].shown  # the <img>'s source line: every line read is shown on it
    assert all(l.shown == img_line and "paragraph" not in l.location and l.location["picture"] == 1
               for l in read_lines)
    for label in ROW_LABELS:
        assert _has_label(read_lines, label), label
    for l in read_lines:  # kept as read: the cell spans still fit
        assert l.text.strip()
        for start, end in l.location.get("cells", []):
            assert 0 <= start <= end <= len(l.text)
    result = Linter().lint_bytes(page.encode("utf-8"), "report.html")
    assert sorted(_html_findings(result)) == [("read-by-ocr", False), ("table-as-image", True)]


@needs_ocr
def test_a_web_page_s_picture_next_to_it_is_read_and_only_from_its_file(tmp_path):
    (tmp_path / "img").mkdir()
    (tmp_path / "img" / "t2.png").write_bytes(TABLE_PNG.read_bytes())
    page = tmp_path / "report.html"
    page.write_text(_page("img/t2.png"), encoding="utf-8")
    linter = Linter()
    assert sorted(_html_findings(linter.lint_path(str(page)))) == [("read-by-ocr", False), ("table-as-image", True)]
    # the same bytes not read from that file (an upload, standard input): the picture is not looked for
    result = linter.lint_bytes(page.read_bytes(), "report.html")
    assert _html_findings(result) == [("table-as-image", False)]


def test_a_web_page_s_own_pictures_are_what_its_cached_result_depends_on(tmp_path):
    """The results cache's key holds the bytes of the pictures next to a page (OCR reads them): a
    page whose picture was replaced is linted again. Addresses OCR would not read add nothing."""
    (tmp_path / "img").mkdir()
    (tmp_path / "img" / "t2.png").write_bytes(b"png")
    page = tmp_path / "report.html"
    page.write_bytes(b"<p><IMG alt=x SRC=img/t2.png></p><img src='http://example.cn/a.png'>"
                     b"<img src=\"/site/b.png\"><img src='../outside.png'><img src='img/t2.png'>")
    (tmp_path / "outside.png").write_bytes(b"png")
    expected = [str((tmp_path / "img" / "t2.png").resolve())] if ocr.available() else []
    assert companions(str(page), page.read_bytes()) == expected
    assert companions(str(tmp_path / "report.txt"), page.read_bytes()) == []  # text: no picture is read


@needs_ocr
def test_a_replaced_picture_next_to_a_page_is_read_again(tmp_path):
    picture = tmp_path / "img" / "t2.png"
    picture.parent.mkdir()
    picture.write_bytes(TABLE_PNG.read_bytes())
    page = tmp_path / "report.html"
    page.write_text(_page("img/t2.png"), encoding="utf-8")
    env = {"GOVLINT_CACHE_DIR": str(tmp_path / "cache")}

    def rules() -> list[str]:
        proc = run_cli("check", "-f", "json", "--no-config", str(page), env=env)
        assert proc.returncode in (0, 1), proc.stderr
        return sorted(d["rule"] for f in json.loads(proc.stdout)["files"] for d in f["diagnostics"])

    first = rules()
    assert "read-by-ocr" in first
    picture.write_bytes((HERE / "photo.jpg").read_bytes())  # the table replaced by a photo
    second = rules()
    assert "read-by-ocr" not in second and second != first
    assert rules() == second
    assert len(list((tmp_path / "cache" / "results").rglob("*.pickle"))) == 2
