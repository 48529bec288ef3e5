"""File names the OS allows but a terminal or a parser chokes on: bytes that are not UTF-8, ESC,
a line break, the right-to-left override. Every output format stays valid UTF-8 and parseable,
each name escaped (\\xff, \\x1b, \\x0a, \\u202e), and an unreadable file is one line on stderr."""

from __future__ import annotations

import csv
import io
import json
import os
import xml.etree.ElementTree as ET
from urllib.parse import quote

import pytest

from conftest import ROOT, run_cli
from test_ci_formats import _assert_valid

FIXTURES = ROOT / "tests" / "fixtures"
REPORT = (ROOT / "examples" / "broken-twelve-section.txt").read_bytes()
NAMES = [b"\xff\xfe\xe6\x8a\xa5\xe5\x91\x8a.txt", "esc\x1b[31m报告.txt".encode(), "第一行\n第二行.txt".encode(),
         "\u202etxt.报告.md".encode()]
SHOWN = ["\\xff\\xfe报告.txt", "esc\\x1b[31m报告.txt", "第一行\\x0a第二行.txt", "\\u202etxt.报告.md"]
RAW = ["\x1b", "\u202e", "\ufffd"]


@pytest.fixture
def folder(tmp_path):
    d = tmp_path / "reports"
    d.mkdir()
    for name in NAMES:
        with open(os.path.join(os.fsencode(d), name), "wb") as fh:
            fh.write(REPORT)
    with open(os.path.join(os.fsencode(d), b"\xff\x1b.docx"), "wb") as fh:
        fh.write(b"PK\x03\x04 not really a docx")
    return d


def _run(folder, fmt: str) -> tuple[str, str]:
    proc = run_cli("check", "--no-config", "--no-cache", "-f", fmt, "reports", cwd=folder.parent)
    assert proc.returncode == 2, proc.stderr  # the broken .docx
    out = proc.stdout.decode("utf-8")  # strict: valid UTF-8 whatever the names
    err = proc.stderr.decode("utf-8")
    for raw in RAW:
        assert raw not in out and raw not in err
    lines = [l for l in err.splitlines() if "错误" in l]
    assert lines == ["govlint: 错误：reports/\\xff\\x1b.docx: 不是有效的 .docx 文件（无法按 Word 文档读取）"] or (
        len(lines) == 1 and lines[0].startswith("govlint: 错误：reports/\\xff\\x1b.docx: ")), err
    return out, err


@pytest.mark.parametrize("fmt", ["text", "concise", "github", "gitlab", "junit", "json", "jsonl", "sarif", "html", "csv"])
def test_odd_names_in_every_format(folder, fmt):
    out, _ = _run(folder, fmt)
    for shown in SHOWN:
        forms = (shown, json.dumps(shown, ensure_ascii=False)[1:-1], quote(shown, safe="/"),
                 quote(json.dumps(shown, ensure_ascii=False)[1:-1], safe="/"))
        assert any(f in out for f in forms), (shown, fmt)
    if fmt in ("json", "gitlab", "sarif"):
        doc = json.loads(out)
        if fmt == "sarif":
            _assert_valid(doc, FIXTURES / "sarif-schema-2.1.0.json", "Draft4Validator")
    elif fmt == "jsonl":
        assert all(json.loads(l) for l in out.splitlines())
    elif fmt == "junit":
        ET.fromstring(out.encode())
    elif fmt == "csv":
        rows = list(csv.reader(io.StringIO(out.lstrip("\ufeff"))))
        assert len(rows) == 1 + len(NAMES) + 1  # a header, one row per file
    elif fmt == "concise":  # one line per finding, each starting with its file's shown name
        assert all(any(l.startswith(s) for s in ["reports/" + s for s in SHOWN]) or l.startswith("reports/\\xff\\x1b.docx")
                   for l in out.splitlines())
