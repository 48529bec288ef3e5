"""Statistics tables read from real layouts, and every 勾稽 relation checked."""

from __future__ import annotations

import pytest

from conftest import FIXTURES, SEEDS, contexts
from govlint.linter import Linter

SEED_004 = next(SEEDS.glob("004_*.txt"))

# The sums of the 国办发〔2014〕32号 统计表 (format-2016-twelve-section.md §3.1), written out here
# independently of the pack, by the line of each value in seed 004: (total, parts, op).
RELATIONS_004 = {
    "收到申请数": (149, [153, 157, 161, 165], "eq"),
    "申请办结数": (169, [173, 177], "eq"),
    "申请答复数": (181, [185, 189, 193, 197, 225, 229, 233, 237], "eq"),
    "不同意公开答复数": (197, [201, 205, 209, 213, 217, 221], "ge"),
    "行政复议数量": (241, [245, 249, 253], "eq"),
    "行政诉讼数量": (257, [261, 268, 272], "eq"),
    "从事政府信息公开工作人员数": (300, [304, 308], "eq"),
    "主动公开规范性文件数": (69, [73], "ge"),
    "主要负责同志参加新闻发布会次数": (117, [121], "ge"),
    "主要负责同志参加在线访谈次数": (125, [129], "ge"),
}


@pytest.fixture(scope="module")
def linter():
    return Linter()


def _value_lines(text: str) -> dict[int, int]:
    """Line number → value of every line of the table that is only a number."""
    out = {}
    for n, line in enumerate(text.split("\n"), start=1):
        if n > 60 and line.strip().isdigit():
            out[n] = int(line.strip())
    return out


def _broken(values: dict[int, int]) -> set[tuple[str, int]]:
    broken = set()
    for name, (total, parts, op) in RELATIONS_004.items():
        got = sum(values[p] for p in parts)
        if (values[total] != got) if op == "eq" else (values[total] < got):
            broken.add((name, total))
    return broken


def test_seed_004_every_indicator_read_and_no_findings(linter):
    r = linter.lint_path(str(SEED_004))
    ctx = contexts(linter, SEED_004)[0]
    table = ctx.tables["statistics-2014"]
    read = {t.line.number: t.value for rr in table.rows.values() for t in rr.cells.values()}
    expected = _value_lines(SEED_004.read_text(encoding="utf-8"))
    expected.pop(113)  # "6" under the category row （二）通过不同渠道和方式回应解读的情况: not an indicator
    assert {n: int(v) for n, v in read.items()} == expected
    assert not [d for d in r.diagnostics if d.rule.startswith(("table-", "missing-table", "invalid-table"))]


def test_seed_004_every_number_changed_breaks_exactly_its_relations(linter):
    text = SEED_004.read_text(encoding="utf-8")
    lines = text.split("\n")
    values = _value_lines(text)
    values.pop(113)
    for n, v in values.items():
        changed = dict(values)
        changed[n] = v + 1
        new_lines = list(lines)
        new_lines[n - 1] = lines[n - 1].replace(str(v), str(v + 1))
        r = linter.lint_text("\n".join(new_lines), path="004.txt")
        got = sorted(d.line for d in r.diagnostics if d.rule == "table-sum-mismatch")
        want = sorted(line for _, line in _broken(changed))
        assert got == want, f"line {n}: {v} → {v + 1}"


def test_2021_fixture_tables_read(linter):
    tables = contexts(linter, FIXTURES / "mini-2021.md")[0].tables
    t2 = tables["requests-2021"]
    assert t2.rows["new"].cells["total"].value == 4
    assert all(rr.readable for rr in t2.rows.values() if rr.spec.values)
    assert len(tables["review-litigation-2021"].rows["values"].cells) == 15


REPORTS = FIXTURES / "reports"  # real published reports (text copied from their PDFs)


def _table_findings(r):
    return [(d.rule, d.line, d.data.get("identity")) for d in r.diagnostics
            if d.rule in ("table-sum-mismatch", "missing-table-row", "missing-table-column", "invalid-table-value")]


