"""``govlint init``: the draft skeleton of an annual report (govlint/init.py).

A skeleton linted as it is gives only unfilled-placeholder findings, under the pack it was made
for, in Markdown and in Word; its tables are read row by row; filled in, it is clean.
"""

from __future__ import annotations

import io
import re
import shutil
from collections import Counter

import pytest

from conftest import contexts
from govlint.errors import GovlintError
from govlint.init import skeleton, write_skeleton
from govlint.linter import Linter
from govlint.packs.loader import load_pack
from govlint.tables import well_read

DEPARTMENT = "梧桐县农业农村局"
GOVERNMENT = "梧桐县人民政府"

# (pack, report year inside the pack's years, agency). 2015–2018 fit both gov-2014 and
# twelve-section: the skeleton's headings must make the linter pick the requested one.
CASES = [
    ("gov-2021", 2025, DEPARTMENT),
    ("gov-2021", 2023, GOVERNMENT),
    ("gov-2019", 2020, DEPARTMENT),
    ("gov-2019", 2019, GOVERNMENT),
    ("gov-2014", 2014, DEPARTMENT),
    ("gov-2014", 2016, DEPARTMENT),
    ("twelve-section", 2017, DEPARTMENT),
    ("gov-2008", 2010, GOVERNMENT),
]


def _named_cases():
    """Packs used only when named (a province's, extending a national one): a skeleton each."""
    from govlint.packs.loader import PackStore

    return [(p.id, p.years[0] if p.years else 2025, DEPARTMENT) for p in PackStore().builtin() if not p.automatic]


def _linter(pack_name: str) -> Linter:
    """The linter a user has for this pack: chosen by year, or named (--pack) when the pack is
    not chosen automatically."""
    from govlint.packs.loader import PackStore

    store = PackStore()
    pack = store.load(pack_name)
    return Linter(None if pack.automatic else pack, automatic=store.automatic())


def _lint(path, pack_name):
    result = _linter(pack_name).lint_path(str(path))
    assert result.error is None, result.error
    return result


def test_cases_cover_every_pack_chosen_by_year():
    from govlint.packs.loader import PackStore

    assert {pack for pack, _, _ in CASES} == {p.id for p in PackStore().automatic()}


@pytest.mark.parametrize("fmt", ["md", "docx"])
@pytest.mark.parametrize("pack_name,year,agency", CASES + _named_cases(),
                         ids=[f"{p}-{y}-{'gov' if a == GOVERNMENT else 'dept'}" for p, y, a in CASES + _named_cases()])
def test_skeleton_has_only_placeholder_findings(tmp_path, pack_name, year, agency, fmt):
    path = tmp_path / f"draft.{fmt}"
    write_skeleton(str(path), pack_name, year, agency)
    result = _lint(path, pack_name)
    rules = Counter(d.rule for d in result.diagnostics)
    assert set(rules) == {"unfilled-placeholder"}, [(d.rule, d.line, d.message) for d in result.diagnostics]
    assert rules["unfilled-placeholder"] >= 1
    doc = result.documents[0]
    assert doc.pack.id == pack_name, doc.pack_reason
    assert doc.report_year == year
    assert doc.agency == agency
    # every table of the pack is there and read row by row (not merely "present")
    pack = load_pack(pack_name)
    tables = contexts(_linter(pack_name), path)[0].tables
    assert set(tables) == {t.id for t in pack.tables if t.required}  # a local annex is no part of a skeleton
    for table in tables.values():
        assert well_read(table), table.spec.id
        for row in table.rows.values():
            if row.spec.required:
                assert row.found, (table.spec.id, row.spec.id)
                assert row.readable or not row.spec.values, (table.spec.id, row.spec.id)


