"""`govlint extract`: every statistics-table cell of every report as a row, equal to the tables as
the reports print them (the expected cells below are written from the reports' text, not from
govlint), in CSV, XLSX, JSON lines and Parquet."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest

from conftest import FIXTURES, SEEDS, contexts, run_cli
from govlint.extract import KEYS, extract_file
from govlint.runner import Options, Session
from govlint.tables import verdict

SEED_004 = next(SEEDS.glob("004_*.txt"))
REPORTS = FIXTURES / "reports"
DRAFT = FIXTURES / "word" / "draft.docx"
T2_COLUMNS = ["natural", "business", "research", "public-interest", "legal", "other", "total"]
T3_COLUMNS = [f"{group}-{c}" for group in ("review", "direct", "after")
              for c in ("upheld", "corrected", "other", "pending", "total")]


@pytest.fixture(scope="module")
def session():
    return Session(Options(no_config=True, cache=False))


def cells(session, path) -> list[dict]:
    got = extract_file(session, str(path))
    assert got.error is None, got.error
    return [dict(zip(KEYS, row)) for row in got.rows]


def by_cell(rows: list[dict]) -> dict[tuple[str, str], dict]:
    out = {(r["row_id"], r["column_id"]): r for r in rows}
    assert len(out) == len(rows), "a cell given twice"
    return out


# --------------------------------------------------------------------------- seed 004 (2014 format)

# seed 004's 统计表, one value a line: row id → (the value printed, its line)
SEED_004_CELLS = {
    "proactive": (180, 69), "proactive-normative": (0, 73), "normative-issued": (0, 77),
    "channel-gazette": (0, 83), "channel-website": (130, 87), "channel-weibo": (0, 91), "channel-wechat": (0, 95),
    "channel-other": (50, 99), "hot-topics": (4, 107), "press-conferences": (0, 117),
    "press-conferences-leaders": (0, 121), "online-interviews": (0, 125), "online-interviews-leaders": (0, 129),
    "interpretations": (3, 133), "weibo-wechat-responses": (0, 137), "other-responses": (3, 141),
    "received": (25, 149), "received-in-person": (0, 153), "received-fax": (0, 157), "received-online": (23, 161),
    "received-letter": (2, 165), "completed": (25, 169), "completed-on-time": (25, 173), "completed-extended": (0, 177),
    "answered": (25, 181), "answer-already-public": (5, 185), "answer-open": (12, 189), "answer-partial": (2, 193),
    "answer-deny": (1, 197), "deny-state-secret": (0, 201), "deny-business-secret": (0, 205), "deny-privacy": (0, 209),
    "deny-security": (0, 213), "deny-not-government-info": (1, 217), "deny-other-law": (0, 221),
    "answer-not-this-agency": (1, 225), "answer-not-exist": (1, 229), "answer-amend": (2, 233),
    "answer-other-channel": (1, 237), "review": (0, 241), "review-upheld": (0, 245), "review-corrected": (0, 249),
    "review-other": (0, 253), "litigation": (1, 257), "litigation-upheld": (1, 261), "litigation-corrected": (0, 268),
    "litigation-other": (0, 272), "complaints": (0, 276), "fees": (0, 282), "offices": (1, 292),
    "reading-points": (5, 296), "staff": (9, 300), "staff-full-time": (1, 304), "staff-part-time": (8, 308),
    "budget": (22, 314), "meetings": (2, 324), "trainings": (1, 328), "trainees": (58, 334),
}


def test_seed_004_every_cell_is_the_printed_value(session):
    rows = cells(session, SEED_004)
    assert Counter(r["table_id"] for r in rows) == {"statistics-2014": 58}
    got = {r["row_id"]: (r["value"], r["line"]) for r in rows}
    assert got == SEED_004_CELLS
    for r in rows:
        assert (r["file"], r["part"], r["agency"], r["agency_kind"], r["year"], r["pack"], r["table"]) == (
            str(SEED_004), None, "株洲市工商行政管理局", "department", 2017, "gov-2014", "政府信息公开情况统计表")
        assert (r["column"], r["column_id"], r["status"], r["text"]) == ("统计数", "value", "read", str(r["value"]))
        assert r["place"] == f"{r['line']}:{r['char']}" and r["page"] is None and r["doc_table"] is None
    cell = by_cell(rows)
    # the row labels as the report prints them (its own brackets, numbering and misprints)
    assert cell[("proactive", "value")]["row"] == "(一)主动公开政府信息数"
    assert cell[("staff", "value")]["row"] == "(三)从事政府信息公开工作人数员"
    assert cell[("proactive-normative", "value")]["row"] == "其中:主动公开规范性文件数"
    assert cell[("deny-business-secret", "value")]["row"] == "涉及商业秘密"
    assert cell[("litigation-corrected", "value")]["row"] == "(二)依法纠错数"
    # a number printed alone on its line, indented: its column is where it stands
    assert (cell[("received", "value")]["line"], cell[("received", "value")]["char"]) == (149, 3)


# --------------------------------------------------------------------------- 洪泽区 (2021 format)

def _grid(text: str, columns: list[str]) -> dict[tuple[str, str], int | float]:
    out = {}
    for line in text.strip().splitlines():
        row, *values = line.split()
        assert len(values) == len(columns), line
        for c, v in zip(columns, values):
            out[(row, c)] = float(v) if "." in v else int(v)
    return out


# as printed in 洪泽区_2023.txt: row id, then the values of the row's columns (left to right)
HONGZE = {
    2023: {
        "t1": """