def test_hongze_2023_table_four_errors_are_found(linter):
    """洪泽区 2023 (PDF text, columns aligned by spaces): the table under 三 adds up; under 四 the
    行政复议 总计 is 0 though 10 + 1 + 0 + 0, and the 复议后起诉 总计 0 though 5: real errors."""
    r = linter.lint_path(str(REPORTS / "洪泽区_2023.txt"))
    assert r.pack.id == "gov-2021"
    assert _table_findings(r) == [("table-sum-mismatch", 149, "t3-review"), ("table-sum-mismatch", 149, "t3-after")]
    t2 = contexts(linter, REPORTS / "洪泽区_2023.txt")[0].tables["requests-2021"]
    assert t2.rows["new"].cells["total"].value == 21
    assert t2.rows["deny-law"].found  # printed with a misprint: "2.其他法律行政止公开"


def test_hongze_2024_has_no_table_findings(linter):
    r = linter.lint_path(str(REPORTS / "洪泽区_2024.txt"))
    assert _table_findings(r) == []


def test_hongze_across_years(tmp_path):
    """--previous 洪泽区_2023.txt 洪泽区_2024.txt: 上年结转 matches; changed in a copy, one finding."""
    import re

    from conftest import run_cli

    prev, cur = REPORTS / "洪泽区_2023.txt", REPORTS / "洪泽区_2024.txt"
    r = run_cli("check", "-f", "concise", "--previous", str(prev), str(cur))
    assert "carryover-mismatch" not in r.stdout.decode() and "stock-mismatch" not in r.stdout.decode()
    changed = tmp_path / "洪泽区_2024.txt"
    text = cur.read_text(encoding="utf-8")
    changed.write_text(re.sub(r"(上年结转政府信息公开申请数量\s+)0", r"\g<1>1", text, count=1), encoding="utf-8")
    r = run_cli("check", "-f", "concise", "--previous", str(prev), str(changed))
    lines = [l for l in r.stdout.decode().splitlines() if "carryover-mismatch" in l]
    assert len(lines) == 1 and lines[0].startswith(f"{changed}:96:")


# ---------------------------------------------------------------- one table, every layout

_T2_ROWS = [  # (label, values) — table 2 of the 2021 format; None: a group row without numbers
    ("一、本年新收政府信息公开申请数量", [3, 1, 0, 0, 0, 0, 4]),
    ("二、上年结转政府信息公开申请数量", [0, 0, 0, 0, 0, 0, 0]),
    ("三、本年度办理结果", None),
    ("（一）予以公开", [2, 1, 0, 0, 0, 0, 3]),
    ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", [0, 0, 0, 0, 0, 0, 0]),
    ("（三）不予公开", None),
    *[(f"{i}.{x}", [0] * 7) for i, x in enumerate(["属于国家秘密", "其他法律行政法规禁止公开", "危及“三安全一稳定”",
                                                    "保护第三方合法权益", "属于三类内部事务信息", "属于四类过程性信息",
                                                    "属于行政执法案卷", "属于行政查询事项"], 1)],
    ("（四）无法提供", None),
    ("1.本机关不掌握相关政府信息", [1, 0, 0, 0, 0, 0, 1]),
    ("2.没有现成信息需要另行制作", [0] * 7),
    ("3.补正后申请内容仍不明确", [0] * 7),
    ("（五）不予处理", None),
    *[(f"{i}.{x}", [0] * 7) for i, x in enumerate(["信访举报投诉类申请", "重复申请", "要求提供公开出版物",
                                                    "无正当理由大量反复申请", "要求行政机关确认或重新出具已获取信息"], 1)],
    ("（六）其他处理", None),
    ("1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", [0] * 7),
    ("2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", [0] * 7),
    ("3.其他", ["/", "—", "-", 0, 0, 0, 0]),  # "not applicable" marks, read as not reported
    ("（七）总计", [3, 1, 0, 0, 0, 0, 4]),
    ("四、结转下年度继续办理", [0] * 7),
]
_HEADER = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]