@pytest.mark.parametrize("pack_name,year,agency", CASES[:1] + CASES[4:5] + CASES[-1:])
def test_markdown_skeleton_follows_the_pack(pack_name, year, agency):
    pack = load_pack(pack_name)
    text = skeleton(pack_name, year, agency)
    assert isinstance(text, str)
    lines = text.splitlines()
    assert lines[0] == f"# {agency}{year}年政府信息公开工作年度报告"
    assert "《中华人民共和国政府信息公开条例》" in lines[2]
    assert pack.statistics_period.canonical.format(year=year) in lines[2]
    headings = [l[3:] for l in lines if l.startswith("## ")]
    from govlint.normalize import to_chinese_numeral

    assert headings == [f"{to_chinese_numeral(s.number)}、{s.title}" for s in pack.sections]
    for spec in [t for t in pack.tables if t.required]:  # a local annex is no part of the skeleton
        for row in spec.rows:
            if row.label:
                assert f"| {row.label} |" in text, row.label
        for col in spec.columns:
            assert f"| {col.label} |" in text, col.label
    # the signature: the agency, then a date to fill in
    assert lines[-3:] == [agency, "", "【请填写】年【请填写】月【请填写】日"]
    # every placeholder left is one the pack reports
    for found in re.findall(r"【[^】]*】", text):
        assert any(p.pattern.search(found) for p in pack.placeholders), found


def test_opening_cites_the_format_notice():
    assert "（国办公开办函〔2021〕30号）" in skeleton("gov-2021", 2024, DEPARTMENT)
    assert "（国办公开办函〔2019〕60号）" in skeleton("gov-2019", 2019, DEPARTMENT)


def test_required_content_is_prompted():
    """信息处理费 (gov-2021 section 六) always; 工作考核… only for a government, as the check does."""
    dept = skeleton("gov-2021", 2024, DEPARTMENT)
    gov = skeleton("gov-2021", 2024, GOVERNMENT)
    assert "信息处理费" in dept and "信息处理费" in gov
    assert "工作考核" in gov and "工作考核" not in dept


def test_docx_is_a_word_file_with_real_tables():
    import docx

    data = skeleton("gov-2021", 2024, DEPARTMENT, "docx")
    assert isinstance(data, bytes) and data[:2] == b"PK"
    document = docx.Document(io.BytesIO(data))
    assert len(document.tables) == 3
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings[0] == "一、总体情况" and len(headings) == 6
    review = document.tables[2]  # 行政复议 / 行政诉讼: group captions over merged cells
    assert review.rows[0].cells[0].text == "行政复议"
    assert review.rows[0].cells[0]._tc is review.rows[0].cells[4]._tc


@pytest.mark.parametrize("name,fmt", [("draft.md", "md"), ("draft.docx", "docx"), ("draft.txt", "md"),
                                      ("DRAFT.DOCX", "docx")])
def test_format_from_extension(tmp_path, name, fmt):
    path = tmp_path / name
    write_skeleton(str(path), "gov-2021", 2024, DEPARTMENT)
    data = path.read_bytes()
    if fmt == "docx":
        assert data[:2] == b"PK"
    else:
        assert data.decode("utf-8").startswith("# 梧桐县农业农村局2024年")


def test_explicit_format_wins(tmp_path):
    path = tmp_path / "draft.txt"
    write_skeleton(str(path), "gov-2021", 2024, DEPARTMENT, fmt="docx")
    assert path.read_bytes()[:2] == b"PK"


def test_refuses_to_overwrite(tmp_path):
    path = tmp_path / "draft.md"
    path.write_text("我的草稿", encoding="utf-8")
    with pytest.raises(GovlintError) as exc:
        write_skeleton(str(path), "gov-2021", 2024, DEPARTMENT)
    message = str(exc.value)
    assert "已存在" in message and "\n" not in message
    assert path.read_text(encoding="utf-8") == "我的草稿"


def test_refuses_to_overwrite_its_own_output(tmp_path):
    path = tmp_path / "draft.docx"
    write_skeleton(str(path), "gov-2021", 2024, DEPARTMENT)
    before = path.read_bytes()
    with pytest.raises(GovlintError):
        write_skeleton(str(path), "gov-2019", 2019, DEPARTMENT)
    assert path.read_bytes() == before


