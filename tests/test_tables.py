"""Statistics tables read from real layouts, and every 勾稽 relation checked."""

from __future__ import annotations

import pytest

from conftest import FIXTURES, SEEDS
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
    ctx = r.documents[0].context
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
    r = linter.lint_path(str(FIXTURES / "mini-2021.md"))
    tables = r.documents[0].context.tables
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
    t2 = r.documents[0].context.tables["requests-2021"]
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
