"""``govlint init``: a draft of an annual report that follows a rule pack.

The skeleton has everything the pack requires in place — the title, an opening paragraph (legal
basis, statistics period, contact), every section heading in the pack's order, the content each
section must mention, the pack's tables with all their row and column labels, and a signature —
with the facts left as placeholders (“【请填写】”) that the pack's own ``placeholders`` patterns
report. Linted as it is, a skeleton gives only ``unfilled-placeholder`` findings: once those are
filled in, the draft is structurally complete.

The value cells of the tables hold “—”: a value that is “not reported”, so no relation is checked
and no value is invalid, yet every row is read as complete. (Blank cells would not do: a Word row
loses its trailing blank cells, and the row of the 2019/2021 table 3, which has no label, is found
by its values alone.) Rows the format prints without numbers (group rows, the optional subtotals)
stay blank. A placeholder note above every table asks for the numbers.

Everything comes from the pack (titles, labels, the period sentence, the contact sentence, the
themes a section's format text lists); only the sentence frames are written here, and the items of
《条例》第二十条 by which table 1 of 2019/2021 is printed in blocks.

The Word file is a 公文 page (GB/T 9704—2012): A4 with margins 37/35/28/26 mm, body 仿宋_GB2312 三号
on fixed 28.95 pt lines with two-character first-line indents, the title 方正小标宋简体 二号, “一、”
headings 黑体 and “（一）” headings 楷体_GB2312 (Word's heading styles, so the navigation pane shows
the outline; their numbers are typed), page numbers “— 1 —” in 宋体 四号, and tables at the text
width in 五号 with fixed column widths, their heads repeated on every page.
"""

from __future__ import annotations

import datetime
import io
import itertools
import os
import re
from dataclasses import dataclass, field

from govlint import rx
from govlint.errors import GovlintError, Text
from govlint.facts import agency_kind_from_name
from govlint.normalize import norm, to_chinese_numeral
from govlint.packs.loader import available_packs, load_pack
from govlint.packs.model import Pack, TableSpec

FORMATS = ("md", "docx")

# Placeholders; each is matched by the packs' pattern “【(请|待)?(填写|…)…】” (unfilled-placeholder).
FILL = "【请填写】"
FILL_SECTION = "【请填写本部分内容】"
FILL_TABLE = "【请填写下表各栏数字，没有发生的填0】"
# The phone field of a contact counts only with digits in it (a bare “电话：【请填写】” would be an
# incomplete contact as well as a placeholder): the hint carries an obviously fake example number.
FILL_PHONE = "【请填写，格式如0000-0000000】"
FILL_DATE = "【请填写】年【请填写】月【请填写】日"
NOT_REPORTED = "—"  # a value cell to fill in: “not reported”, yet a value the table reader counts

_REGULATION = "《中华人民共和国政府信息公开条例》"
_DOC_NUMBER = rx.compile(r"《[^》]+》[（(][^（）()]*?〔\d{4}〕\d+号[）)]")
_CONTACT_FIELD = rx.compile(r"([^（(；;，,：:]+)[：:]……")
_DEFAULT_CONTACT = "如对本报告有疑问，请与{agency}联系（地址：……；邮编：……；电话：……；电子邮箱：……）。"
_DEFAULT_PERIOD = "本报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。"


# --------------------------------------------------------------------------- content model


@dataclass
class Table:
    rows: list[list[str]]  # every row as wide as the table
    # cells merged in Word, as rectangles (first row, first col, last row, last col); Markdown
    # leaves the covered cells blank
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)
    head: int = 1  # the rows at the top that label every row below (repeated on every page in Word)
    headers: set[int] = field(default_factory=set)  # rows of labels (column labels, captions, block headers)
    labelled: bool = True  # the first column holds the rows' labels (not so in 2019/2021 table 3)

    @property
    def width(self) -> int:
        return len(self.rows[0]) if self.rows else 0

    def merge(self, r0: int, c0: int, r1: int, c1: int) -> None:
        if (r1, c1) != (r0, c0):
            self.merged.append((r0, c0, r1, c1))


@dataclass
class Block:
    kind: str  # "title" | "heading" | "para" | "table" | "signature" (the agency, the date)
    text: str = ""
    table: Table | None = None
    level: int = 1  # a heading's: 1 “一、”, 2 “（一）”


def _fmt_for(output: str, fmt: str | None) -> str:
    if fmt is not None:
        if fmt not in FORMATS:
            raise GovlintError(_unsupported(fmt))
        return fmt
    return "docx" if output.lower().endswith(".docx") else "md"


def _unsupported(fmt: str) -> Text:
    return Text(f"不支持的格式“{fmt}”：只能生成 md 或 docx", f"unsupported format “{fmt}”: only md or docx")


