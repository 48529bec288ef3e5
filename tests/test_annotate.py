"""--annotate: the findings of a Word draft as comments (批注) in a copy, each on the text it is
about; the draft untouched; a second run replaces govlint's own comments and keeps people's.
Where LibreOffice is installed, the copy is read back by it (converted to flat ODF), so the
anchors are those an office suite shows, not only what python-docx wrote."""

from __future__ import annotations

import hashlib
import io
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from conftest import FIXTURES, TESTS, run_cli

WORD = FIXTURES / "word"
SOFFICE = shutil.which("soffice")
needs_office = pytest.mark.skipif(not SOFFICE, reason="LibreOffice is not installed")

# draft.docx's three findings and the text each comment must sit on
DRAFT_ANCHORS = [("nonstandard-heading", "一、总体工作情况"), ("table-sum-mismatch", "5"),
                 ("unfilled-placeholder", "20××年")]


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _annotate(tmp_path, name: str, *extra: str, source: Path | None = None):
    draft = tmp_path / name
    shutil.copy(source or WORD / name, draft)
    proc = run_cli("check", "--no-config", "--no-cache", "--annotate", *extra, str(draft))
    return draft, proc


def _comments(path: Path) -> list[tuple[str, str, str]]:
    """(author, comment text, anchored text) of every comment, in document order, as python-docx
    reads the file: the text between w:commentRangeStart and w:commentRangeEnd."""
    d = docx.Document(str(path))
    part = d.part._comments_part
    info = {c.get(qn("w:id")): (c.get(qn("w:author")), "\n".join("".join(t.text or "" for t in p.iter(qn("w:t")))
                                                                  for p in c.iter(qn("w:p"))))
            for c in part.element.iter(qn("w:comment"))}
    open_: dict[str, list[str]] = {}
    order: list[str] = []
    for el in d.element.body.iter(qn("w:commentRangeStart"), qn("w:commentRangeEnd"), qn("w:t")):
        if el.tag == qn("w:commentRangeStart"):
            open_[el.get(qn("w:id"))] = []
            order.append(el.get(qn("w:id")))
        elif el.tag == qn("w:commentRangeEnd"):
            open_[el.get(qn("w:id"))].append("\0")  # closed
        else:
            for parts in open_.values():
                if not parts or parts[-1] != "\0":
                    parts.append(el.text or "")
    return [(info[i][0], info[i][1], "".join(p for p in open_[i] if p != "\0")) for i in order]


_ODF = {"office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0", "dc": "http://purl.org/dc/elements/1.1/",
        "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0"}


def _office_comments(path: Path, tmp_path: Path) -> list[tuple[str, str, str]]:
    """The same, as LibreOffice reads the .docx: converted to flat ODF (.fodt), where a comment is
    an office:annotation followed by the text it covers up to its office:annotation-end."""
    out = tmp_path / "lo"
    subprocess.run([SOFFICE, f"-env:UserInstallation={(tmp_path / 'lo-profile').as_uri()}", "--headless",
                    "--norestore", "--convert-to", "fodt", "--outdir", str(out), str(path)],
                   check=True, capture_output=True, timeout=180)
    root = ET.parse(out / (path.stem + ".fodt")).getroot()
    annotation, end = f"{{{_ODF['office']}}}annotation", f"{{{_ODF['office']}}}annotation-end"
    name_attr = f"{{{_ODF['office']}}}name"
    found: list[list] = []
    open_: dict[str, list] = {}

    def text_of(el) -> str:
        return "\n".join("".join(p.itertext()) for p in el.iter(f"{{{_ODF['text']}}}p"))

    def walk(el) -> None:
        for child in el:
            if child.tag == annotation:
                creator = child.find("dc:creator", _ODF)
                entry = [creator.text if creator is not None else "", text_of(child), ""]
                found.append(entry)
                if child.get(name_attr):
                    open_[child.get(name_attr)] = entry
            elif child.tag == end:
                open_.pop(child.get(name_attr), None)
            else:
                for entry in open_.values():
                    entry[2] += child.text or ""
                walk(child)
            for entry in open_.values():
                entry[2] += child.tail or ""

    walk(root.find("office:body", _ODF))
    return [tuple(e) for e in found]


