"""Memory grows with the input, not faster: a page crawled onto one line (thousands of headings on
it) at two sizes. Each size is linted in a new process that reports its own peak memory
(VmHWM: its own address space's peak; ru_maxrss would carry over the peak of the process it was
forked from, the test run that has loaded OCR's models); time is measured in benchmarks/, not here."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import docx
import pytest
from conftest import run_cli

PROBE = """
import sys
from govlint.runner import Options, Session
Session(Options(cache=False, no_config=True)).lint(sys.argv[1])
print(next(int(l.split()[1]) for l in open('/proc/self/status') if l.startswith('VmHWM:')))
"""

SECTION = "我局认真落实条例要求，全年主动公开信息多条，依申请公开工作规范有序。" * 20
PAGE = ("本报告中所列数据的统计期限自2023年1月1日起至2023年12月31日止。"
        + "".join(f"{n}、工作情况{SECTION}" for n in "一二三四五六"))


def _peak_kb(path) -> int:
    out = subprocess.run([sys.executable, "-c", PROBE, str(path)], capture_output=True, check=True, timeout=300)
    return int(out.stdout.split()[-1])


@pytest.mark.skipif(sys.platform != "linux", reason="VmHWM (/proc/self/status) is Linux's")
def test_one_line_page_memory_is_linear(tmp_path):
    base = tmp_path / "tiny.txt"
    base.write_text("某县2023年政府信息公开工作年度报告 " + PAGE + "\n", encoding="utf-8")
    sizes = {}
    for copies in (60, 240):  # about 1 MB and 4 MB on one line
        path = tmp_path / f"page{copies}.txt"
        path.write_text("某县2023年政府信息公开工作年度报告 " + PAGE * copies + "\n", encoding="utf-8")
        sizes[copies] = _peak_kb(path)
    floor = _peak_kb(base)
    small, large = sizes[60] - floor, sizes[240] - floor
    # four times the text: at most about four times the memory (with slack for the allocator)
    assert large <= 5 * max(small, 1) + 20_000, (floor, sizes)
    assert sizes[240] < 300_000, sizes  # KB: well under the 4 MB line's 3.4 GB of quadratic copies


def test_very_many_paragraphs_and_elements_are_input_too_large(tmp_path):
    """A Word document or a page with more blocks than the limit stops there: input-too-large for
    that file (exit 2), before millions of paragraphs are read."""
    document = docx.Document()
    for i in range(60):
        document.add_paragraph(f"第{i}段")
    document.save(tmp_path / "报告.docx")
    (tmp_path / "报告.html").write_text("<html><body>" + "<p>段</p>" * 60 + "</body></html>", encoding="utf-8")
    (tmp_path / ".govlint.yaml").write_text("limits: {max_blocks: 50}\n", encoding="utf-8")
    for name, what in (("报告.docx", "超过 50 个段落"), ("报告.html", "网页有 62 个元素")):
        r = run_cli("check", name, cwd=tmp_path)
        assert r.returncode == 2
        assert r.stderr.decode().strip() == (f"govlint: 错误：{name}: 输入过大（input-too-large）：{what}，超过上限 50 个；"
                                             "可在 .govlint.yaml 的 limits 中调整")
    (tmp_path / ".govlint.yaml").write_text("limits: {max_blocks: 100}\n", encoding="utf-8")
    assert run_cli("check", "报告.docx", cwd=tmp_path).returncode in (0, 1)


def test_too_many_paragraphs_or_elements_are_refused_before_a_tree_is_built(tmp_path, monkeypatch):
    """Counted in the bytes first: a file over the limit never reaches python-docx's or lxml's tree
    (a million paragraphs or cells take about a gigabyte there); one within it still does."""
    import lxml.html

    from govlint.errors import InputError
    from govlint.limits import Limits
    from govlint.readers import docx as docx_reader
    from govlint.readers import html as html_reader

    document = docx.Document()
    for i in range(120):
        document.add_paragraph(f"第{i}段")
    document.save(tmp_path / "报告.docx")
    page = ("<html><body>" + "<p>段</p>" * 120 + "</body></html>").encode("utf-8")
    built = []
    monkeypatch.setattr(docx, "Document", lambda *a, **k: built.append("docx") or (_ for _ in ()).throw(RuntimeError))
    monkeypatch.setattr(lxml.html, "document_fromstring", lambda *a, **k: built.append("html") or None)
    data = (tmp_path / "报告.docx").read_bytes()
    for reader, name, payload, said in ((docx_reader, "报告.docx", data, "超过 100 个段落"),
                                        (html_reader, "报告.html", page, "网页有 122 个元素")):
        with pytest.raises(InputError) as caught:
            reader.read(name, payload, Limits(max_blocks=100))
        assert said in str(caught.value)
    assert built == []
    html_reader.read("报告.html", page, Limits(max_blocks=200))  # within the limit: parsed as before
    assert built == ["html"]


FIXTURES = Path(__file__).parent / "fixtures"
BATCH_PROBE = """
import sys
from govlint.runner import Options, Session, _one, tune_gc
tune_gc()  # as a batch's process and its workers run
session = Session(Options(cache=False, no_config=True))
for _ in range(int(sys.argv[2])):
    _one(session, sys.argv[1])
print(next(int(l.split()[1]) for l in open('/proc/self/status') if l.startswith('VmHWM:')))
"""


@pytest.mark.skipif(sys.platform != "linux", reason="VmHWM (/proc/self/status) is Linux's")
def test_a_batch_of_pdfs_runs_in_the_memory_of_one():
    """A batch's worker lints PDF after PDF: what pypdf leaves in reference cycles is collected
    after each, so 24 PDFs take the memory of 8 (before: some 6 MB more for each)."""
    pdf = FIXTURES / "reports" / "洪泽区_2023.pdf"
    peaks = [int(subprocess.run([sys.executable, "-c", BATCH_PROBE, str(pdf), str(n)], capture_output=True, check=True,
                                timeout=300).stdout.split()[-1]) for n in (8, 24)]
    assert peaks[1] - peaks[0] < 15_000, peaks  # KB