regulations 0 0 0
normative-documents 0 5 5
licensing 550
penalties 4119
enforcement 195
fees 7730.28""",
        "t2": """
new 21 0 0 0 0 0 21
carried 0 0 0 0 0 0 0
open 0 0 0 0 0 0 0
partial 4 0 0 0 0 0 4
deny-secret 1 0 0 0 0 0 1
deny-law 0 0 0 0 0 0 0
deny-security 0 0 0 0 0 0 0
deny-third-party 0 0 0 0 0 0 0
deny-internal 0 0 0 0 0 0 0
deny-process 1 0 0 0 0 0 1
deny-enforcement 1 0 0 0 0 0 1
deny-inquiry 0 0 0 0 0 0 0
unable-not-held 10 0 0 0 0 0 10
unable-to-produce 3 0 0 0 0 0 3
unable-unclear 0 0 0 0 0 0 0
np-petition 1 0 0 0 0 0 1
np-repeat 0 0 0 0 0 0 0
np-publication 0 0 0 0 0 0 0
np-mass 0 0 0 0 0 0 0
np-confirm 0 0 0 0 0 0 0
other-handling 0 0 0 0 0 0 0
grand-total 21 0 0 0 0 0 21
carry-forward 0 0 0 0 0 0 0""",
        "t3": "values 10 1 0 0 0 0 0 0 0 0 5 0 0 0 0",
        # the line of each row in the text file
        "lines": {"regulations": 48, "normative-documents": 50, "licensing": 59, "penalties": 69, "enforcement": 71,
                  "fees": 79, "new": 96, "carried": 97, "open": 98, "partial": 101, "deny-secret": 102,
                  "deny-law": 108, "deny-security": 109, "deny-third-party": 110, "deny-internal": 112,
                  "deny-process": 113, "deny-enforcement": 114, "deny-inquiry": 115, "unable-not-held": 116,
                  "unable-to-produce": 118, "unable-unclear": 121, "np-petition": 122, "np-repeat": 123,
                  "np-publication": 124, "np-mass": 126, "np-confirm": 129, "other-handling": 130,
                  "grand-total": 131, "carry-forward": 132, "values": 149},
        # the page of each row, by the page numbers printed at the foot of each page ("-2-", "-3-")
        "page 3": "penalties", "page 4": "unable-unclear",
    },
    2024: {
        "t1": """
regulations 0 0 0
normative-documents 3 0 8
licensing 9487
penalties 2776
enforcement 84
fees 7545""",
        "t2": """