def _exists(output: str) -> Text:
    return Text(f"{output}: 文件已存在，不会覆盖；请换一个文件名或先删除它",
                f"{output}: the file exists and is not overwritten; choose another name or delete it first")


def _load(pack_name: str) -> Pack:
    try:
        return load_pack(pack_name)
    except GovlintError as exc:
        if not os.path.exists(pack_name) and not pack_name.endswith((".yaml", ".yml")):
            names = available_packs()
            raise GovlintError(Text(f"未知的规则包“{pack_name}”（可用：{'、'.join(names) or '无'}）",
                                    f"unknown rule pack “{pack_name}” (there are: {', '.join(names) or 'none'})")) from None
        raise GovlintError(Text(str(exc), exc.said("en"))) from None  # a malformed pack file: file, line and reason


# --------------------------------------------------------------------------- the text


def _basis_sentence(pack: Pack) -> str:
    """“本报告根据《条例》和《…通知》（国办公开办函〔2021〕30号）编制，由……六个部分组成。”"""
    regulation = _REGULATION
    notice = None
    for entry in pack.basis:
        if "条例" in entry.split("》")[0]:
            m = re.match(r"《[^》]+》", entry)
            regulation = m.group(0) if m else regulation
            continue
        m = _DOC_NUMBER.search(entry)
        if m and notice is None:
            notice = m.group(0)
    cited = f"{regulation}（以下简称《条例》）" + (f"和{notice}" if notice else "")
    titles = "、".join(s.title for s in pack.sections)
    count = to_chinese_numeral(len(pack.sections))
    return f"本报告根据{cited}编制，由{titles}{count}个部分组成。"


def _period_sentence(pack: Pack, year: int) -> str:
    spec = pack.statistics_period
    template = spec.canonical if spec is not None and spec.canonical else _DEFAULT_PERIOD
    return template.format(year=year)


def _contact_sentence(pack: Pack, agency: str) -> str:
    spec = pack.contact
    template = spec.canonical if spec is not None and spec.canonical and "……" in spec.canonical else _DEFAULT_CONTACT

    def fill(m: re.Match) -> str:
        label = m.group(1)
        return f"{label}：{FILL_PHONE if '电话' in label else FILL}"

    return _CONTACT_FIELD.sub(fill, template.format(agency=agency)).replace("……", FILL)


def _mention_placeholder(mention) -> str:
    """A placeholder naming content a section must report, worded so that the mention's pattern
    finds it (e.g. 【请填写收取信息处理费的情况（没有发生的也要写明）】)."""
    text = mention.description
    if not mention.pattern.search(norm(text)):
        # the description does not say the words the check looks for: add a literal alternative
        literal = next((alt for alt in mention.pattern.pattern.split("|") if alt and re.escape(alt) == alt), None)
        if literal:
            text = f"{text}（{literal}）"
    return f"【请填写{text}（没有发生的也要写明）】"


# the format's own list of what a section covers, closing the section's basis:
# “…年度报告格式》（一）总体情况：主动公开、依申请公开、政府信息管理、政府信息公开平台建设、监督保障”
_THEMES = rx.compile(r"[：:]((?:[^\W\d_A-Za-z]{2,14}、){2,}[^\W\d_A-Za-z]{2,14})$")


def _themes(section) -> list[str]:
    """The themes the format lists for a section (2021: the five of 总体情况), each a sub-heading
    “（一）主动公开” of the draft, as reports conventionally write them; none for most sections."""
    m = _THEMES.search(section.basis or "")
    return m.group(1).split("、") if m else []


def _applies(mention, kind: str | None) -> bool:
    return not mention.only_for or mention.only_for == kind


# --------------------------------------------------------------------------- tables


def _column_groups(spec: TableSpec) -> list[str] | None:
    """Group captions over columns whose labels repeat (2019/2021 table 3: 结果维持 … three
    times), taken from the pack's column relations: “行政复议：总计 = …” covers the five
    行政复议 columns. None when the labels are distinct or the relations do not cover them."""
    labels = [c.label for c in spec.columns]
    if len(set(labels)) == len(labels):
        return None
    ids = [c.id for c in spec.columns]
    captions = [""] * len(ids)
    covered = [False] * len(ids)
    for ident in spec.identities:
        if ident.kind != "columns":
            continue
        members = [c for c in [ident.total, *ident.parts, *ident.left, *ident.right] if c in ids]
        if not members:
            continue
        positions = sorted(ids.index(c) for c in members)
        if positions != list(range(positions[0], positions[-1] + 1)) or any(covered[p] for p in positions):
            continue
        caption = re.split(r"[：:]", ident.name, maxsplit=1)[0].strip()
        captions[positions[0]] = caption
        for p in positions:
            covered[p] = True
    return captions if all(covered) else None


