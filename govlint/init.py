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

Everything comes from the pack (titles, labels, the period sentence, the contact sentence); only
the sentence frames are written here.
"""

from __future__ import annotations

import io
import os
import re
from dataclasses import dataclass, field

from govlint import rx
from govlint.errors import GovlintError
from govlint.normalize import norm, to_chinese_numeral
from govlint.facts import agency_kind_from_name
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
    groups: list[tuple[int, int, int]] = field(default_factory=list)  # (row, first col, last col) merged in Word

    @property
    def width(self) -> int:
        return len(self.rows[0]) if self.rows else 0


@dataclass
class Block:
    kind: str  # "title" | "heading" | "para" | "table"
    text: str = ""
    table: Table | None = None


def _fmt_for(output: str, fmt: str | None) -> str:
    if fmt is not None:
        if fmt not in FORMATS:
            raise GovlintError(f"不支持的格式“{fmt}”：只能生成 md 或 docx")
        return fmt
    return "docx" if output.lower().endswith(".docx") else "md"


def _load(pack_name: str) -> Pack:
    try:
        return load_pack(pack_name)
    except GovlintError as exc:
        if not os.path.exists(pack_name) and not pack_name.endswith((".yaml", ".yml")):
            names = "、".join(available_packs()) or "（无）"
            raise GovlintError(f"未知的规则包“{pack_name}”（可用：{names}）") from None
        raise GovlintError(str(exc)) from None  # a pack file that is malformed: file, line and reason


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


def _cell(row) -> str:
    """The value cell of a row: “—” to fill in; blank where the format prints no number (a group
    row) or the number is optional (the subtotal rows （三）不予公开 … of table 2)."""
    return NOT_REPORTED if row.values and row.required else ""


def _table(spec: TableSpec) -> Table:
    """The pack's table with every row and column label and empty value cells."""
    if not spec.columns:  # one value per row (the 2014 统计表): 统计指标 | 单位 | 统计数
        rows = [["统计指标", "单位", "统计数"]]
        for r in spec.rows:
            if not r.values:  # a group row: “—” in both columns, as the form prints it
                rows.append([r.label or "", NOT_REPORTED, NOT_REPORTED])
            else:
                rows.append([r.label or "", r.unit or "", _cell(r)])
        return Table(rows)

    col_label = {c.id: c.label for c in spec.columns}
    all_cols = [c.id for c in spec.columns]
    labelled = any(r.label for r in spec.rows)
    if not labelled:  # rows of values only (2019/2021 table 3): the column labels, then the values
        rows, groups = [], []
        captions = _column_groups(spec)
        if captions is not None:
            rows.append(captions)
            starts = [i for i, c in enumerate(captions) if c] + [len(captions)]
            groups = [(0, a, b - 1) for a, b in zip(starts, starts[1:]) if b - 1 > a]
        rows.append([col_label[c] for c in all_cols])
        for r in spec.rows:
            cols = r.columns or all_cols
            rows.append([_cell(r) if c in cols else "" for c in all_cols])
        return Table(rows, groups)

    # Blocks of consecutive rows with the same columns (2019/2021 table 1: 规章 and 规范性文件 have
    # 本年制发件数 …, 行政许可 has 本年处理决定数量 …), each under its own header row.
    blocks: list[tuple[list[str], list]] = []
    for r in spec.rows:
        cols = list(r.columns) if r.columns else all_cols
        if blocks and blocks[-1][0] == cols:
            blocks[-1][1].append(r)
        else:
            blocks.append((cols, [r]))
    width = 1 + max(len(cols) for cols, _ in blocks)
    corner = "信息内容" if len(blocks) > 1 else ""
    rows = []
    for cols, members in blocks:
        header = [corner] + [col_label[c] for c in cols]
        rows.append(header + [""] * (width - len(header)))
        for r in members:
            cells = [_cell(r)] * len(cols)
            rows.append([r.label or ""] + cells + [""] * (width - 1 - len(cells)))
    return Table(rows)


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
    out.append(Block("para", agency))
    out.append(Block("para", FILL_DATE))
    return out


def _markdown(blocks: list[Block]) -> str:
    parts = []
    for b in blocks:
        if b.kind == "title":
            parts.append(f"# {b.text}")
        elif b.kind == "heading":
            parts.append(f"## {b.text}")
        elif b.kind == "para":
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


def _docx(blocks: list[Block]) -> bytes:
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    document = docx.Document()
    for b in blocks:
        if b.kind == "title":
            p = document.add_heading(b.text, level=0)
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif b.kind == "heading":
            document.add_heading(b.text, level=1)  # Word's 标题 1: listed in the navigation pane
        elif b.kind == "para":
            document.add_paragraph(b.text)
        else:
            t = b.table
            table = document.add_table(rows=len(t.rows), cols=t.width)
            try:
                table.style = "Table Grid"
            except (KeyError, ValueError):  # pragma: no cover - a template without the style
                pass
            merged = {(r, c) for r, a, z in t.groups for c in range(a + 1, z + 1)}
            for r, row in enumerate(t.rows):
                for c, text in enumerate(row):
                    if (r, c) not in merged:
                        table.cell(r, c).text = text
            for r, a, z in t.groups:
                text = t.rows[r][a]
                cell = table.cell(r, a).merge(table.cell(r, z))
                cell.text = text
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def skeleton(pack_name: str, year: int, agency: str, fmt: str = "md") -> str | bytes:
    """A draft annual report for ``agency`` and report year ``year`` following the pack
    ``pack_name`` (a built-in name or a YAML path): Markdown text (``fmt="md"``) or the bytes of a
    Word file (``fmt="docx"``)."""
    if fmt not in FORMATS:
        raise GovlintError(f"不支持的格式“{fmt}”：只能生成 md 或 docx")
    pack = _load(pack_name)
    agency = (agency or "").strip()
    if not agency:
        raise GovlintError("请用 --agency 给出机关名称")
    if pack.years and not pack.years[0] <= year <= pack.years[1]:
        raise GovlintError(f"报告年度 {year} 不适用规则包 {pack.id}（{pack.years_label}），请换用适用的规则包或年度")
    blocks = _blocks(pack, year, agency)
    return _markdown(blocks) if fmt == "md" else _docx(blocks)


def write_skeleton(output: str, pack_name: str, year: int, agency: str, fmt: str | None = None) -> None:
    """Write :func:`skeleton` to ``output`` (format from ``fmt``, else the extension: .docx → Word,
    anything else Markdown). Never overwrites: an existing ``output`` is an error."""
    fmt = _fmt_for(output, fmt)
    if os.path.lexists(output):
        raise GovlintError(f"{output}: 文件已存在，不会覆盖；请换一个文件名或先删除它")
    content = skeleton(pack_name, year, agency, fmt)  # errors before anything is written
    data = content.encode("utf-8") if isinstance(content, str) else content
    try:
        with open(output, "xb") as fh:  # exclusive: a file created meanwhile is not overwritten
            fh.write(data)
    except FileExistsError:
        raise GovlintError(f"{output}: 文件已存在，不会覆盖；请换一个文件名或先删除它") from None
    except OSError as exc:
        raise GovlintError(f"{output}: 无法写入（{exc.strerror or exc}）") from None