new 95 0 0 0 0 0 95
carried 0 0 0 0 0 0 0
open 50 0 0 0 0 0 50
partial 9 0 0 0 0 0 9
deny-secret 0 0 0 0 0 0 0
deny-law 0 0 0 0 0 0 0
deny-security 1 0 0 0 0 0 1
deny-third-party 0 0 0 0 0 0 0
deny-internal 0 0 0 0 0 0 0
deny-process 1 0 0 0 0 0 1
deny-enforcement 1 0 0 0 0 0 1
deny-inquiry 0 0 0 0 0 0 0
unable-not-held 31 0 0 0 0 0 31
unable-to-produce 1 0 0 0 0 0 1
unable-unclear 0 0 0 0 0 0 0
np-petition 1 0 0 0 0 0 1
np-repeat 0 0 0 0 0 0 0
np-publication 0 0 0 0 0 0 0
np-mass 0 0 0 0 0 0 0
np-confirm 0 0 0 0 0 0 0
other-handling 0 0 0 0 0 0 0
grand-total 95 0 0 0 0 0 95
carry-forward 0 0 0 0 0 0 0""",
        "t3": "values 1 1 0 0 2 1 0 0 0 1 2 0 1 0 3",
        "lines": {"regulations": 48, "normative-documents": 50, "licensing": 59, "penalties": 70, "enforcement": 72,
                  "fees": 80, "new": 95, "carried": 96, "open": 97, "partial": 100, "deny-secret": 101,
                  "deny-law": 107, "deny-security": 108, "deny-third-party": 109, "deny-internal": 111,
                  "deny-process": 112, "deny-enforcement": 113, "deny-inquiry": 114, "unable-not-held": 115,
                  "unable-to-produce": 118, "unable-unclear": 119, "np-petition": 120, "np-repeat": 121,
                  "np-publication": 122, "np-mass": 124, "np-confirm": 127, "other-handling": 128,
                  "grand-total": 129, "carry-forward": 130, "values": 145},
        "page 3": "penalties", "page 4": "unable-to-produce",
    },
}
T1_COLUMNS = {"regulations": ["issued", "repealed", "in-force"], "normative-documents": ["issued", "repealed", "in-force"],
              "licensing": ["decisions"], "penalties": ["decisions"], "enforcement": ["decisions"], "fees": ["fee-amount"]}


def hongze_expected(year: int) -> dict[tuple[str, str], tuple[str, int | float]]:
    """(row id, column id) → (table id, value) of the report's three tables."""
    spec = HONGZE[year]
    out = {}
    for line in spec["t1"].strip().splitlines():
        row = line.split()[0]
        out.update({k: ("proactive-2021", v) for k, v in _grid(line, T1_COLUMNS[row]).items()})
    out.update({k: ("requests-2021", v) for k, v in _grid(spec["t2"], T2_COLUMNS).items()})
    out.update({k: ("review-litigation-2021", v) for k, v in _grid(spec["t3"], T3_COLUMNS).items()})
    return out