def test_each_finding_is_a_comment_on_its_own_text_and_the_draft_is_untouched(tmp_path):
    draft, proc = _annotate(tmp_path, "draft.docx")
    before = _sha(WORD / "draft.docx")
    assert proc.returncode == 1, proc.stderr.decode()
    copy = tmp_path / "draft.govlint.docx"
    assert "已写入带批注的副本" in proc.stderr.decode() and "3 条批注" in proc.stderr.decode()
    assert _sha(draft) == before  # the draft's bytes as they were
    got = _comments(copy)
    assert [(a, anchored) for a, _, anchored in got] == [("govlint", t) for _, t in DRAFT_ANCHORS]
    for (rule, _), (_, text, _) in zip(DRAFT_ANCHORS, got):
        assert f"govlint 规则 {rule}" in text
    assert got[0][1].startswith("【警告】标题“一、总体工作情况”与规范写法不一致")
    assert "建议：一、总体情况" in got[0][1]
    assert got[2][1].startswith("【错误】未填写的占位内容“20××年”")


def test_the_copy_reads_as_the_draft_did(tmp_path):
    """Comments add no text: the annotated copy gives the draft's findings, and govlint's own
    comments are no “unresolved review”."""
    _annotate(tmp_path, "draft.docx")
    a = run_cli("check", "--no-config", "--no-cache", "-f", "concise", str(WORD / "draft.docx"))
    b = run_cli("check", "--no-config", "--no-cache", "-f", "concise", str(tmp_path / "draft.govlint.docx"))
    strip = lambda out: [line.split(":", 1)[1] for line in out.decode().splitlines() if ":" in line]  # noqa: E731
    assert strip(b.stdout) == strip(a.stdout)


def test_a_second_run_replaces_govlints_comments_and_keeps_peoples(tmp_path):
    draft, proc = _annotate(tmp_path, "draft-review.docx")
    copy = tmp_path / "draft-review.govlint.docx"
    first = _comments(copy)
    people = [c for c in first if c[0] != "govlint"]
    assert people == [("办公室", "统计期限请再核对一下", people[0][2])] and people[0][2].startswith("本报告根据")
    proc = run_cli("check", "--no-config", "--no-cache", "--annotate", str(copy))
    assert "替换了上次的" in proc.stderr.decode()
    second = _comments(copy)
    assert second == first  # not piled up: the same comments on the same text
    assert len([c for c in second if c[0] == "govlint"]) == len([c for c in first if c[0] == "govlint"])


def test_a_split_run_keeps_its_formatting(tmp_path):
    """The signature date of draft-review.docx is one bold run “20××年1月22日”: the comment covers
    “20××年” only, and both halves stay bold."""
    _annotate(tmp_path, "draft-review.docx")
    d = docx.Document(str(tmp_path / "draft-review.govlint.docx"))
    p = next(p for p in d.paragraphs if p.text.startswith("20××年"))
    texts = [(r.text, r.bold) for r in p.runs if r.text]
    assert texts == [("20××年", True), ("1月22日", True)]
    got = [c for c in _comments(tmp_path / "draft-review.govlint.docx") if "unfilled-placeholder" in c[1]]
    assert [c[2] for c in got] == ["20××年"]


def test_a_heading_numbered_by_word_gets_the_comment_on_its_words(tmp_path):
    """When “一、” is Word's automatic numbering (not text), the comment covers the heading's text."""
    import sys

    sys.path.insert(0, str(TESTS))
    from docx_build import build, markdown_blocks

    blocks = markdown_blocks((FIXTURES / "mini-2021.md").read_text(encoding="utf-8"))
    blocks = ["一、总体工作情况" if b == "一、总体情况" else b for b in blocks]
    src = tmp_path / "numbered-src.docx"
    src.write_bytes(build(blocks, auto_numbering=True))
    _annotate(tmp_path, "numbered.docx", source=src)
    got = [c for c in _comments(tmp_path / "numbered.govlint.docx") if "nonstandard-heading" in c[1]]
    assert [c[2] for c in got] == ["总体工作情况"]


