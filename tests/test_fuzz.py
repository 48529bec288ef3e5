"""Hostile and broken input: the run ends within a bound, with findings or a one-line error,
never a traceback; the input is byte-identical afterwards; the same input gives the same JSON.

`pytest -m fuzz`; GOVLINT_FUZZ_EXAMPLES sets how many random examples each property tries
(default 30, bounded for CI; run locally with e.g. 2000)."""

from __future__ import annotations

import hashlib
import io
import json
import os
import time
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import FIXTURES, contexts, run_cli
from govlint.linter import Linter

pytestmark = pytest.mark.fuzz
EXAMPLES = int(os.environ.get("GOVLINT_FUZZ_EXAMPLES", "30"))
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
EXTENSIONS = ["txt", "md", "docx", "html", "htm", "pdf", "doc", ""]
BOUND = 20.0  # seconds one input may take


@pytest.fixture(scope="module")
def linter():
    return Linter()


def _lint(linter, data: bytes, name: str):
    start = time.perf_counter()
    result = linter.lint_bytes(data, name)
    assert time.perf_counter() - start < BOUND, name
    if result.error:
        assert "\n" not in result.error and "Traceback" not in result.error
    for d in result.diagnostics:
        assert d.line >= 1 and d.column >= 1
    return result


@SETTINGS
@given(data=st.binary(max_size=4096), ext=st.sampled_from(EXTENSIONS))
def test_random_bytes_under_every_extension(linter, data, ext):
    _lint(linter, data, f"x.{ext}" if ext else "x")


def _fixtures():
    from docx_build import build

    docx_bytes = build(["青禾县交通运输局2023年政府信息公开工作年度报告", "一、总体情况", "正文。",
                        [["一、本年新收政府信息公开申请数量", "1", "1"], ["（七）总计", "1", "1"]]])
    html_bytes = "<html><body><h1>某局2023年政府信息公开工作年度报告</h1><p>一、总体情况</p><table><tr><td rowspan=2>a</td><td>1</td></tr></table></body></html>".encode()
    return {"docx": docx_bytes, "pdf": (FIXTURES / "reports" / "洪泽区_2024.pdf").read_bytes()[:60000],
            "html": html_bytes, "txt": (FIXTURES / "mini.txt").read_bytes()}


FIXTURE_BYTES = _fixtures()


@SETTINGS
@given(kind=st.sampled_from(sorted(FIXTURE_BYTES)), cut=st.floats(0, 1), flips=st.lists(st.integers(0, 10**9), max_size=8))
def test_truncated_and_bit_flipped_files(linter, kind, cut, flips):
    data = bytearray(FIXTURE_BYTES[kind][: int(len(FIXTURE_BYTES[kind]) * cut)])
    for f in flips:
        if data:
            data[f % len(data)] ^= 1 << (f % 8)
    _lint(linter, bytes(data), f"x.{kind}")


def _docx_with_document_xml(xml: bytes) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(FIXTURE_BYTES["docx"]))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            z.writestr(info.filename, xml if info.filename == "word/document.xml" else src.read(info.filename))
    return out.getvalue()


def test_xml_entities_are_never_resolved(linter, tmp_path):
    laughs = b"""<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">""" + b"".join(
        b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10) for i in range(1, 10)) + \
        b"""]><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>"""
    secret = tmp_path / "secret.txt"
    secret.write_text("机密内容", encoding="utf-8")
    external = ("""<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file://%s">]>"""
                """<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>""" % secret).encode()
    for xml in (laughs, external):
        result = _lint(linter, _docx_with_document_xml(xml), "x.docx")
        text = "" if result.error else "".join(
            l.text for ctx in contexts(linter, data=_docx_with_document_xml(xml), name="x.docx") for l in ctx.doc.lines)
        assert "机密内容" not in text and len(text) < 10_000


def test_zip_bomb_is_refused(linter):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        with z.open("word/document.xml", "w", force_zip64=True) as f:
            chunk = b"\0" * (1 << 20)
            for _ in range(300):  # 300 MB declared, about 300 KB on disk
                f.write(chunk)
    result = _lint(linter, out.getvalue(), "bomb.docx")
    assert result.error and "input-too-large" in result.error