@pytest.mark.parametrize("year", [2023, 2024])
def test_hongze_text_every_cell_is_the_printed_value(session, year):
    rows = cells(session, REPORTS / f"洪泽区_{year}.txt")
    expected = hongze_expected(year)
    assert Counter(r["table_id"] for r in rows) == {"proactive-2021": 10, "requests-2021": 161, "review-litigation-2021": 15}
    got = by_cell(rows)
    assert {k: (r["table_id"], r["value"]) for k, r in got.items()} == expected
    lines = HONGZE[year]["lines"]
    assert {k: r["line"] for k, r in got.items()} == {k: lines[k[0]] for k in expected}
    assert all(r["status"] == "read" and r["year"] == year and r["pack"] == "gov-2021" and r["agency_kind"] == "government"
               for r in rows)
    assert {r["agency"] for r in rows} == {"洪泽区人民政府" if year == 2023 else "淮安市洪泽区人民政府"}
    # whole rows, every column as printed: label, column labels, values, the value's text
    new = [got[("new", c)] for c in T2_COLUMNS]
    assert [r["column"] for r in new] == ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
    assert {r["row"] for r in new} == {"一、本年新收政府信息公开申请数量"}
    assert [r["text"] for r in new] == ["21", "0", "0", "0", "0", "0", "21"] if year == 2023 else \
        ["95", "0", "0", "0", "0", "0", "95"]
    # a label printed over two lines, and one with the report's misprint, as printed
    assert got[("partial", "total")]["row"] == "（二）部分公开（区分处理的，只计这一情 形，不计其他情形）"
    assert got[("deny-law", "natural")]["row"] == "2.其他法律行政止公开"
    assert got[("np-confirm", "natural")]["row"] == "5.要求行政机关确认或重 新出具已获取信息"
    assert got[("fees", "fee-amount")]["column"] == "本年收费金额（单位：万元）"
    assert isinstance(got[("fees", "fee-amount")]["value"], float if year == 2023 else int)
    # table 3: one unlabelled row of 15 values, the columns told apart by their ids and named
    # under their header (the five labels repeat under 行政复议, 直接起诉 and 复议后起诉)
    t3 = [got[("values", c)] for c in T3_COLUMNS]
    assert [r["row"] for r in t3] == [""] * 15
    assert [r["column"] for r in t3[:5]] == ["行政复议结果维持", "行政复议结果纠正", "行政复议其他结果", "行政复议尚未审结", "行政复议总计"]
    assert [r["column"] for r in t3[5::5]] == ["直接起诉结果维持", "复议后起诉结果维持"]
    # each value where it stands on its line
    text = (REPORTS / f"洪泽区_{year}.txt").read_text(encoding="utf-8").split("\n")
    for r in rows:
        assert text[r["line"] - 1][r["char"] - 1:].startswith(r["text"]), r


@pytest.mark.parametrize("year", [2023, 2024])
def test_hongze_pdf_gives_the_same_cells_with_pages(session, year):
    rows = cells(session, REPORTS / f"洪泽区_{year}.pdf")
    got = by_cell(rows)
    assert {k: (r["table_id"], r["value"]) for k, r in got.items()} == hongze_expected(year)
    assert all(r["status"] == "read" and r["page"] and r["page_line"] for r in rows)
    assert all(r["place"] == f"第{r['page']}页第{r['page_line']}行" for r in rows)
    order = list(HONGZE[year]["lines"])  # rows in the order they are printed
    page3, page4 = order.index(HONGZE[year]["page 3"]), order.index(HONGZE[year]["page 4"])
    for (row, _), r in got.items():
        n = order.index(row)
        assert r["page"] == (2 if n < page3 else 3 if n < page4 else 4), (row, r["page"])


# --------------------------------------------------------------------------- rows not read, Word locations


def test_a_row_found_but_not_read_is_kept_as_unread(session, tmp_path):
    """"行政规范性文件2119" (digits glued to the label, a flattened page): 2|1|19, 21|1|9 or 2|11|9 —
    the row is found, its values not placed: each of its three cells is a row, unread, no value."""
    text = (REPORTS / "洪泽区_2023.txt").read_text(encoding="utf-8").split("\n")
    assert text[49].split() == ["行政规范性文件", "0", "5", "5"]
    text[49] = "行政规范性文件2119"
    path = tmp_path / "洪泽区_2023.txt"
    path.write_text("\n".join(text), encoding="utf-8")
    rows = cells(session, path)
    assert Counter(r["table_id"] for r in rows) == {"proactive-2021": 10, "requests-2021": 161, "review-litigation-2021": 15}
    unread = [r for r in rows if r["status"] == "unread"]
    assert [(r["row"], r["row_id"], r["column_id"], r["value"], r["text"], r["line"], r["char"]) for r in unread] == [
        ("行政规范性文件", "normative-documents", c, None, None, 50, 1) for c in ("issued", "repealed", "in-force")]
    # exactly the rows the checks say they could not read
    table = contexts(session.linter(session.settings_for(str(path))), path)[0].tables["proactive-2021"]
    assert verdict(table).unread == ["行政规范性文件"]
    assert {(r["row_id"], r["value"]) for r in rows if r["table_id"] == "proactive-2021" and r["status"] == "read"} == {
        ("regulations", 0), ("licensing", 550), ("penalties", 4119), ("enforcement", 195), ("fees", 7730.28)}


