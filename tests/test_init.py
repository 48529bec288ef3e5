"""``govlint init``: the draft skeleton of an annual report (govlint/init.py).

A skeleton linted as it is gives only unfilled-placeholder findings, under the pack it was made
for, in Markdown and in Word; its tables are read row by row; filled in, it is clean.
"""

from __future__ import annotations

import io
import re
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