def _render(layout: str, rows) -> str:
    out = []
    if layout == "markdown":
        out += ["| （本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和） | " + " | ".join(_HEADER) + " |",
                "| --- " * 8 + "|"]
        out += [f"| {label} | " + " | ".join(map(str, vals or [""] * 7)) + " |" for label, vals in rows]
    elif layout == "pipes":  # " | " without the outer bars, as Word tables copied as text
        out += ["申请人情况 | " + " | ".join(_HEADER)]
        out += [f"{label} | " + " | ".join(map(str, vals or [""] * 7)) for label, vals in rows]
    elif layout == "tabs":
        out += ["\t".join(["", *_HEADER])]
        out += ["\t".join([label, *map(str, vals or [""] * 7)]) for label, vals in rows]
    elif layout == "spaces":  # text copied from a PDF: columns aligned by spaces, long labels wrapped
        out += ["                      自然人      法人或其他组织                     总计",
                "                             商业 企业  科研 机构  社会公益组织  法律服务机构  其他"]
        for label, vals in rows:
            cells = "    ".join(map(str, vals)) if vals else ""
            if len(label) > 20:  # a label wrapped over two lines, values on the second
                out += [f"  {label[:14]}", f"  {label[14:]}     {cells}"]
            else:
                out.append(f"  {label}          {cells}")
    elif layout == "cells":  # one cell per line with blank lines between (seed 004)
        for label, vals in rows:
            out += [label, ""]
            if label.startswith("（一）予以公开"):
                out += ["（不同渠道和方式公开相同的信息列为1条）", ""]  # a note line inside the table
            for v in vals or []:
                out += [str(v), ""]
    return "\n".join(out)


def _doc_with_table(table: str) -> str:
    base = (FIXTURES / "mini-2021.md").read_text(encoding="utf-8")
    start = base.index("| （本列数据的勾稽关系为")
    end = base.index("\n\n## 四、")
    return base[:start] + table + base[end:]


@pytest.mark.parametrize("layout", ["markdown", "pipes", "tabs", "spaces", "cells"])
def test_one_table_read_the_same_in_every_layout(layout):
    from govlint.packs.loader import load_pack

    linter = Linter(load_pack("gov-2021"))
    text = _doc_with_table(_render(layout, _T2_ROWS))
    r = linter.lint_text(text, path="t.md", fmt="md")
    table = contexts(linter, text=text, fmt="md")[0].tables["requests-2021"]
    got = {rid: [c.value for c in rr.cells.values()] for rid, rr in table.rows.items()
           if rr.cells and any(c.text for c in rr.cells.values())}  # not the group rows' empty cells
    assert got["new"] == [3, 1, 0, 0, 0, 0, 4]
    assert got["open"] == [2, 1, 0, 0, 0, 0, 3]
    assert got["unable-not-held"] == [1, 0, 0, 0, 0, 0, 1]
    assert got["other-other"] == [None, None, None, 0, 0, 0, 0]
    assert len(got) == 25
    assert not [d for d in r.diagnostics if d.rule.startswith(("table-", "missing-table", "invalid-table", "unreadable"))]
    # the same table with one wrong total: found in every layout, at the line of that total
    wrong = [(label, [3, 1, 0, 0, 0, 0, 5] if label == "（七）总计" else vals) for label, vals in _T2_ROWS]
    text = _doc_with_table(_render(layout, wrong))
    r = linter.lint_text(text, path="t.md", fmt="md")
    total_line = next(i for i, l in enumerate(text.split("\n"), 1) if "5" in l and (
        "（七）总计" in l or (layout == "cells" and l.strip() == "5")))
    found = [(d.line, sorted(d.data["identity"])) for d in r.diagnostics if d.rule == "table-sum-mismatch"]
    assert found == [(total_line, ["t2-k", "t2-rowsum", "t2-total"])]  # one finding: the cell all three share