def test_word_cells_are_located_by_table_row_and_column(session):
    rows = cells(session, DRAFT)
    got = by_cell(rows)
    assert Counter(r["table_id"] for r in rows) == {"proactive-2021": 10, "requests-2021": 175, "review-litigation-2021": 15}
    for r in rows:
        assert r["doc_table"] and r["doc_row"] and r["doc_column"] and r["page"] is None, r
        assert r["place"] == f"表{r['doc_table']} 第{r['doc_row']}行第{r['doc_column']}列"
    # row by row as Word shows the tables (python-docx's cells: 表1 row 4 is 行政规范性文件 | 2 | 1 | 9)
    assert [(got[("normative-documents", c)]["value"], got[("normative-documents", c)]["doc_row"],
             got[("normative-documents", c)]["doc_column"]) for c in ("issued", "repealed", "in-force")] == [
        (2, 4, 2), (1, 4, 3), (9, 4, 4)]
    assert (got[("licensing", "decisions")]["value"], got[("licensing", "decisions")]["doc_table"],
            got[("licensing", "decisions")]["doc_row"]) == (356, 1, 7)
    # the draft's (七)总计 row: 3 | 1 | 0 | 0 | 0 | 0 | 5 (the sum is wrong: extract gives what is printed)
    assert [got[("grand-total", c)]["value"] for c in T2_COLUMNS] == [3, 1, 0, 0, 0, 0, 5]
    assert [got[("grand-total", c)]["doc_column"] for c in T2_COLUMNS] == [2, 3, 4, 5, 6, 7, 8]
    assert {got[("grand-total", c)]["doc_row"] for c in T2_COLUMNS} == {30}
    assert [got[("values", c)]["doc_column"] for c in T3_COLUMNS] == list(range(1, 16))
    assert {got[("values", c)]["doc_table"] for c in T3_COLUMNS} == {3}


def test_word_paragraphs_are_located_by_paragraph(session, tmp_path):
    """Seed 004's table written as Word paragraphs, one cell a paragraph: each value is “第N段”."""
    from docx_build import build

    paragraphs = [line for line in SEED_004.read_text(encoding="utf-8").split("\n") if line.strip()]
    path = tmp_path / "004.docx"
    path.write_bytes(build(paragraphs))
    rows = cells(session, path)
    assert {r["row_id"]: r["value"] for r in rows} == {k: v for k, (v, _) in SEED_004_CELLS.items()}
    for r in rows:
        assert r["paragraph"] == r["line"] and r["place"] == f"第{r['paragraph']}段", r
        assert paragraphs[r["paragraph"] - 1].strip() == r["text"], r
        assert r["doc_table"] is None and r["page"] is None


# --------------------------------------------------------------------------- the command and its formats


def _csv_rows(data: bytes) -> list[list[str]]:
    assert data.startswith("\ufeff".encode("utf-8")), "no BOM"
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


INPUTS = [str(REPORTS / "洪泽区_2023.txt"), str(REPORTS / "洪泽区_2024.pdf"), str(SEED_004), str(DRAFT)]


@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    """The inputs extracted once in each format."""
    out = tmp_path_factory.mktemp("extract")
    for name in ("cells.csv", "cells.xlsx", "cells.jsonl"):
        r = run_cli("extract", *INPUTS, "-o", str(out / name))
        assert r.returncode == 0, r.stderr.decode()
        assert "已提取 4 个文件的 " in r.stderr.decode()
    return out


def test_csv_has_a_bom_chinese_headers_and_every_cell(outputs, session):
    rows = _csv_rows((outputs / "cells.csv").read_bytes())
    assert rows[0][:16] == ["文件", "部分", "机关", "机关类型", "报告年度", "规则包", "表格编号", "表格", "行", "行编号",
                            "列", "列编号", "数值", "原文", "状态", "行号"]
    assert len(rows[0]) == len(KEYS)
    want = [["" if v is None else str(v) for v in row] for p in INPUTS for row in extract_file(session, p).rows]
    assert rows[1:] == want
    assert len(want) == 186 + 186 + 58 + 200
    assert (outputs / "cells.csv").read_bytes().count(b"\r\n") == len(want) + 1  # line ends as Excel writes them