def test_unknown_pack(tmp_path):
    path = tmp_path / "draft.md"
    with pytest.raises(GovlintError) as exc:
        write_skeleton(str(path), "gov-2099", 2024, DEPARTMENT)
    message = str(exc.value)
    assert "gov-2099" in message and "规则包" in message and "gov-2021" in message  # names the packs there are
    assert "\n" not in message
    assert not path.exists()
    with pytest.raises(GovlintError):
        skeleton("no-such-pack", 2024, DEPARTMENT)


def test_year_outside_the_pack(tmp_path):
    path = tmp_path / "draft.md"
    with pytest.raises(GovlintError) as exc:
        write_skeleton(str(path), "gov-2021", 2019, DEPARTMENT)
    assert "2019" in str(exc.value) and "gov-2021" in str(exc.value)
    assert not path.exists()


def test_unknown_format():
    with pytest.raises(GovlintError):
        skeleton("gov-2021", 2024, DEPARTMENT, "pdf")


def _fill(text: str, year: int) -> str:
    text = text.replace("【请填写，格式如0000-0000000】", "0736-7221856")
    text = text.replace("地址：【请填写】", "地址：梧桐县文昌路66号")
    text = text.replace("【请填写】年【请填写】月【请填写】日", f"{year + 1}年1月20日")
    text = re.sub(r"【请填写下表[^】]*】\n\n", "", text)
    text = re.sub(r"【请填写([^】]*)】", lambda m: f"本年度{m.group(1) or '情况'}已如实说明。", text)
    return re.sub(r"(?<=\| )—(?= \|)", "0", text)


@pytest.mark.parametrize("pack_name,year,agency", CASES + _named_cases())
def test_filled_skeleton_is_clean_and_its_tables_are_checked(tmp_path, pack_name, year, agency):
    """Filled in, the draft passes; a wrong number in its tables is caught (they are real tables)."""
    filled = _fill(skeleton(pack_name, year, agency), year)
    path = tmp_path / "filled.md"
    path.write_text(filled, encoding="utf-8")
    result = _lint(path, pack_name)
    assert result.diagnostics == [], [(d.rule, d.line, d.message) for d in result.diagnostics]
    pack = load_pack(pack_name)
    tables = [t for t in pack.tables if t.required]
    if not any(t.identities for t in tables):
        return
    # a wrong total in the first relation between rows of the first table that has one
    spec, ident = next((t, i) for t in tables for i in t.identities if i.kind == "rows")
    target = next(r for r in spec.rows if r.id == (ident.total or ident.right[0]))
    lines = filled.splitlines()
    i = next(i for i, l in enumerate(lines) if l.startswith(f"| {target.label} |"))
    lines[i] = lines[i].replace("| 0 |", "| 7 |", 1)
    broken = tmp_path / "broken.md"
    broken.write_text("\n".join(lines) + "\n", encoding="utf-8")
    rules = {d.rule for d in _lint(broken, pack_name).diagnostics}
    assert "table-sum-mismatch" in rules


# --------------------------------------------------------------------------- the Word page (GB/T 9704—2012)

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TEXT_WIDTH_TWIPS = 156 * 1440 / 25.4  # 210 mm less the margins of 28 and 26 mm


def _word(pack_name="gov-2021", year=2024, agency=GOVERNMENT):
    import docx

    return docx.Document(io.BytesIO(skeleton(pack_name, year, agency, "docx")))


def _fonts(element):
    """The rFonts of a style's or a run's properties (or None)."""
    rpr = element.find(f"{W}rPr")
    return None if rpr is None else rpr.find(f"{W}rFonts")


def _style_value(style, read):
    """A property as the style gives it, through the styles it is based on, then the document defaults."""
    while style is not None:
        value = read(style.element)
        if value is not None:
            return value
        style = style.base_style
    return None


def _effective(document, paragraph, read):
    """A run property of a paragraph's text: its runs', else its style's, else the document defaults'."""
    values = {read(r._r) for r in paragraph.runs if r.text.strip()}
    if values and values != {None}:
        assert len(values) == 1, values
        return values.pop()
    value = _style_value(paragraph.style, read)
    if value is None:
        value = read(document.styles.element.find(f"{W}docDefaults").find(f"{W}rPrDefault"))
    return value