def test_label_continued_after_its_values():
    """PDF text: "5.要求行政机关确认或重新" / "4 0 0 0 0 0 4" / "出具已获取信息" (宿迁市 2023)."""
    from govlint.packs.loader import load_pack

    rows = [(l, v) for l, v in _T2_ROWS]
    table = _render("spaces", rows).replace("  5.要求行政机关确认或重新出具已获取信息          0    0    0    0    0    0    0",
                                            "5.要求行政机关确认或重新\n0    0    0    0    0    0    0\n出具已获取信息")
    assert "出具已获取信息\n" in table + "\n"
    linter = Linter(load_pack("gov-2021"))
    r = linter.lint_text(_doc_with_table(table), path="t.md", fmt="md")
    t2 = contexts(linter, text=_doc_with_table(table), fmt="md")[0].tables["requests-2021"]
    assert t2.rows["np-confirm"].readable
    assert not [d for d in r.diagnostics if d.rule in ("missing-table-row", "unreadable-table")]


def test_suffix_max_with_raised_values_equals_the_direct_computation():
    """The alignment's row update (dp.suffix_max_raised) against the plain definition."""
    import random
    from itertools import accumulate

    from govlint.dp import suffix_max_raised as _suffix_max

    rng = random.Random(7)
    for _ in range(3000):
        m = rng.randint(1, 30)
        raw = [rng.choice([0.0, 1.0, 2.5, 7.0, rng.random() * 10]) for _ in range(m)]
        below = list(accumulate(reversed(raw), max))[::-1]
        raised: dict[int, float] = {}
        for _ in range(rng.randint(0, 5)):
            j, v = rng.randrange(m), rng.random() * 12
            if v > raised.get(j, below[j]):
                raised[j] = v
        here = [raised.get(j, x) for j, x in enumerate(below)]
        assert _suffix_max(below, raised) == list(accumulate(reversed(here), max))[::-1]


def test_a_column_left_out_names_that_one_column_in_the_findings_data():
    """The JSON output's data of a missing column: its id, not a list, when one column is missing."""
    import re

    from govlint.packs.loader import PackStore

    packs = PackStore()
    text = (FIXTURES / "mini-2021.md").read_text(encoding="utf-8")
    # every row of eight cells (table two only) loses its fourth cell, 科研机构
    text = re.sub(r"^(\| [^|\n]+ \| [^|\n]* \| [^|\n]* \| )[^|\n]* \| ([^|\n]* \| [^|\n]* \| [^|\n]* \| [^|\n]* \|)$",
                  r"\1\2", text, flags=re.MULTILINE)
    result = Linter(packs.load("gov-2021"), automatic=packs.automatic()).lint_text(text, path="report.md", fmt="md")
    found = [(d.line, d.data) for d in result.diagnostics if d.rule == "missing-table-column"]
    assert found == [(31, {"table": "requests-2021", "column": "research"})]


def test_one_relation_broken_once_is_one_finding_at_its_total_with_its_data():
    """A "其中" item larger than its total (an ``ge`` relation) breaks that relation alone: one
    finding at the total's cell, worded "不应小于", its data naming the one relation and cell."""
    from govlint.packs.loader import PackStore

    packs = PackStore()
    text = (FIXTURES / "mini.txt").read_text(encoding="utf-8").replace(
        "其中：主要负责同志参加新闻发布会次数 | 次 | 1", "其中：主要负责同志参加新闻发布会次数 | 次 | 3")
    result = Linter(packs.load("twelve-section"), automatic=packs.automatic()).lint_text(text, path="report.txt")
    found = [d for d in result.diagnostics if d.rule == "table-sum-mismatch"]
    assert [(d.line, d.column) for d in found] == [(42, 23)]
    assert found[0].message.endswith("不成立：1.参加或举办新闻发布会总次数不应小于 3，表中为 2")
    assert found[0].data == {"table": "statistics-2014", "identity": "s14-sub-press", "at": "value",
                             "cell": {"row": "press-conferences", "column": "value",
                                      "row_label": "1.参加或举办新闻发布会总次数", "column_index": 1}}