# “行政诉讼（未经复议直接起诉）”: a caption with a qualifier, printed by the form as two levels
_QUALIFIED = rx.compile(r"^(.+?)[（(]([^（）()]+)[）)]$")


def _caption_rows(table: Table, captions: list[str]) -> None:
    """Append the caption rows over the columns to ``table``: one row of captions, or two where
    captions share a word and differ by a qualifier (行政诉讼 over 未经复议直接起诉 | 复议后起诉,
    as the form prints table 3), with the captions merged over their columns."""
    width = len(captions)
    starts = [i for i, c in enumerate(captions) if c] + [width]
    spans = [(a, b - 1, captions[a]) for a, b in itertools.pairwise(starts)]
    split = []
    for a, z, caption in spans:
        m = _QUALIFIED.match(caption)
        split.append((a, z, m.group(1), m.group(2)) if m else (a, z, caption, None))
    outers = [outer for _, _, outer, _ in split]
    two_levels = any(inner for *_, inner in split) and any(x == y for x, y in itertools.pairwise(outers))
    top = len(table.rows)
    if not two_levels:
        table.rows.append(list(captions))
        for a, z, _ in spans:
            table.merge(top, a, top, z)
        table.headers.add(top)
        return
    upper, lower = [""] * width, [""] * width
    i = 0
    while i < len(split):  # consecutive captions with the same word share its cell
        j = i
        while j + 1 < len(split) and split[j + 1][2] == split[i][2] and split[i][3] and split[j + 1][3]:
            j += 1
        a, z = split[i][0], split[j][1]
        upper[a] = split[i][2]
        if split[i][3] is None:  # no qualifier: the caption fills both rows
            table.merge(top, a, top + 1, z)
        else:
            table.merge(top, a, top, z)
            for a2, z2, _, inner in split[i:j + 1]:
                lower[a2] = inner
                table.merge(top + 1, a2, top + 1, z2)
        i = j + 1
    table.rows += [upper, lower]
    table.headers |= {top, top + 1}


def _cell(row, subtotals: set[str]) -> str:
    """The value cell of a row: “—” to fill in; blank where the format prints no number (a group
    row) or the number is an optional subtotal (the rows （三）不予公开 … of table 2, which are the
    total of their items). An optional row that is no subtotal (2021 table 2's （六） 1–3, which
    older tables do not print) is still a row of the form to fill in."""
    if not row.values or (not row.required and row.id in subtotals):
        return ""
    return NOT_REPORTED


# 《条例》（2019年修订）第二十条: the items the 2019/2021 table 1 is printed by, in blocks headed
# “第二十条第（一）项” …; each item names the content of its rows (规章, 行政许可 …). The pack names
# the blocks (its row_hints); the rows go to the item whose words name them.
_ARTICLE_20 = {
    "一": "行政法规、规章和规范性文件",
    "五": "办理行政许可和其他对外管理服务事项的依据、条件、程序以及办理结果",
    "六": "实施行政处罚、行政强制的依据、条件、程序以及本行政机关认为具有一定社会影响的行政处罚决定",
    "八": "行政事业性收费项目及其依据、标准",
    "九": "政府集中采购项目的目录、标准及实施情况",
}
_ITEM_HINT = rx.compile(r"^第二十条第[（(]([一二三四五六七八九十]+)[）)]项$")


def _article_blocks(spec: TableSpec) -> list[tuple[str, list]] | None:
    """The rows of table 1 by the 第二十条 item they report (in the pack's row order), with the
    block header the form prints over them; None for a table that is not printed so."""
    items = [m.group(1) for m in map(_ITEM_HINT.match, spec.row_hints) if m and m.group(1) in _ARTICLE_20]
    if not items:
        return None
    blocks: list[tuple[str, list]] = []
    for r in spec.rows:
        names = [norm(n) for n in (r.label, *r.aliases) if n]
        item = next((i for i in items if any(n in norm(_ARTICLE_20[i]) for n in names)), None)
        if item is None:
            return None
        header = f"第二十条第（{item}）项"
        if blocks and blocks[-1][0] == header:
            blocks[-1][1].append(r)
        elif any(h == header for h, _ in blocks):
            return None  # the item's rows are not together
        else:
            blocks.append((header, [r]))
    return blocks