def test_csv_to_standard_output_by_default():
    r = run_cli("extract", str(SEED_004))
    assert r.returncode == 0, r.stderr.decode()
    rows = _csv_rows(r.stdout)
    assert len(rows) == 59 and rows[1][KEYS.index("value")] == "180"


def test_xlsx_reads_back_as_the_csv_with_numbers_as_numbers(outputs):
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.load_workbook(outputs / "cells.xlsx")
    assert len(book.worksheets) == 1
    sheet = book.worksheets[0]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:{openpyxl.utils.get_column_letter(len(KEYS))}{sheet.max_row}"
    values = [list(r) for r in sheet.iter_rows(values_only=True)]
    expected = _csv_rows((outputs / "cells.csv").read_bytes())
    assert [["" if v is None else str(v) for v in row] for row in values] == expected
    value, year, line = KEYS.index("value"), KEYS.index("year"), KEYS.index("line")
    assert all(isinstance(row[year], int) and isinstance(row[line], int) for row in values[1:])
    assert {type(row[value]) for row in values[1:]} == {int, float}  # 7730.28 is the one float
    assert [row[value] for row in values[1:] if isinstance(row[value], float)] == [7730.28]
    widths = {c: sheet.column_dimensions[openpyxl.utils.get_column_letter(c + 1)].width for c in range(len(KEYS))}
    assert all(8 <= w <= 61 for w in widths.values()), widths
    assert widths[KEYS.index("table")] > widths[KEYS.index("status")]