def test_annotate_dir_and_files_that_are_not_word(tmp_path):
    out = tmp_path / "reviewed"
    draft = tmp_path / "draft.docx"
    shutil.copy(WORD / "draft.docx", draft)
    text = tmp_path / "draft.md"
    shutil.copy(FIXTURES / "mini-2021.md", text)
    proc = run_cli("check", "--no-config", "--no-cache", "--annotate-dir", str(out), str(draft), str(text))
    err = proc.stderr.decode()
    assert (out / "draft.govlint.docx").exists() and not (tmp_path / "draft.govlint.docx").exists()
    assert "1 个文件不是 Word 文件，没有写批注副本" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["draft.docx", "draft.md", "reviewed"]


def test_a_folder_with_a_lock_file_a_renamed_doc_and_a_web_page_doc(tmp_path):
    folder = tmp_path / "报告"
    folder.mkdir()
    shutil.copy(WORD / "draft.docx", folder / "农业局.docx")
    (folder / "~$农业局.docx").write_bytes(b"\x06" + "张三".encode("utf-16-le") + b"\x00" * 150)  # Word's owner file
    shutil.copy(WORD / "renamed.doc", folder / "交通局.doc")
    shutil.copy(WORD / "oa-export.doc", folder / "教育局.doc")
    proc = run_cli("check", "--no-config", "--no-cache", "-f", "json", str(folder))
    assert proc.returncode == 1, proc.stderr.decode()  # findings, not an unreadable file
    import json

    files = {Path(f["path"]).name: f for f in json.loads(proc.stdout)["files"]}
    assert sorted(files) == ["交通局.doc", "农业局.docx", "教育局.doc"]
    assert not any(f.get("error") for f in files.values())
    rules = {name: sorted(d["rule"] for d in f["diagnostics"]) for name, f in files.items()}
    assert rules["交通局.doc"] == sorted(rules["农业局.docx"] + ["file-type-mismatch"])
    assert rules["教育局.doc"] == sorted(rules["农业局.docx"] + ["file-type-mismatch"])
    err = proc.stderr.decode().splitlines()
    assert err == ["govlint: 已跳过 1 个 Word/WPS 锁定文件（~$农业局.docx）"]


def test_a_lock_file_named_on_the_command_line_is_skipped_too(tmp_path):
    lock = tmp_path / "~$报告.docx"
    lock.write_bytes(b"\x04" + "李四".encode("utf-16-le") + b"\x00" * 150)
    proc = run_cli("check", "--no-config", "--no-cache", str(lock), str(WORD / "draft.docx"))
    assert proc.returncode == 1
    assert "已跳过 1 个 Word/WPS 锁定文件" in proc.stderr.decode()


@needs_office
def test_libreoffice_shows_every_comment_on_the_right_text(tmp_path):
    _annotate(tmp_path, "draft.docx")
    got = _office_comments(tmp_path / "draft.govlint.docx", tmp_path)
    assert [(a, anchored) for a, _, anchored in got] == [("govlint", t) for _, t in DRAFT_ANCHORS]
    assert all(f"govlint 规则 {rule}" in text for (rule, _), (_, text, _) in zip(DRAFT_ANCHORS, got))


@needs_office
def test_libreoffice_reads_people_s_comments_and_govlints_after_a_second_run(tmp_path):
    _annotate(tmp_path, "draft-review.docx")
    copy = tmp_path / "draft-review.govlint.docx"
    run_cli("check", "--no-config", "--no-cache", "--annotate", str(copy))
    got = _office_comments(copy, tmp_path)
    assert [a for a, _, _ in got].count("办公室") == 1
    mine = [(text.splitlines()[-1], anchored) for a, text, anchored in got if a == "govlint"]
    assert ("（govlint 规则 unfilled-placeholder，GL501；详见 govlint explain unfilled-placeholder）", "20××年") in mine
    assert len(mine) == len(_comments(copy)) - 1


def test_the_comment_text_in_english(tmp_path):
    draft, proc = _annotate(tmp_path, "draft.docx", "--lang", "en")
    got = _comments(tmp_path / "draft.govlint.docx")
    assert got[2][1].startswith("[error] ") and "(govlint rule unfilled-placeholder, GL501" in got[2][1]