def test_deep_html_long_line_nul_and_mixed_encodings(linter):
    cases = {
        "deep.html": b"<div>" * 100_000 + b"x" + b"</div>" * 100_000,
        "long.txt": ("政府信息公开" * 1_700_000).encode(),  # a 10 MB single line
        "nul.txt": b"\x00" * 100_000,
        "nul-inside.txt": "一、概述\n".encode() + b"\x00\x00" + "正文".encode(),
        "mixed.txt": "一、概述\n".encode() + "二、主动公开".encode("gbk") + b"\n" + "三、".encode("utf-16"),
        "empty.md": b"", "spaces.txt": b" \n\t\n\r\n",
    }
    for name, data in cases.items():
        _lint(linter, data, name)


def test_guarantees_through_the_command_line(tmp_path):
    """A directory of hostile files: bounded time, one-line errors, files untouched, same JSON twice."""
    d = tmp_path / "in"
    d.mkdir()
    (d / "a.docx").write_bytes(b"PK\x03\x04" + os.urandom(200))
    (d / "b.pdf").write_bytes(b"%PDF-1.4\n" + os.urandom(300))
    (d / "c.html").write_bytes(b"<div>" * 50_000)
    (d / "d.txt").write_bytes(os.urandom(2000))
    (d / "e.md").write_bytes((FIXTURES / "mini-2021.md").read_bytes())
    (d / "loop").symlink_to(d, target_is_directory=True)  # a symlink loop is not followed
    before = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in d.iterdir() if p.is_file()}
    start = time.perf_counter()
    first = run_cli("check", "-f", "json", "--no-config", str(d))
    second = run_cli("check", "-f", "json", "--no-config", str(d))
    assert time.perf_counter() - start < 4 * BOUND
    assert first.stdout == second.stdout and first.returncode == second.returncode == 2
    assert "Traceback" not in first.stderr.decode()
    assert all(line.startswith("govlint: 错误：") for line in first.stderr.decode().strip().splitlines())
    assert len(json.loads(first.stdout)["files"]) == 5
    assert before == {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in before}


def test_limits_are_configurable(tmp_path):
    (tmp_path / ".govlint.yaml").write_text("limits: {max_file_mb: 0.001}\n", encoding="utf-8")
    (tmp_path / "r.txt").write_bytes((FIXTURES / "mini.txt").read_bytes())
    r = run_cli("check", "r.txt", cwd=tmp_path)
    assert r.returncode == 2 and "input-too-large" in r.stderr.decode()


def test_yaml_alias_bombs_are_refused(tmp_path):
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n" for p, c in zip("abcdefgh", "bcdefghi"))
    pack = tmp_path / "bomb.yaml"
    pack.write_text("id: x\nname: y\nextends: gov-2021\n" + bomb, encoding="utf-8")
    start = time.perf_counter()
    r = run_cli("check", "--pack", str(pack), str(FIXTURES / "mini.txt"))
    assert r.returncode == 2 and "不支持 YAML 别名" in r.stderr.decode() and f"{pack}:5:" in r.stderr.decode()
    (tmp_path / ".govlint.yaml").write_text(bomb, encoding="utf-8")
    (tmp_path / "r.txt").write_bytes((FIXTURES / "mini.txt").read_bytes())
    r = run_cli("check", "r.txt", cwd=tmp_path)
    assert r.returncode == 2 and "不支持 YAML 别名" in r.stderr.decode()
    assert time.perf_counter() - start < BOUND


def test_html_entities_are_not_resolved(linter, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("机密内容", encoding="utf-8")
    page = (f'<!DOCTYPE html [<!ENTITY x SYSTEM "file://{secret}">]><html><body><p>某局2023年政府信息公开工作年度报告</p>'
            '<p>&x;</p></body></html>').encode()
    _lint(linter, page, "x.html")
    assert "机密内容" not in "".join(l.text for ctx in contexts(linter, data=page, name="x.html") for l in ctx.doc.lines)


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root reads any file")
def test_unreadable_file(tmp_path):
    p = tmp_path / "locked.txt"
    p.write_bytes((FIXTURES / "mini.txt").read_bytes())
    p.chmod(0)
    try:
        r = run_cli("check", str(p), str(FIXTURES / "mini.txt"))
        assert r.returncode == 2 and r.stderr.decode().strip() == f"govlint: 错误：{p}: 没有读取权限"
    finally:
        p.chmod(0o600)