def _east_asia(element):
    fonts = _fonts(element)
    return None if fonts is None else fonts.get(f"{W}eastAsia")


def _latin(element):
    fonts = _fonts(element)
    return None if fonts is None else fonts.get(f"{W}ascii")


def _size(element):
    rpr = element.find(f"{W}rPr")
    sz = None if rpr is None else rpr.find(f"{W}sz")
    return None if sz is None else int(sz.get(f"{W}val")) / 2  # half points → pt


def _bold(element):
    rpr = element.find(f"{W}rPr")
    b = None if rpr is None else rpr.find(f"{W}b")
    return None if b is None else b.get(f"{W}val", "1") not in ("0", "false")


def _ppr(style, tag):
    return _style_value(style, lambda e: None if e.find(f"{W}pPr") is None else e.find(f"{W}pPr").find(f"{W}{tag}"))


def test_docx_page_is_a4_with_the_gbt9704_margins():
    from docx.shared import Mm

    document = _word()
    assert len(document.sections) == 1
    section = document.sections[0]

    def close(length, mm):
        return abs(length - Mm(mm)) < Mm(0.1)

    assert close(section.page_width, 210) and close(section.page_height, 297)
    assert close(section.top_margin, 37) and close(section.bottom_margin, 35)
    assert close(section.left_margin, 28) and close(section.right_margin, 26)
    assert (section.page_width - section.left_margin - section.right_margin) <= Mm(156) + Mm(0.1)


def test_docx_page_numbers_in_the_footer():
    """“— 1 —” from a PAGE field in 宋体 四号, odd pages right and even pages left (GB/T 9704 7.5)."""
    document = _word()
    assert document.settings.odd_and_even_pages_header_footer
    section = document.sections[0]
    sides = {}
    for footer, side in ((section.footer, "right"), (section.even_page_footer, "left")):
        assert not footer.is_linked_to_previous
        p = footer.paragraphs[0]
        instructions = "".join(t.text or "" for t in p._p.iter(f"{W}instrText"))
        assert instructions.split() == ["PAGE"]
        texts = [t.text for t in p._p.iter(f"{W}t")]
        assert texts[0].strip() == "—" and texts[-1].strip() == "—"
        for r in p.runs:
            assert _east_asia(r._r) == "宋体" and _size(r._r) == 14
        sides[side] = p.alignment
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    assert sides == {"right": WD_ALIGN_PARAGRAPH.RIGHT, "left": WD_ALIGN_PARAGRAPH.LEFT}