def test_annotating_needs_no_clock(tmp_path):
    """The same draft gives the same copy (no date in govlint's comments)."""
    _annotate(tmp_path, "draft.docx")
    first = (tmp_path / "draft.govlint.docx").read_bytes()
    d = docx.Document(io.BytesIO(first))
    assert all(c.get(qn("w:date")) is None for c in d.part._comments_part.element.iter(qn("w:comment")))


def _clean_docx(tmp_path) -> Path:
    import sys

    sys.path.insert(0, str(TESTS))
    from docx_build import build, markdown_blocks

    path = tmp_path / "clean-src.docx"
    path.write_bytes(build(markdown_blocks((FIXTURES / "clean.md").read_text(encoding="utf-8"))))
    return path


@needs_office
@pytest.mark.parametrize("name", ["clean.docx", "draft.docx", "draft-breaks.docx", "draft-controls.docx",
                                  "draft-picture.docx", "draft-review.docx", "draft-revisions.docx"])
def test_every_word_fixture_annotated_as_libreoffice_reads_it(store, tmp_path, name):
    """Each finding is one govlint comment whose text is its message, on text of the line the
    finding quotes; the draft's bytes are unchanged; annotating the copy again changes nothing."""
    source = _clean_docx(tmp_path) if name == "clean.docx" else WORD / name
    draft, proc = _annotate(tmp_path, name, source=source)
    assert _sha(draft) == _sha(source)
    from govlint.linter import Linter

    result = Linter(None, automatic=store.automatic()).lint_bytes(source.read_bytes(), str(draft))  # as the CLI chooses
    copy = tmp_path / name.replace(".docx", ".govlint.docx")
    got = [c for c in _office_comments(copy, tmp_path) if c[0] == "govlint"]
    assert len(got) == len(result.diagnostics), [d.rule for d in result.diagnostics]
    deleted = [t.text for t in docx.Document(str(source)).element.body.iter(qn("w:delText")) if t.text]
    for d, (_, text, anchored) in zip(sorted(result.diagnostics, key=lambda d: d.sort_key()), got):
        assert d.message in text
        quoted = result.lines[d.line].text
        for gone in deleted:  # LibreOffice shows a tracked deletion; the text read is as accepted
            anchored = anchored.replace(gone, "")
        assert anchored.strip() and anchored.strip() in quoted, (d.rule, anchored, quoted)
    before = _comments(copy)
    run_cli("check", "--no-config", "--no-cache", "--annotate", str(copy))
    assert _comments(copy) == before


@needs_office
@pytest.mark.parametrize("name", ["draft.doc", "draft-breaks.wps", "draft.rtf", "draft.odt"])
def test_a_word_97_wps_rtf_or_odt_draft_is_converted_then_annotated(tmp_path, name):
    """LibreOffice converts the draft to .docx; the copy's comments sit where the .docx draft's do,
    and the message says it was converted."""
    office = FIXTURES / "office" / name
    draft, proc = _annotate(tmp_path, name, source=office)
    ext = name.rsplit(".", 1)[1]
    assert f"3 条批注（由 .{ext} 转换为 .docx）" in proc.stderr.decode()
    assert _sha(draft) == _sha(office)
    got = _comments(tmp_path / name.replace(f".{ext}", ".govlint.docx"))
    assert [(a, anchored) for a, _, anchored in got] == [("govlint", t) for _, t in DRAFT_ANCHORS]


def test_without_libreoffice_a_doc_is_linted_and_the_copy_is_explained_not_written(tmp_path):
    draft = tmp_path / "draft.doc"
    shutil.copy(FIXTURES / "office" / "draft.doc", draft)
    proc = run_cli("check", "--no-config", "--no-cache", "--annotate", str(draft), env={"PATH": str(tmp_path)})
    assert sorted(p.name for p in tmp_path.iterdir()) == ["draft.doc"]
    err = proc.stderr.decode().strip().splitlines()
    assert proc.returncode == 2  # the copy asked for could not be written
    assert "nonstandard-heading" in proc.stdout.decode()  # the report itself is there
    assert err == [f"govlint: 错误：{draft}: 添加批注需要 .docx 文件：请在 Word 或 WPS 中“另存为” .docx，或安装 LibreOffice 后重试"]