def _table(spec: TableSpec) -> Table:
    """The pack's table with every row and column label and empty value cells."""
    subtotals = {i.total for i in spec.identities if i.kind == "rows" and i.total}
    if not spec.columns:  # one value per row (the 2014 统计表): 统计指标 | 单位 | 统计数
        table = Table([["统计指标", "单位", "统计数"]], headers={0})
        for r in spec.rows:
            if not r.values:  # a group row: “—” in both columns, as the form prints it
                table.rows.append([r.label or "", NOT_REPORTED, NOT_REPORTED])
            else:
                table.rows.append([r.label or "", r.unit or "", _cell(r, subtotals)])
        return table

    col_label = {c.id: c.label for c in spec.columns}
    all_cols = [c.id for c in spec.columns]
    labelled = any(r.label for r in spec.rows)
    if not labelled:  # rows of values only (2019/2021 table 3): the column labels, then the values
        table = Table([], labelled=False)
        captions = _column_groups(spec)
        if captions is not None:
            _caption_rows(table, captions)
        table.headers.add(len(table.rows))
        table.rows.append([col_label[c] for c in all_cols])
        table.head = len(table.rows)
        for r in spec.rows:
            cols = r.columns or all_cols
            table.rows.append([_cell(r, subtotals) if c in cols else "" for c in all_cols])
        return table

    # Blocks of rows, each under its own header row: by the 第二十条 item they report (2019/2021
    # table 1, as the form prints it), else by their columns (rows with the same columns together).
    articles = _article_blocks(spec)
    blocks: list[tuple[str | None, list[str], list]] = []
    for header, members in articles or [(None, spec.rows)]:
        first = len(blocks)
        for r in members:
            cols = list(r.columns) if r.columns else all_cols
            if len(blocks) > first and blocks[-1][1] == cols:
                blocks[-1][2].append(r)
            else:
                blocks.append((header if len(blocks) == first else None, cols, [r]))
    width = 1 + max(len(cols) for _, cols, _ in blocks)
    corner = "信息内容" if len(blocks) > 1 or articles else ""
    table = Table([], head=0 if len(blocks) > 1 or articles else 1)
    for header, cols, members in blocks:
        if header:  # “第二十条第（一）项” over the whole width
            n = len(table.rows)
            table.rows.append([header] + [""] * (width - 1))
            table.merge(n, 0, n, width - 1)
            table.headers.add(n)
        table.headers.add(len(table.rows))
        lines = [(corner, [col_label[c] for c in cols])] + [(r.label or "", [_cell(r, subtotals)] * len(cols))
                                                           for r in members]
        for label, cells in lines:
            n = len(table.rows)
            table.rows.append([label] + cells + [""] * (width - 1 - len(cells)))
            table.merge(n, len(cells), n, width - 1)  # a narrower block: its last cell fills the row
    return table


# --------------------------------------------------------------------------- skeleton


def _blocks(pack: Pack, year: int, agency: str) -> list[Block]:
    kind = agency_kind_from_name(agency)
    out = [Block("title", f"{agency}{year}年政府信息公开工作年度报告")]
    opening = _basis_sentence(pack) + _period_sentence(pack, year) + _contact_sentence(pack, agency)
    out.append(Block("para", opening))
    tables = [t for t in pack.tables if t.required]  # a local annex some reports attach is no part of the format
    numbered_tables = [t for t in tables if t.find_title]
    for s in pack.sections:
        out.append(Block("heading", f"{to_chinese_numeral(s.number)}、{s.title}"))
        themes = _themes(s)
        if not themes:
            out.append(Block("para", FILL_SECTION))
        for n, theme in enumerate(themes, start=1):
            out.append(Block("heading", f"（{to_chinese_numeral(n)}）{theme}", level=2))
            out.append(Block("para", FILL_SECTION))
        for mention in s.mentions:
            if _applies(mention, kind):
                out.append(Block("para", _mention_placeholder(mention)))
        for spec in tables:
            if spec.section != s.number:
                continue
            if spec.find_title:  # the table is found by its name: name it, as an appendix does
                n = numbered_tables.index(spec) + 1
                prefix = "附表：" if len(numbered_tables) == 1 else f"附表{n}："
                out.append(Block("para", prefix + spec.title))
            out.append(Block("para", FILL_TABLE))
            out.append(Block("table", table=_table(spec)))
    # tables without a section of their own go at the end, as appendices
    homeless = [t for t in tables if t.section is None or t.section not in {s.number for s in pack.sections}]
    for spec in homeless:
        out.append(Block("para", f"附表：{spec.title}"))
        out.append(Block("para", FILL_TABLE))
        out.append(Block("table", table=_table(spec)))
    out.append(Block("signature", agency))
    out.append(Block("signature", FILL_DATE))
    return out


def _markdown(blocks: list[Block]) -> str:
    parts = []
    for b in blocks:
        if b.kind == "title":
            parts.append(f"# {b.text}")
        elif b.kind == "heading":
            parts.append(f"{'#' * (b.level + 1)} {b.text}")
        elif b.kind in ("para", "signature"):
            parts.append(b.text)
        else:
            t = b.table
            lines = []
            for i, row in enumerate(t.rows):
                lines.append("| " + " | ".join(cell.replace("|", "｜") for cell in row) + " |")
                if i == 0:
                    lines.append("| " + " | ".join("---" for _ in row) + " |")
            parts.append("\n".join(lines))
    return "\n\n".join(parts) + "\n"