def test_docx_fonts_and_sizes():
    """Read back as Word would resolve them: title 方正小标宋简体 二号 centred; body 仿宋_GB2312 三号,
    fixed lines of 28–29 pt, first lines indented two characters; “一、” 黑体 三号 and “（一）”
    楷体_GB2312 三号, in Word's heading styles (outline levels 0 and 1), their numbers typed."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING

    document = _word()
    paragraphs = document.paragraphs
    title, opening = paragraphs[0], paragraphs[1]
    assert title.style.name == "Title"
    assert title.text.replace("\n", "") == f"{GOVERNMENT}2024年政府信息公开工作年度报告"
    assert title.text.split("\n") == [GOVERNMENT, "2024年政府信息公开工作年度报告"]  # the agency on a line of its own
    assert _effective(document, title, _east_asia) == "方正小标宋简体"
    assert _effective(document, title, _size) == 22
    assert _style_value(title.style, lambda e: e.find(f"{W}pPr/{W}jc")).get(f"{W}val") == "center"

    assert opening.text.startswith("本报告根据") and opening.style.name == "Normal"
    assert _effective(document, opening, _east_asia) == "仿宋_GB2312"
    assert _effective(document, opening, _latin)  # Latin letters and digits have a font of their own
    assert _effective(document, opening, _size) == 16
    fmt = opening.style.paragraph_format
    assert fmt.line_spacing_rule == WD_LINE_SPACING.EXACTLY and 28 <= fmt.line_spacing.pt <= 29
    ind = _ppr(opening.style, "ind")
    assert ind.get(f"{W}firstLineChars") == "200" and int(ind.get(f"{W}firstLine")) == 2 * 16 * 20
    assert opening.paragraph_format.first_line_indent is None  # not undone by the paragraph
    assert fmt.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY

    for level, font, first in ((1, "黑体", "一、总体情况"), (2, "楷体_GB2312", "（一）主动公开")):
        headings = [p for p in paragraphs if p.style.name == f"Heading {level}"]
        assert headings and headings[0].text == first
        outline = _ppr(headings[0].style, "outlineLvl")
        assert outline is not None and outline.get(f"{W}val") == str(level - 1)  # the navigation pane
        for p in headings:
            assert _effective(document, p, _east_asia) == font, p.text
            assert _effective(document, p, _size) == 16
            assert not _effective(document, p, _bold)
            assert _ppr(p.style, "numPr") is None and p._p.find(f"{W}pPr/{W}numPr") is None  # typed numbers
    assert [p.text for p in paragraphs if p.style.name == "Heading 2"] == [
        "（一）主动公开", "（二）依申请公开", "（三）政府信息管理", "（四）政府信息公开平台建设", "（五）监督保障"]
    # no colours left over from python-docx's template
    for p in paragraphs:
        color = _effective(document, p, lambda e: e.find(f"{W}rPr/{W}color"))
        assert color is None or color.get(f"{W}val") in ("000000", "auto"), p.text


def test_docx_names_stand_ins_for_missing_fonts():
    """仿宋_GB2312 → 仿宋 → FangSong …: the font table names a stand-in for each Chinese font."""
    from lxml import etree

    document = _word()
    part = next(p for p in document.part.package.iter_parts() if p.partname == "/word/fontTable.xml")
    fonts = {f.get(f"{W}name"): f for f in etree.fromstring(part.blob).findall(f"{W}font")}

    def alt(name):
        element = fonts[name].find(f"{W}altName")
        return None if element is None else element.get(f"{W}val")

    assert alt("仿宋_GB2312") == "仿宋" and alt("仿宋") == "FangSong"
    assert alt("楷体_GB2312") == "楷体" and alt("黑体") == "SimHei" and alt("方正小标宋简体")
    for name in ("仿宋_GB2312", "黑体", "楷体_GB2312", "方正小标宋简体", "宋体"):
        assert fonts[name].find(f"{W}charset").get(f"{W}val") == "86"  # GB2312: a Chinese font stands in


def _grid(table):
    return [int(g.get(f"{W}w")) for g in table._tbl.tblGrid.findall(f"{W}gridCol")]


def _required_tables(pack_name):
    return [t for t in load_pack(pack_name).tables if t.required]


@pytest.mark.parametrize("pack_name,year,agency", CASES, ids=[f"{p}-{y}" for p, y, _ in CASES])
def test_docx_tables_fit_the_text_width(pack_name, year, agency):
    """Fixed column widths adding up to no more than the 156 mm text width, the same in every row;
    text in 五号–小四; every label of up to eighteen characters on one line."""
    document = _word(pack_name, year, agency)
    assert len(document.tables) == len(_required_tables(pack_name))
    for table in document.tables:
        grid = _grid(table)
        assert sum(grid) <= TEXT_WIDTH_TWIPS
        assert table._tbl.tblPr.find(f"{W}tblLayout").get(f"{W}type") == "fixed"
        for tr in table._tbl.tr_lst:
            widths = [int(tc.tcPr.find(f"{W}tcW").get(f"{W}w")) for tc in tr.tc_lst]
            assert sum(widths) == sum(grid)
        margins = table._tbl.tblPr.find(f"{W}tblCellMar")
        pad = sum(int(margins.find(f"{W}{side}").get(f"{W}w")) for side in ("left", "right"))
        sizes = set()
        for row in table.rows:
            for cell in row.cells:
                for p in cell.paragraphs:
                    size = _effective(document, p, _size)
                    assert 10.5 <= size <= 12, (p.text, size)
                    assert p.paragraph_format.first_line_indent is None
                    sizes.add(size)
        (size,) = sizes
        texts = [[c.text for c in row.cells] for row in table.rows]
        if any(row[0] not in ("", "—") and "—" in row[1:] for row in texts):  # a column of row labels
            labels = [row.cells[0].text for row in table.rows if row.cells[0]._tc is not row.cells[-1]._tc]
            room = grid[0] - pad
            for label in labels:
                ems = sum(0.5 if ch.isascii() else 1 for ch in label)
                if ems <= 18:
                    assert ems * size * 20 <= room, label


@pytest.mark.parametrize("pack_name,year,agency", CASES, ids=[f"{p}-{y}" for p, y, _ in CASES])
def test_docx_table_heads_repeat_on_every_page(pack_name, year, agency):
    """The rows heading the whole table are repeated after a page break (w:tblHeader), the rows
    below them are not; no row is split over two pages; a table printed in blocks with heads of
    their own (table 1) is kept on one page instead."""
    document = _word(pack_name, year, agency)
    for table in document.tables:
        rows = table._tbl.tr_lst
        head = [tr.trPr is not None and tr.trPr.find(f"{W}tblHeader") is not None for tr in rows]
        assert all(tr.trPr.find(f"{W}cantSplit") is not None for tr in rows)
        texts = [[c.text for c in row.cells] for row in table.rows]
        if texts[0][0].startswith("第二十条"):  # in blocks
            assert not any(head)
            for tr in rows[:-1]:
                for p in tr.iter(f"{W}p"):
                    assert p.find(f"{W}pPr/{W}keepNext") is not None
            continue
        n = head.index(False)
        assert n >= 1 and not any(head[n:])  # the heads first, nothing after them
        assert "—" not in texts[n - 1] and "—" in texts[n] + texts[-1]  # the heads are labels, values follow


@pytest.mark.parametrize("pack_name,year,agency", CASES, ids=[f"{p}-{y}" for p, y, _ in CASES])
def test_docx_tables_have_every_row_and_column_label(pack_name, year, agency):
    document = _word(pack_name, year, agency)
    cells = [{c.text for row in t.rows for c in row.cells} for t in document.tables]
    first_column = [[row.cells[0].text for row in t.rows] for t in document.tables]
    for spec in _required_tables(pack_name):
        rows = [r.label for r in spec.rows if r.label]
        columns = [c.label for c in spec.columns]
        found = [i for i, t in enumerate(cells) if set(rows) <= set(first_column[i]) and set(columns) <= t]
        assert len(found) == 1, spec.id
        labels = first_column[found[0]]
        assert [l for l in labels if l in rows] == [l for l in rows]  # in the pack's order, each once
        for hint in spec.row_hints:  # the block headers the pack names (第二十条第（一）项 …)
            m = re.fullmatch(r"第二十条第\((.)\)项", hint)
            if m:
                assert f"第二十条第（{m.group(1)}）项" in labels, hint


def test_docx_table_1_is_printed_in_the_blocks_of_article_20():
    """2021 table 1 as the format prints it (format-2021.md §4): a block per 第二十条 item, its
    header over the whole width, then 信息内容 and the block's columns, then its rows."""
    table = _word().tables[0]
    assert [row.cells[0].text for row in table.rows] == [
        "第二十条第（一）项", "信息内容", "规章", "行政规范性文件",
        "第二十条第（五）项", "信息内容", "行政许可",
        "第二十条第（六）项", "信息内容", "行政处罚", "行政强制",
        "第二十条第（八）项", "信息内容", "行政事业性收费"]
    block = table.rows[0].cells
    assert block[0]._tc is block[-1]._tc  # one cell over the width
    assert [c.text for c in table.rows[1].cells] == ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]
    fee = table.rows[13].cells
    assert fee[1]._tc is fee[-1]._tc and fee[1].text == "—"  # a narrower block's value fills its row
    old = _word("gov-2019", 2019, GOVERNMENT).tables[0]
    assert [row.cells[0].text for row in old.rows if row.cells[0].text.startswith("第二十条")] == [
        "第二十条第（一）项", "第二十条第（五）项", "第二十条第（六）项", "第二十条第（八）项", "第二十条第（九）项"]
    # the Markdown draft has the same rows
    text = skeleton("gov-2021", 2024, GOVERNMENT)
    assert "| 第二十条第（五）项 |  |  |  |\n| 信息内容 | 本年处理决定数量 |  |  |\n| 行政许可 | — |  |  |" in text


