"""A Word draft read as Word shows it: tracked changes accepted (w:ins in, w:del out), content
controls (w:sdt) read through, manual line breaks (w:br) ending lines; and its PDF export. Each
gives the findings of the plain draft (tests/fixtures/word/make.py made the files; LibreOffice
made draft.pdf)."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from conftest import FIXTURES, TESTS, run_cli
from govlint.limits import Limits
from govlint.linter import Linter
from govlint.readers import read

WORD = FIXTURES / "word"
PERIOD = "本报告中所列数据的统计期限自2023年1月1日起至2023年12月31日止。"


@pytest.fixture(scope="module")
def linter():
    return Linter()


def _findings(linter, name: str) -> list[tuple[str, str]]:
    r = linter.lint_path(str(WORD / name))
    assert r.error is None
    return sorted((d.rule, d.message) for d in r.diagnostics)


def _lines(name: str):
    return read(name, (WORD / name).read_bytes(), Limits()).lines


def test_the_plain_draft_has_its_three_defects(linter):
    assert sorted({rule for rule, _ in _findings(linter, "draft.docx")}) == [
        "nonstandard-heading", "table-sum-mismatch", "unfilled-placeholder"]


@pytest.mark.parametrize("name", ["draft-revisions.docx", "draft-controls.docx", "draft-breaks.docx", "draft.pdf"])
def test_each_form_of_the_draft_gives_its_findings(linter, name):
    if name.endswith(".pdf"):
        pytest.importorskip("pypdf")
    left = [f for f in _findings(linter, name) if f[0] != "unresolved-review"]  # the changes themselves: said once
    assert left == _findings(linter, "draft.docx")
    assert [rule for rule, _ in _findings(linter, name)].count("unresolved-review") == (name == "draft-revisions.docx")


def test_tracked_changes_are_read_accepted():
    texts = [l.text for l in _lines("draft-revisions.docx")]
    assert any(PERIOD in t for t in texts)  # the insertion
    assert not [t for t in texts if "20××年）" in t or "（2022年）" in t]  # the deletions: a note, a whole paragraph
    assert len([t for t in texts if t.startswith("二、主动公开政府信息情况")]) == 1


def test_content_controls_are_read_through():
    lines = _lines("draft-controls.docx")
    assert lines[0].text == "青禾县交通运输局2023年政府信息公开工作年度报告"
    assert "电话：0739-5210088；" in lines[1].text  # an inline control inside the sentence


def test_manual_line_breaks_end_lines_shown_on_their_paragraph():
    lines = _lines("draft-breaks.docx")
    heading = next(l for l in lines if l.text == "六、其他需要报告的事项")
    before = next(l for l in lines if l.text == "五、存在的主要问题及改进情况")
    assert heading.shown == before.shown and heading.location == {"paragraph": before.shown}
    assert heading.offset == len("五、存在的主要问题及改进情况政策解读形式还比较单一。下一步，我局将丰富图解、视频等解读形式，提高解读的针对性。") + 2
    assert [l.number for l in lines] == sorted({l.number for l in lines})


def test_a_finding_after_a_line_break_points_into_its_paragraph():
    doc = json.loads(run_cli("check", "-f", "json", str(WORD / "draft-breaks.docx")).stdout)
    placeholder = next(d for d in doc["files"][0]["diagnostics"] if d["rule"] == "unfilled-placeholder")
    signature = next(l for l in _lines("draft-breaks.docx") if l.text == "青禾县交通运输局")
    assert placeholder["location"] == {"paragraph": signature.shown}
    assert placeholder["column"] == len("青禾县交通运输局") + 2  # after the name and the break
    out = run_cli("check", str(WORD / "draft-breaks.docx")).stdout.decode()
    assert f"第{signature.shown}段" in out and "青禾县交通运输局 20××年1月22日" in out


def _uno_python() -> str | None:
    """The system's python3 with LibreOffice's UNO bridge (a virtualenv's python has none)."""
    for candidate in ("/usr/bin/python3", shutil.which("python3")):
        if candidate and subprocess.run([candidate, "-c", "import uno"], capture_output=True).returncode == 0:
            return candidate
    return None


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice is not installed")
def test_libreoffice_reads_the_word_drafts_as_govlint_does(tmp_path):
    """LibreOffice opens each draft, accepts all changes and saves its text: every line govlint
    reads outside the tables is a line of that text (LibreOffice's own reading, not ours)."""
    python = _uno_python()
    if python is None:
        pytest.skip("LibreOffice's Python bridge (python3-uno) is not installed")
    for name in ("draft-revisions.docx", "draft-controls.docx", "draft-breaks.docx"):
        out = tmp_path / (name + ".txt")
        subprocess.run([python, str(TESTS / "lo_text.py"), str(WORD / name), str(out)], check=True, timeout=180)
        theirs = {l.strip("\ufeff").strip() for l in out.read_text(encoding="utf-8").split("\n")}
        ours = [l.text for l in _lines(name) if "table" not in (l.location or {})]
        assert len(ours) >= 12
        assert [t for t in ours if t not in theirs] == [], name