# --------------------------------------------------------------------------- Word (GB/T 9704—2012)

# Fonts of a 公文 page. A font missing on the reader's machine cannot be embedded: the font table
# names a stand-in for each (Word's altName: 仿宋_GB2312 → 仿宋 → FangSong …), Latin letters and
# digits are set in Times New Roman (on every machine), and the East Asian language is zh-CN, by
# which LibreOffice and fontconfig pick a Chinese font of the same kind.
_FANGSONG, _HEITI, _KAITI, _XIAOBIAOSONG, _SONG = "仿宋_GB2312", "黑体", "楷体_GB2312", "方正小标宋简体", "宋体"
_LATIN = "Times New Roman"
_STAND_INS = [  # (font, stand-in, panose, family, pitch): a missing font falls back along the chain
    ("仿宋_GB2312", "仿宋", "02010609030101010101", "modern", "fixed"),
    ("仿宋", "FangSong", "02010609060101010101", "modern", "fixed"),
    ("楷体_GB2312", "楷体", "02010609030101010101", "modern", "fixed"),
    ("楷体", "KaiTi", "02010609060101010101", "modern", "fixed"),
    ("黑体", "SimHei", "02010609060101010101", "modern", "fixed"),
    ("方正小标宋简体", "宋体", "02000000000000000000", "auto", "variable"),
    ("宋体", "SimSun", "02010600030101010101", "auto", "variable"),
]
# sizes (pt): 二号, 三号, 四号, 五号
_SIZE_TITLE, _SIZE_BODY, _SIZE_PAGE_NUMBER, _SIZE_TABLE = 22, 16, 14, 10.5
_LINE = 579  # fixed line pitch (twips, 28.95 pt): 22 lines on the 225 mm of a page's text block
_TABLE_LINE = 300  # 15 pt in the tables
# the A4 page and its margins (mm): 天头 37, 订口 28; the text block is 156 × 225 mm
_PAGE_MM = (210, 297)
_MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}
TEXT_WIDTH_MM = _PAGE_MM[0] - _MARGINS_MM["left"] - _MARGINS_MM["right"]
_TWIPS_PER_MM = 1440 / 25.4
_CELL_MARGIN = 57  # twips (1 mm) left and right in a table cell
_ROW_HEIGHT = 340  # twips (6 mm): the least height of a table row
_TABLE_STYLE = "表格文字"


def _em(text: str) -> float:
    """The width of ``text`` in ems: a Chinese character 1, a Latin letter or digit ½."""
    return sum(0.5 if ch.isascii() else 1 for ch in text)


def _run_properties(east: str, latin: str, size: float) -> str:
    half_points = round(size * 2)
    # never bold (公文 headings are set apart by their font), black, the East Asian language zh-CN
    return (f'<w:rPr><w:rFonts w:ascii="{latin}" w:hAnsi="{latin}" w:eastAsia="{east}" w:cs="{latin}" w:hint="eastAsia"/>'
            f'<w:b w:val="0"/><w:bCs w:val="0"/><w:color w:val="000000"/><w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/>'
            '<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr>')


def _paragraph_properties(*, size: float, jc: str = "both", indent: bool = True, line: int = _LINE,
                          after: int = 0, keep: bool = False, outline: int | None = None) -> str:
    keep_xml = "<w:keepNext/><w:keepLines/>" if keep else ""
    first = round(2 * size * 20) if indent else 0
    ind = f'<w:ind w:firstLineChars="{200 if indent else 0}" w:firstLine="{first}"/>'
    outline_xml = f'<w:outlineLvl w:val="{outline}"/>' if outline is not None else ""
    return (f'<w:pPr>{keep_xml}<w:spacing w:before="0" w:after="{after}" w:line="{line}" w:lineRule="exact"/>'
            f'{ind}<w:jc w:val="{jc}"/>{outline_xml}</w:pPr>')