def test_rows_to_fill_in_and_subtotals():
    """2021 table 2: （六）其他处理's three rows are rows of the form, to fill in (“—”); the group
    rows and the optional subtotals （三）（四）（五）（六） stay blank."""
    table = _word().tables[1]
    values = {row.cells[0].text: [c.text for c in row.cells[1:]] for row in table.rows}
    assert values["3.其他"] == ["—"] * 7
    assert values["1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"] == ["—"] * 7
    for group in ("三、本年度办理结果", "（三）不予公开", "（四）无法提供", "（五）不予处理", "（六）其他处理"):
        assert values[group] == [""] * 7, group
    review = _word().tables[2]  # 行政诉讼 over its two kinds, as the form prints table 3
    assert [c.text for c in review.rows[1].cells][5:11] == ["未经复议直接起诉"] * 5 + ["复议后起诉"]
    assert review.rows[0].cells[5]._tc is review.rows[0].cells[14]._tc and review.rows[0].cells[5].text == "行政诉讼"
    assert review.rows[1].cells[0].text == "行政复议"  # merged down over both caption rows


def test_themes_of_the_overview_are_sub_headings():
    """The 2021 format lists five themes for 总体情况: “（一）主动公开” … under 一、 (Markdown ###);
    formats that list none get none."""
    text = skeleton("gov-2021", 2024, DEPARTMENT)
    lines = text.splitlines()
    subs = [l for l in lines if l.startswith("### ")]
    assert subs == ["### （一）主动公开", "### （二）依申请公开", "### （三）政府信息管理", "### （四）政府信息公开平台建设",
                    "### （五）监督保障"]
    assert lines.index("## 一、总体情况") < lines.index(subs[0]) < lines.index(subs[-1]) < lines.index("## 二、主动公开政府信息情况")
    for pack_name, year, agency in CASES[2:]:
        assert "\n### " not in skeleton(pack_name, year, agency)