def test_json_lines_have_english_keys_and_typed_values(outputs):
    lines = (outputs / "cells.jsonl").read_text(encoding="utf-8").splitlines()
    rows = [json.loads(line) for line in lines]
    assert all(list(r) == KEYS for r in rows)
    first = rows[0]
    assert (first["row_id"], first["column_id"], first["value"], first["text"], first["status"], first["line"]) == (
        "regulations", "issued", 0, "0", "read", 48)
    assert next(r for r in rows if r["row_id"] == "fees" and r["year"] == 2023)["value"] == 7730.28
    assert len(rows) == len(_csv_rows((outputs / "cells.csv").read_bytes())) - 1


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice is not installed")
def test_libreoffice_reads_the_xlsx_with_the_same_values(outputs, tmp_path):
    subprocess.run(["soffice", "--headless", "--norestore", f"-env:UserInstallation=file://{tmp_path}/lo",
                    "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1", "--outdir", str(tmp_path),
                    str(outputs / "cells.xlsx")], check=True, timeout=240, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    text = (tmp_path / "cells.csv").read_text(encoding="utf-8")
    assert list(csv.reader(io.StringIO(text, newline=""))) == _csv_rows((outputs / "cells.csv").read_bytes())
    # LibreOffice quotes text and writes numbers bare: the values are numbers in the sheet
    assert '"本年制发件数","issued",0,"0","read",48,18,"48:18"' in text
    assert '"fee-amount",7730.28,"7730.28","read"' in text


def test_the_format_follows_the_extension_and_lang_en_gives_english_headers(tmp_path):
    r = run_cli("extract", str(SEED_004), "-o", str(tmp_path / "a.ndjson"), "--lang", "en")
    assert r.returncode == 0 and "extracted 58 statistics-table cells" in r.stderr.decode()
    assert json.loads((tmp_path / "a.ndjson").read_text(encoding="utf-8").splitlines()[0])["value"] == 180
    r = run_cli("extract", str(SEED_004), "-f", "csv", "--lang", "en")
    assert _csv_rows(r.stdout)[0] == KEYS
    r = run_cli("extract", str(SEED_004), "-o", str(tmp_path / "a.txt"))
    assert r.returncode == 2 and "请用 -f 指定" in r.stderr.decode() and not (tmp_path / "a.txt").exists()
    r = run_cli("extract", str(SEED_004), "-f", "xlsx")
    assert r.returncode == 2 and "需要用 -o 指定输出文件" in r.stderr.decode() and not r.stdout


def test_parquet_needs_pyarrow(tmp_path):
    r = run_cli("extract", str(SEED_004), "-o", str(tmp_path / "a.parquet"))
    try:
        import pyarrow.parquet as pq
    except ImportError:
        err = r.stderr.decode().strip()
        assert r.returncode == 2 and len(err.splitlines()) == 1 and "pip install pyarrow" in err and "需要" in err
        assert not list(tmp_path.iterdir())
        return
    assert r.returncode == 0, r.stderr.decode()
    table = pq.read_table(tmp_path / "a.parquet")
    assert table.column_names == KEYS and table.num_rows == 58
    assert table.column("value").to_pylist()[0] == 180.0


def test_an_unreadable_input_is_named_and_the_others_extracted(tmp_path):
    broken = tmp_path / "损坏.docx"
    broken.write_bytes(b"PK\x03\x04 not a zip")
    missing = tmp_path / "没有这个文件.txt"
    out = tmp_path / "out.csv"
    r = run_cli("extract", str(broken), str(SEED_004), str(missing), "-o", str(out))
    err = r.stderr.decode().splitlines()
    assert r.returncode == 2
    assert [line for line in err if "错误" in line and "损坏.docx" in line], err
    assert [line for line in err if "错误" in line and "没有这个文件.txt" in line], err
    rows = _csv_rows(out.read_bytes())
    assert len(rows) == 59 and {row[0] for row in rows[1:]} == {str(SEED_004)}


def test_the_output_is_written_whole_and_never_over_an_input(tmp_path):
    report = tmp_path / "报告.txt"
    report.write_bytes(SEED_004.read_bytes())
    out = tmp_path / "out.csv"
    out.write_text("old", encoding="utf-8")
    os.chmod(out, 0o640)
    r = run_cli("extract", str(tmp_path), "-o", str(out))
    assert r.returncode == 0, r.stderr.decode()
    assert len(_csv_rows(out.read_bytes())) == 59 and (out.stat().st_mode & 0o777) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv", "报告.txt"]  # no temporary file left
    assert report.read_bytes() == SEED_004.read_bytes()
    r = run_cli("extract", str(report), "-o", str(report), "-f", "csv")
    assert r.returncode == 2 and "输出文件不能是要提取的输入文件" in r.stderr.decode()
    assert report.read_bytes() == SEED_004.read_bytes()


def test_worker_processes_give_the_same_output(tmp_path):
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    inputs = [str(REPORTS), str(SEEDS / "004_cfccfa7d233b51e6.txt"), str(DRAFT)]
    assert run_cli("extract", *inputs, "-o", str(one), "-j", "1").returncode == 0
    assert run_cli("extract", *inputs, "-o", str(two), "-j", "2").returncode == 0
    assert one.read_bytes() == two.read_bytes()
    assert Counter(json.loads(line)["file"] for line in one.read_text(encoding="utf-8").splitlines()) == {
        str(REPORTS / "洪泽区_2023.pdf"): 186, str(REPORTS / "洪泽区_2023.txt"): 186, str(REPORTS / "洪泽区_2024.pdf"): 186,
        str(REPORTS / "洪泽区_2024.txt"): 186, str(SEED_004): 58, str(DRAFT): 200}


def test_standard_input(tmp_path):
    r = run_cli("extract", "-", "--stdin-filename", "报告.txt", input=SEED_004.read_bytes())
    assert r.returncode == 0, r.stderr.decode()
    rows = _csv_rows(r.stdout)
    assert len(rows) == 59 and rows[1][0] == "报告.txt"


def test_files_without_tables_are_counted():
    r = run_cli("extract", str(SEEDS / "000_56b036c0542a6238.txt"), str(SEED_004))
    assert r.returncode == 0
    assert "1 个文件没有读出统计表（000_56b036c0542a6238.txt）" in r.stderr.decode()
    assert Path(SEEDS / "000_56b036c0542a6238.txt").exists()