def _restyle(style, ppr: str | None, rpr: str) -> None:
    """Replace a style's paragraph and run properties (a template's colours, borders and theme
    fonts go) by the given ones; a character style (``ppr`` None) has run properties only."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls, qn

    element = style.element
    for tag in ("w:pPr", "w:rPr"):
        for old in element.findall(qn(tag)):
            element.remove(old)
    if ppr is not None:
        element.append(parse_xml(ppr.replace("<w:pPr>", f"<w:pPr {nsdecls('w')}>", 1)))
    element.append(parse_xml(rpr.replace("<w:rPr>", f"<w:rPr {nsdecls('w')}>", 1)))


def _styles(document) -> None:
    """Body 仿宋_GB2312 三号, fixed 28.95 pt lines, first lines indented two characters; the title
    方正小标宋简体 二号 centred; “一、” headings 黑体 三号 (Word's 标题 1), “（一）” headings 楷体_GB2312
    三号 (标题 2): both in the navigation pane, their numbers typed, not Word's numbering."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls, qn

    styles = document.styles
    defaults = styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        styles.element.remove(defaults)
    styles.element.insert(0, parse_xml(
        f"<w:docDefaults {nsdecls('w')}><w:rPrDefault>{_run_properties(_FANGSONG, _LATIN, _SIZE_BODY)}</w:rPrDefault>"
        f'<w:pPrDefault><w:pPr><w:spacing w:after="0"/></w:pPr></w:pPrDefault></w:docDefaults>'))
    _restyle(styles["Normal"], _paragraph_properties(size=_SIZE_BODY), _run_properties(_FANGSONG, _LATIN, _SIZE_BODY))
    for name, east, size, ppr in (
            ("Title", _XIAOBIAOSONG, _SIZE_TITLE,
             _paragraph_properties(size=_SIZE_TITLE, jc="center", indent=False, after=_LINE, keep=True)),
            ("Heading 1", _HEITI, _SIZE_BODY, _paragraph_properties(size=_SIZE_BODY, keep=True, outline=0)),
            ("Heading 2", _KAITI, _SIZE_BODY, _paragraph_properties(size=_SIZE_BODY, keep=True, outline=1))):
        _restyle(styles[name], ppr, _run_properties(east, _LATIN, size))
        linked = f"{name} Char"  # the template's character style linked to it: the same letters
        if linked in [s.name for s in styles]:
            _restyle(styles[linked], None, _run_properties(east, _LATIN, size))
    table_text = styles.add_style(_TABLE_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    table_text.base_style = styles["Normal"]
    _restyle(table_text, _paragraph_properties(size=_SIZE_TABLE, jc="center", indent=False, line=_TABLE_LINE),
             _run_properties(_FANGSONG, _LATIN, _SIZE_TABLE))


def _font_table(document) -> None:
    """Name a stand-in (altName) for each Chinese font of the page in word/fontTable.xml."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls, qn
    from lxml import etree

    part = next((p for p in document.part.package.iter_parts() if p.partname == "/word/fontTable.xml"), None)
    if part is None:  # pragma: no cover - python-docx's template has one
        return
    fonts = etree.fromstring(part.blob)
    for name, alt, panose, family, pitch in _STAND_INS:
        for old in [f for f in fonts.findall(qn("w:font")) if f.get(qn("w:name")) == name]:
            fonts.remove(old)
        fonts.append(parse_xml(
            f'<w:font {nsdecls("w")} w:name="{name}"><w:altName w:val="{alt}"/><w:panose1 w:val="{panose}"/>'
            f'<w:charset w:val="86"/><w:family w:val="{family}"/><w:pitch w:val="{pitch}"/>'
            '<w:sig w:usb0="00000001" w:usb1="080E0000" w:usb2="00000010" w:usb3="00000000" w:csb0="00040000" '
            'w:csb1="00000000"/></w:font>'))
    part._blob = etree.tostring(fonts, xml_declaration=True, encoding="UTF-8", standalone=True)  # a plain part: its bytes


def _page(document) -> None:
    """A4, the GB/T 9704 margins, and page numbers “— 1 —” in 宋体 四号 at the foot: on odd pages
    to the right, on even pages to the left, one character in from the edge of the text."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls
    from docx.shared import Mm

    section = document.sections[0]
    section.page_width, section.page_height = Mm(_PAGE_MM[0]), Mm(_PAGE_MM[1])
    section.top_margin, section.bottom_margin = Mm(_MARGINS_MM["top"]), Mm(_MARGINS_MM["bottom"])
    section.left_margin, section.right_margin = Mm(_MARGINS_MM["left"]), Mm(_MARGINS_MM["right"])
    section.header_distance = Mm(15)
    section.footer_distance = Mm(22)  # the number's dashes 7 mm below the text block
    section.gutter = Mm(0)
    document.settings.odd_and_even_pages_header_footer = True
    run = _run_properties(_SONG, _SONG, _SIZE_PAGE_NUMBER)
    indent = round(_SIZE_PAGE_NUMBER * 20)
    for footer, side in ((section.footer, "right"), (section.even_page_footer, "left")):
        footer.is_linked_to_previous = False
        p = footer.paragraphs[0]._p
        for child in list(p):
            p.remove(child)
        p.append(parse_xml(
            f'<w:pPr {nsdecls("w")}><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>'
            f'<w:ind w:{side}="{indent}" w:firstLine="0" w:firstLineChars="0"/><w:jc w:val="{side}"/></w:pPr>'))
        pieces = ['<w:t xml:space="preserve">— </w:t>', '<w:fldChar w:fldCharType="begin"/>',
                  '<w:instrText xml:space="preserve"> PAGE </w:instrText>', '<w:fldChar w:fldCharType="separate"/>',
                  "<w:t>1</w:t>", '<w:fldChar w:fldCharType="end"/>', '<w:t xml:space="preserve"> —</w:t>']
        for piece in pieces:
            p.append(parse_xml(f'<w:r {nsdecls("w")}>{run}{piece}</w:r>'))


def _column_widths(t: Table, total: int) -> list[int]:
    """Column widths (twips) adding up to ``total``. A value column is as wide as its numbers, at
    least two characters, and its label when that is short (“统计数”; a longer one wraps, as the
    form's do); the label column gets the rest, up to its longest label (labels that do not fit even
    so wrap); whatever is left is shared by the value columns."""
    char = _SIZE_TABLE * 20
    pad = 2 * _CELL_MARGIN + char / 2  # the cell's margins, and half a character to spare (rounding, kerning)
    data = [r for r in range(len(t.rows)) if r not in t.headers]
    labelled = t.labelled and t.width > 1
    widths = []
    for c in range(t.width):
        if c == 0 and labelled:
            widths.append(max([4.0, *(_em(t.rows[r][0]) for r in data)]) * char + pad)
            continue
        short_labels = [_em(t.rows[r][c]) for r in t.headers if _em(t.rows[r][c]) <= 3]
        widths.append(max([2.0, *(_em(t.rows[r][c]) for r in data), *short_labels]) * char + pad)
    first = 1 if labelled else 0
    if labelled:
        widths[0] = max(min(widths[0], total - sum(widths[1:])), 4 * char + pad)
    surplus = total - sum(widths)
    if surplus > 0 and t.width > first:
        widths[first:] = [w + surplus / (t.width - first) for w in widths[first:]]
    elif surplus < 0:  # many columns (table 3's fifteen): all narrower alike, the spare half character goes
        scale = (total - sum(widths[:first])) / sum(widths[first:])
        widths[first:] = [w * scale for w in widths[first:]]
    widths = [int(w) for w in widths]
    widths[-1] -= max(0, sum(widths) - total)
    return widths


def _word_table(document, t: Table) -> None:
    """The table, full text width, column widths fixed, merged cells, its head repeated on every
    page, no row split over two pages; a table in blocks (table 1) kept on one page."""
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls, qn
    from docx.shared import Twips
    from docx.table import _Cell
    from docx.text.paragraph import Paragraph

    total = int(TEXT_WIDTH_MM * _TWIPS_PER_MM)
    widths = _column_widths(t, total)
    table = document.add_table(rows=len(t.rows), cols=t.width)
    try:
        table.style = "Table Grid"
    except (KeyError, ValueError):  # pragma: no cover - a template without the style
        pass
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False  # fixed layout: the widths below hold
    tbl_pr = table._tbl.tblPr
    tbl_w = tbl_pr.find(qn("w:tblW"))
    tbl_w.set(qn("w:w"), str(sum(widths)))
    tbl_w.set(qn("w:type"), "dxa")
    margins = parse_xml(f'<w:tblCellMar {nsdecls("w")}><w:left w:w="{_CELL_MARGIN}" w:type="dxa"/>'
                        f'<w:right w:w="{_CELL_MARGIN}" w:type="dxa"/></w:tblCellMar>')
    look = tbl_pr.find(qn("w:tblLook"))
    if look is not None:
        look.addprevious(margins)
    else:
        tbl_pr.append(margins)
    for c, width in enumerate(widths):
        table.columns[c].width = Twips(width)
    for row in table.rows:
        for c, cell in enumerate(row.cells):
            cell.width = Twips(widths[c])
    for r0, c0, r1, c1 in t.merged:
        table.cell(r0, c0).merge(table.cell(r1, c1))
    covered = {(r, c) for r0, c0, r1, c1 in t.merged for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)
               if (r, c) != (r0, c0)}
    keep_together = t.head == 0
    for r, tr in enumerate(table._tbl.tr_lst):
        tr_pr = tr.get_or_add_trPr()
        tr_pr.append(parse_xml(f'<w:cantSplit {nsdecls("w")}/>'))
        tr_pr.append(parse_xml(f'<w:trHeight {nsdecls("w")} w:val="{_ROW_HEIGHT}" w:hRule="atLeast"/>'))
        if r < t.head:
            tr_pr.append(parse_xml(f'<w:tblHeader {nsdecls("w")}/>'))
        for tc in tr.tc_lst:
            _Cell(tc, table).vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            for p in tc.findall(qn("w:p")):
                paragraph = Paragraph(p, table)
                paragraph.style = document.styles[_TABLE_STYLE]
                if keep_together and r < len(t.rows) - 1:
                    paragraph.paragraph_format.keep_with_next = True
    for r, row in enumerate(t.rows):
        for c, text in enumerate(row):
            if (r, c) in covered or not text:
                continue
            paragraph = table.cell(r, c).paragraphs[0]
            if c == 0 and r not in t.headers and t.rows[r][0]:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT  # a row label
            paragraph.add_run(text)


def _flush(paragraph, *, right: float = 0) -> None:
    """No first-line indent (the style's two characters, given in characters, go too)."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls, qn

    p_pr = paragraph._p.get_or_add_pPr()
    for old in p_pr.findall(qn("w:ind")):
        p_pr.remove(old)
    ind = parse_xml(f'<w:ind {nsdecls("w")} w:right="{round(right * 20)}" w:firstLineChars="0" w:firstLine="0"/>')
    jc = p_pr.find(qn("w:jc"))
    if jc is not None:
        jc.addprevious(ind)
    else:
        p_pr.append(ind)


_YEAR = rx.compile(r"(?:19|20)\d{2}年")


def _docx(blocks: list[Block]) -> bytes:
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    document = docx.Document()
    _styles(document)
    _font_table(document)
    _page(document)
    props = document.core_properties
    props.title = next((b.text for b in blocks if b.kind == "title"), "")
    props.author = props.last_modified_by = ""
    props.comments = "由 govlint init 生成的政府信息公开工作年度报告草稿"
    props.created = props.modified = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
    props.revision = 1
    for i, b in enumerate(blocks):
        if b.kind == "title":
            p = document.add_paragraph(style="Title")
            m = _YEAR.search(b.text)
            if m and m.start() > 0:  # the agency on a line of its own, “2024年政府信息公开工作年度报告” below
                p.add_run(b.text[:m.start()]).add_break()
                p.add_run(b.text[m.start():])
            else:
                p.add_run(b.text)
        elif b.kind == "heading":  # Word's 标题 1 / 标题 2: the navigation pane's outline
            p = document.add_paragraph(b.text, style=f"Heading {b.level}")
        elif b.kind == "signature":  # 右空二字, one blank line above the agency
            p = document.add_paragraph(b.text)
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            _flush(p, right=2 * _SIZE_BODY)
            if blocks[i - 1].kind != "signature":
                p.paragraph_format.space_before = Pt(_LINE / 20)
        elif b.kind == "para":
            p = document.add_paragraph(b.text)
            if i + 1 < len(blocks) and blocks[i + 1].kind == "table":
                p.paragraph_format.keep_with_next = True  # the note stays with its table
        else:
            _word_table(document, b.table)
            continue
        if blocks[i - 1].kind == "table" and p.paragraph_format.space_before is None:
            p.paragraph_format.space_before = Pt(_LINE / 40)  # half a line below a table
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def skeleton(pack_name: str, year: int, agency: str, fmt: str = "md") -> str | bytes:
    """A draft annual report for ``agency`` and report year ``year`` following the pack
    ``pack_name`` (a built-in name or a YAML path): Markdown text (``fmt="md"``) or the bytes of a
    Word file (``fmt="docx"``)."""
    if fmt not in FORMATS:
        raise GovlintError(_unsupported(fmt))
    pack = _load(pack_name)
    agency = (agency or "").strip()
    if not agency:
        raise GovlintError(Text("请用 --agency 给出机关名称", "give the agency's name with --agency"))
    if pack.years and not pack.years[0] <= year <= pack.years[1]:
        raise GovlintError(Text(f"报告年度 {year} 不适用规则包 {pack.id}（{pack.years_label}），请换用适用的规则包或年度",
                                f"the pack {pack.id} is for {pack.years_text('en')}, not the report year {year}: "
                                "choose another pack or year"))
    blocks = _blocks(pack, year, agency)
    return _markdown(blocks) if fmt == "md" else _docx(blocks)


def write_skeleton(output: str, pack_name: str, year: int, agency: str, fmt: str | None = None) -> None:
    """Write :func:`skeleton` to ``output`` (format from ``fmt``, else the extension: .docx → Word,
    anything else Markdown). Never overwrites: an existing ``output`` is an error."""
    fmt = _fmt_for(output, fmt)
    if os.path.lexists(output):
        raise GovlintError(_exists(output))
    content = skeleton(pack_name, year, agency, fmt)  # errors before anything is written
    data = content.encode("utf-8") if isinstance(content, str) else content
    try:
        with open(output, "xb") as fh:  # exclusive: a file created meanwhile is not overwritten
            fh.write(data)
    except FileExistsError:
        raise GovlintError(_exists(output)) from None
    except OSError as exc:
        raise GovlintError(Text(f"{output}: 无法写入：{exc.strerror or exc}",
                                f"{output}: cannot write: {exc.strerror or exc}")) from None