def _pdf(tmp_path, pack_name, year, agency):
    """The draft as LibreOffice prints it."""
    import subprocess

    pypdf = pytest.importorskip("pypdf")
    docx_path = tmp_path / f"{pack_name}.docx"
    write_skeleton(str(docx_path), pack_name, year, agency)
    subprocess.run(["soffice", "--headless", "--norestore", f"-env:UserInstallation=file://{tmp_path}/lo",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(docx_path)],
                   check=True, timeout=240, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return pypdf.PdfReader(str(tmp_path / f"{pack_name}.pdf"))


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice is not installed")
@pytest.mark.parametrize("pack_name,year,agency,pages", [("gov-2021", 2024, GOVERNMENT, (3, 6)),
                                                          ("gov-2014", 2016, DEPARTMENT, (3, 6))])
def test_libreoffice_prints_the_draft(tmp_path, pack_name, year, agency, pages):
    """LibreOffice opens the draft and prints it on A4 pages, each numbered “— n —”; the table of
    the 2014 format runs over pages, its head printed again on each."""
    pdf = _pdf(tmp_path, pack_name, year, agency)
    assert pages[0] <= len(pdf.pages) <= pages[1]
    texts = [page.extract_text() for page in pdf.pages]
    for n, (page, text) in enumerate(zip(pdf.pages, texts), start=1):
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert abs(width - 595.3) < 1 and abs(height - 841.9) < 1  # A4 in points
        assert text.strip().endswith(f"— {n} —"), text[-40:]
    assert texts[0].startswith(agency)
    assert "【请填写】年【请填写】月【请填写】日" in texts[-1]
    lines = [line.strip() for text in texts for line in text.splitlines()]
    if pack_name == "gov-2021":
        assert "5.要求行政机关确认或重新出具已获取信息 — — — — — — —" in lines  # a long label on one line
    else:
        with_rows = [text for text in texts if " 件 —" in text]
        assert len(with_rows) >= 2 and all("统计指标 单位 统计数" in text for text in with_rows)
