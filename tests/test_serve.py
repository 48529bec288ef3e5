"""govlint serve: the local web page's API gives what the command line gives (the same JSON per
file, the same annotated copy, the same explanations and summary table), keeps within its limits
(413, zip bombs) and still answers after refusing, and reads no path a request names."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

pytest.importorskip("starlette")
pytest.importorskip("uvicorn")
pytest.importorskip("python_multipart")

from click.testing import CliRunner  # noqa: E402
from starlette.testclient import TestClient  # noqa: E402

from conftest import FIXTURES, ROOT, SEEDS, run_cli  # noqa: E402
from govlint.serve.app import create_app  # noqa: E402
from govlint.serve.uploads import ServeLimits  # noqa: E402

BROKEN = ROOT / "examples" / "broken-twelve-section.txt"
DRAFT = FIXTURES / "word" / "draft.docx"
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture(scope="module")
def client():
    with TestClient(create_app(workers=2)) as c:
        yield c


def _cli_json(*args) -> dict:
    r = run_cli("check", "-f", "json", "--no-config", "--no-cache", *map(str, args))
    assert r.returncode in (0, 1), r.stderr.decode()
    return json.loads(r.stdout)


def _without_path(d: dict) -> dict:
    return {k: v for k, v in d.items() if k != "path"}


def _lint(client, files, **fields):
    return client.post("/api/lint", files=[("files", f) for f in files], data=fields)


# ----------------------------------------------------------------------------- one report

def test_the_broken_example_gives_the_cli_json_and_its_text_lines(client):
    data = BROKEN.read_bytes()
    r = _lint(client, [(BROKEN.name, data)])
    assert r.status_code == 200, r.text
    body = r.json()
    [got] = body["files"]
    want = _cli_json(BROKEN)["files"][0]
    assert got["name"] == got["result"]["path"] == BROKEN.name
    assert _without_path(got["result"]) == _without_path(want)  # the same JSON as govlint check -f json
    findings = [(d["rule"], d["line"]) for d in got["result"]["diagnostics"]]
    assert findings == [(d["rule"], d["line"]) for d in want["diagnostics"]]
    assert ("missing-section", 28) in findings and ("unfilled-placeholder", 9) in findings
    # the text, numbered as the findings are: each line of the file, in order
    assert got["lines"] == [[n, t] for n, t in enumerate(data.decode("utf-8").splitlines(), start=1)]
    assert not got["truncated"] and not got["annotate"]  # a text file has no annotated copy
    assert body["summary"] == _cli_json(BROKEN)["summary"]
    assert body["options"] == {"pack": None, "agency_kind": None, "lang": "zh"}


def test_the_chosen_pack_and_agency_kind_are_used_and_shown(client):
    r = _lint(client, [(BROKEN.name, BROKEN.read_bytes())], pack="gov-2021", agency_kind="government")
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["options"] == {"pack": "gov-2021", "agency_kind": "government", "lang": "zh"}
    want = _cli_json("--pack", "gov-2021", "--agency-kind", "government", BROKEN)["files"][0]
    got = body["files"][0]["result"]
    assert got["pack"] == "gov-2021" and got["agency_kind"] == "government"
    assert _without_path(got) == _without_path(want)
    assert _lint(client, [(BROKEN.name, b"x")], agency_kind="county").status_code == 400


def test_english_messages_with_lang_en(client):
    got = _lint(client, [(BROKEN.name, BROKEN.read_bytes())], lang="en").json()["files"][0]["result"]
    want = _cli_json("--lang", "en", BROKEN)["files"][0]
    assert [d["message"] for d in got["diagnostics"]] == [d["message"] for d in want["diagnostics"]]


def test_a_docx_gets_the_annotated_copy_the_cli_writes(client, tmp_path):
    import docx
    from test_annotate import _comments

    data = DRAFT.read_bytes()
    body = _lint(client, [(DRAFT.name, data)]).json()
    [got] = body["files"]
    assert got["annotate"] and got["source"] == {"upload": 0, "entry": None}
    assert got["result"]["format"] == "docx" and got["result"]["diagnostics"]
    r = client.post("/api/annotate", files={"file": (DRAFT.name, data)}, data={"pack": "", "agency_kind": ""})
    assert r.status_code == 200, r.text
    assert "draft.govlint.docx" in r.headers["content-disposition"]
    copy = tmp_path / "from-server.docx"
    copy.write_bytes(r.content)
    docx.Document(str(copy))  # python-docx opens it
    comments = _comments(copy)
    assert len(comments) == len(got["result"]["diagnostics"]) == int(r.headers["x-govlint-comments"])
    assert all(author == "govlint" for author, _, _ in comments)
    # the same comments on the same text as govlint check --annotate
    draft = tmp_path / "draft.docx"
    shutil.copy(DRAFT, draft)
    assert run_cli("check", "--no-config", "--no-cache", "--annotate", str(draft)).returncode == 1
    assert comments == _comments(tmp_path / "draft.govlint.docx")


@pytest.mark.skipif(not (shutil.which("soffice") or shutil.which("libreoffice")), reason="LibreOffice not installed")
def test_a_doc_is_converted_and_annotated_when_libreoffice_is_there(client, tmp_path):
    import docx

    source = FIXTURES / "office" / "draft.doc"
    got = _lint(client, [(source.name, source.read_bytes())]).json()["files"][0]
    assert got["annotate"] and got["result"]["format"] == "doc"
    r = client.post("/api/annotate", files={"file": (source.name, source.read_bytes())})
    assert r.status_code == 200, r.text
    out = tmp_path / "copy.docx"
    out.write_bytes(r.content)
    d = docx.Document(str(out))
    assert len(list(d.part._comments_part.element)) == int(r.headers["x-govlint-comments"]) > 0


def test_a_text_file_gets_no_annotated_copy(client):
    r = client.post("/api/annotate", files={"file": (BROKEN.name, BROKEN.read_bytes())})
    assert r.status_code == 422
    assert "Word" in r.json()["error"]


# ----------------------------------------------------------------------------- many reports

def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries.items():
            z.writestr(name, data)
    return buffer.getvalue()


def test_a_zip_of_reports_gives_one_entry_each_the_summary_and_the_exports(client, tmp_path):
    import openpyxl

    seeds = sorted(SEEDS.glob("*.txt"))
    entries = {f"省/县{k}/{p.name}": p.read_bytes() for k, p in enumerate(seeds)}
    entries["省/说明.xls"] = b"not a report"
    entries["省/.hidden.txt"] = b"hidden"
    entries["__MACOSX/省/._x.txt"] = b"mac"
    entries["省/~$报告.docx"] = b"lock"
    r = _lint(client, [("省.zip", _zip(entries)), (BROKEN.name, BROKEN.read_bytes())])
    assert r.status_code == 200, r.text
    body = r.json()
    names = [f["name"] for f in body["files"]]
    assert names == [f"省.zip/省/县{k}/{p.name}" for k, p in enumerate(seeds)] + [BROKEN.name]
    assert [f["source"] for f in body["files"]] == [
        {"upload": 0, "entry": f"省/县{k}/{p.name}"} for k, p in enumerate(seeds)] + [{"upload": 1, "entry": None}]
    assert {s["name"] for s in body["skipped"]} == {"省.zip/省/说明.xls", "省.zip/省/~$报告.docx"}
    want = _cli_json(*seeds, BROKEN)
    for got, expected in zip(body["files"], want["files"]):
        assert _without_path(got["result"]) == _without_path(expected)
    assert body["summary"] == want["summary"]
    # the summary table as govlint check -f csv writes it (the file column names the zip's entries)
    csv = client.get(f"/api/export/{body['export']}.csv")
    assert csv.status_code == 200 and csv.content.startswith("\ufeff".encode())
    cli_csv = run_cli("check", "-f", "csv", "--no-config", "--no-cache", *map(str, seeds), str(BROKEN)).stdout.decode()

    def rows(text):
        return [line.split(",", 1)[1] for line in text.lstrip("\ufeff").splitlines()]

    assert rows(csv.content.decode("utf-8")) == rows(cli_csv)
    detail = client.get(f"/api/export/{body['export']}.csv?detail=1").content.decode("utf-8")
    assert len(detail.splitlines()) == 1 + sum(len(f["result"]["diagnostics"]) for f in body["files"])
    xlsx = client.get(f"/api/export/{body['export']}.xlsx")
    assert xlsx.status_code == 200
    (tmp_path / "t.xlsx").write_bytes(xlsx.content)
    book = openpyxl.load_workbook(tmp_path / "t.xlsx")
    assert book.sheetnames == ["汇总", "问题明细"]
    cli_xlsx = tmp_path / "cli.xlsx"
    run_cli("check", "-f", "xlsx", "-o", str(cli_xlsx), "--no-config", "--no-cache", *map(str, seeds), str(BROKEN))
    cli_book = openpyxl.load_workbook(cli_xlsx)
    for sheet in ("汇总", "问题明细"):  # the workbook govlint check -f xlsx writes, but for the file column
        ours = [row[1:] for row in book[sheet].iter_rows(values_only=True)]
        assert ours == [row[1:] for row in cli_book[sheet].iter_rows(values_only=True)]
        assert len(ours) > len(names)
    assert list(dict.fromkeys(c.value for c in book["汇总"]["A"]))[1:] == names
    assert client.get("/api/export/no-such-token.csv").status_code == 404


def test_a_word_file_inside_a_zip_is_annotated_from_the_zip(client):
    import docx

    archive = _zip({"报告/draft.docx": DRAFT.read_bytes()})
    got = _lint(client, [("报告.zip", archive)]).json()["files"][0]
    assert got["annotate"] and got["source"] == {"upload": 0, "entry": "报告/draft.docx"}
    r = client.post("/api/annotate", files={"file": ("报告.zip", archive)}, data={"entry": got["source"]["entry"]})
    assert r.status_code == 200, r.text
    d = docx.Document(io.BytesIO(r.content))
    assert len(list(d.part._comments_part.element)) == len(got["result"]["diagnostics"])
    assert client.post("/api/annotate", files={"file": ("报告.zip", archive)}, data={"entry": "../x.docx"}).status_code == 400


def test_zip_names_written_by_chinese_windows_are_read_as_gbk(client):
    text = BROKEN.read_bytes()
    placeholder, name = b"abcdefgh.txt", "年度报告.txt".encode("gbk")
    assert len(placeholder) == len(name)
    archive = _zip({placeholder.decode(): text}).replace(placeholder, name)  # GBK bytes, no UTF-8 flag
    got = _lint(client, [("a.zip", archive)]).json()["files"][0]
    assert got["name"] == "a.zip/年度报告.txt"
    assert len(got["result"]["diagnostics"]) == 9


# ----------------------------------------------------------------------------- limits

def _still_answers(client):
    r = _lint(client, [(BROKEN.name, BROKEN.read_bytes())])
    assert r.status_code == 200 and len(r.json()["files"][0]["result"]["diagnostics"]) == 9


def test_a_file_over_the_size_limit_gets_413_and_the_server_still_answers(client):
    big = b"x" * (51 * 1024 * 1024)  # govlint's max_file_mb is 50
    r = _lint(client, [("大.txt", big)])
    assert r.status_code == 413
    assert r.json()["error"] == "上传内容过大：“大.txt”超过单个文件的上限 50 MB"
    _still_answers(client)


def test_a_zip_bomb_gets_413_and_the_server_still_answers(client):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("bomb.txt", b"\0" * (40 * 1024 * 1024))  # 40 MB in about 40 KB: under the file limit, 1000:1
    assert len(buffer.getvalue()) < 100_000
    r = _lint(client, [("bomb.zip", buffer.getvalue())])
    assert r.status_code == 413
    assert "压缩炸弹" in r.json()["error"]
    _still_answers(client)


def test_request_total_file_count_and_streamed_body_limits():
    limits = ServeLimits(max_request_mb=1, max_files=3)
    with TestClient(create_app(workers=1, limits=limits)) as c:
        r = _lint(c, [(f"{k}.txt", b"x" * 400_000) for k in range(3)])  # 1.2 MB in all
        assert r.status_code == 413 and "一次最多上传 1 MB" in r.json()["error"]
        r = _lint(c, [(f"{k}.txt", b"x") for k in range(4)])
        assert r.status_code == 413 and r.json()["error"] == "上传内容过大：一次最多 3 个文件"
        r = _lint(c, [("a.zip", _zip({f"{k}.txt": b"x" for k in range(4)}))])
        assert r.status_code == 413 and "压缩包中的文件也计算在内" in r.json()["error"]

        def chunks():  # no Content-Length: counted as it comes, refused before it is all read
            yield b"--b\r\nContent-Disposition: form-data; name=\"files\"; filename=\"a.txt\"\r\n\r\n"
            for _ in range(40):
                yield b"x" * 65536
            yield b"\r\n--b--\r\n"

        r = c.post("/api/lint", content=chunks(), headers={"content-type": "multipart/form-data; boundary=b"})
        assert r.status_code == 413
        _still_answers(c)


# ----------------------------------------------------------------------------- no path is read

def test_no_path_named_in_a_request_is_read(client, tmp_path):
    clean = ROOT / "examples" / "clean-gov-2021.md"
    data = BROKEN.read_bytes()
    # a file named like a path on the server: its bytes are linted, the path never opened
    as_md = _without_path(_lint(client, [("x.md", data)]).json()["files"][0]["result"])
    assert len(as_md["diagnostics"]) == 9  # the broken example's findings
    for name in (str(clean), "../../examples/clean-gov-2021.md"):
        got = _lint(client, [(name, data)]).json()["files"][0]
        assert not got["name"].startswith("/") and ".." not in got["name"].split("/")
        assert _without_path(got["result"]) == as_md  # not the clean file's (no findings)
    got = _lint(client, [("/etc/passwd", data)]).json()["files"][0]
    assert got["name"] == "etc/passwd" and "unsupported-format" in got["result"]["error"] and not got["lines"]
    # a pack named by a path (a valid pack file on this machine) is refused, never loaded
    pack = tmp_path / "mine.yaml"
    shutil.copy(ROOT / "rules" / "gov-2021.yaml", pack)
    for value in (str(pack), "../rules/gov-2021", str(ROOT / "rules" / "gov-2021.yaml")):
        r = _lint(client, [(BROKEN.name, data)], pack=value)
        assert r.status_code == 400 and "内置规则包" in r.json()["error"]
        assert client.get("/api/explain/missing-section", params={"pack": value}).status_code == 400
    # a zip entry named ../../x is a label only
    got = _lint(client, [("z.zip", _zip({"../../etc/x.txt": data}))]).json()["files"][0]
    assert got["name"] == "z.zip/etc/x.txt"


def test_a_post_from_another_site_is_refused(client):
    r = client.post("/api/lint", files=[("files", (BROKEN.name, BROKEN.read_bytes()))],
                    headers={"origin": "http://evil.example"})
    assert r.status_code == 403


# ----------------------------------------------------------------------------- the page, explanations

def test_the_page_and_its_assets_are_served_offline(client):
    page = client.get("/")
    assert page.status_code == 200 and "把报告拖到这里" in page.text
    assert "default-src 'self'" in page.headers["content-security-policy"]
    for src in re.findall(r'(?:src|href)="([^"]+)"', page.text):
        if src != "#":  # the export links, set once there are results
            assert src.startswith("/static/"), src  # nothing from the network
            assert client.get(src).status_code == 200
    js = client.get("/static/app.js").text
    assert "http://" not in js and "https://" not in js
    meta = client.get("/api/meta").json()
    from govlint.packs.loader import available_packs
    assert [p["id"] for p in meta["packs"]] == available_packs()
    assert meta["limits"]["max_file_mb"] == 50


def test_explanations_are_govlint_explains(client):
    from govlint.checks import all_rules
    from govlint.cli import cli

    runner = CliRunner()
    for rule in all_rules():
        for lang in ("zh", "en"):
            want = runner.invoke(cli, ["explain", rule.id, "--lang", lang]).output
            got = client.get(f"/api/explain/{rule.id}", params={"lang": lang}).json()["text"]
            assert got + "\n" == want, rule.id
    want = runner.invoke(cli, ["explain", "missing-section", "--pack", "twelve-section"]).output
    assert client.get("/api/explain/missing-section", params={"pack": "twelve-section"}).json()["text"] + "\n" == want
    assert client.get("/api/explain/no-such-rule").status_code == 404


# ----------------------------------------------------------------------------- the command

def test_serve_without_the_extra_says_how_to_install_it():
    code = ("import sys; sys.modules['uvicorn'] = None; sys.argv = ['govlint', 'serve', '--no-browser']; "
            "from govlint.cli import main; main()")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=60)
    assert r.returncode == 2
    assert r.stderr.decode().strip() == "govlint: 错误：网页功能需要另行安装：pip install 'govlint[serve]'（缺少 uvicorn）"


def test_another_host_than_loopback_needs_the_explicit_flag():
    r = run_cli("serve", "--host", "0.0.0.0", "--no-browser")
    assert r.returncode == 2 and "--allow-remote" in r.stderr.decode()


def _start(*args):
    env = dict(os.environ, NO_COLOR="1")
    proc = subprocess.Popen([sys.executable, "-m", "govlint", "serve", "--no-browser", "--workers", "1", *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    line = proc.stdout.readline().decode()
    m = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
    assert m, (line, proc.stderr.read1().decode() if proc.poll() is not None else "")
    return proc, m.group(0)


def test_the_server_listens_on_loopback_logs_nothing_of_the_files_and_stops_on_ctrl_c():
    import httpx

    proc, url = _start()
    try:
        assert httpx.get(url, timeout=30).status_code == 200
        r = httpx.post(url + "api/lint", files=[("files", ("秘密报告.txt", BROKEN.read_bytes()))], timeout=60)
        assert r.status_code == 200 and len(r.json()["files"][0]["result"]["diagnostics"]) == 9
        # a name that is not this machine's (DNS rebinding) is refused
        assert httpx.get(url, headers={"host": "evil.example"}, timeout=30).status_code == 400
    finally:
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=30)
    assert proc.returncode is not None
    logged = (out + err).decode()
    assert "秘密报告" not in logged and "梧桐县" not in logged and "POST" not in logged


# ----------------------------------------------------------------------------- in a real browser

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
needs_chromium = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="no chromium")


@pytest.fixture(scope="module")
def browser_page():
    """One server (``govlint serve``, one worker) and one chromium page for the browser tests."""
    sync_api = pytest.importorskip("playwright.sync_api")
    proc, url = _start()
    try:
        with sync_api.sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            page = browser.new_page(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
            page.goto(url)
            page.wait_for_selector("#pack option[value='twelve-section']", state="attached")
            yield page
            browser.close()
    finally:
        proc.send_signal(signal.SIGINT)
        proc.communicate(timeout=30)


def _shot(page, tmp_path: Path, name: str, full_page: bool = True) -> Path:
    """A screenshot of a step, under tmp_path and, when GOVLINT_SCREENSHOTS names a folder, copied there."""
    path = tmp_path / name
    page.screenshot(path=str(path), full_page=full_page)
    folder = os.environ.get("GOVLINT_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, Path(folder) / name)
    return path


def _drop(page, files) -> None:
    """Files given to the page's file input, as a drop gives them; waits for the new answer."""
    # expect's waits use selectors: no eval, which the page's Content-Security-Policy forbids
    from playwright.sync_api import expect

    page.locator("#status").evaluate("node => { node.textContent = '' }")
    page.set_input_files("#files", files)
    expect(page.locator("#status")).to_have_text(re.compile(r"^已检查 \d+ 个文件"), timeout=60_000)


@needs_chromium
def test_in_a_browser_drop_the_broken_example_and_see_its_findings_highlighted(browser_page, tmp_path):
    page = browser_page
    _drop(page, str(BROKEN))
    page.wait_for_selector("#findings li.error")
    _shot(page, tmp_path, "1-broken-example.png")
    assert page.locator("#findings li").count() == 9
    assert "规则包：自动" in page.inner_text("#choice")
    # the placeholder on line 9 is marked in the text, exactly the characters the finding names
    [d] = [d for d in _cli_json(BROKEN)["files"][0]["diagnostics"] if d["line"] == 9]
    line = BROKEN.read_text(encoding="utf-8").splitlines()[8]
    marked = page.locator(f"#line-9 mark.{d['severity']}")
    assert marked.count() == 1 and marked.inner_text() == line[d["column"] - 1:d["end_column"] - 1]
    assert page.locator("#text li.hit").count() >= 6
    page.locator("#findings li[data-rule='missing-section']").click()
    page.locator("#findings li[data-rule='missing-section'] a.explain").click()
    page.wait_for_selector("#explain[open]")
    assert "missing-section" in page.inner_text("#explain-text")
    _shot(page, tmp_path, "2-explanation.png", full_page=False)
    page.keyboard.press("Escape")


def _lo_annotations(docx_path: Path, tmp_path: Path) -> list[str]:
    """The comments LibreOffice reads in a .docx: converted to .odt headless (a private profile),
    the text of each office:annotation of its content.xml, in document order."""
    from xml.etree import ElementTree

    out = tmp_path / "lo"
    r = subprocess.run([SOFFICE, f"-env:UserInstallation={(tmp_path / 'lo-profile').as_uri()}", "--headless",
                        "--norestore", "--convert-to", "odt", "--outdir", str(out), str(docx_path)],
                       check=False, capture_output=True, timeout=180)
    odt = out / (docx_path.stem + ".odt")
    assert r.returncode == 0 and odt.exists(), (r.stdout.decode(errors="replace"), r.stderr.decode(errors="replace"))
    with zipfile.ZipFile(odt) as z:
        root = ElementTree.fromstring(z.read("content.xml"))
    office = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
    text = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
    dc = "http://purl.org/dc/elements/1.1/"
    found = []
    for note in root.iter(f"{{{office}}}annotation"):
        author = note.find(f"{{{dc}}}creator")
        paragraphs = ["".join(p.itertext()) for p in note.iter(f"{{{text}}}p")]
        found.append(((author.text if author is not None else None), "\n".join(paragraphs)))
    return found


@needs_chromium
def test_in_a_browser_download_the_annotated_docx_and_find_its_comments_in_word_and_libreoffice(browser_page, tmp_path):
    import docx
    from test_annotate import _comments

    page = browser_page
    _drop(page, str(DRAFT))
    page.wait_for_selector("#annotate")
    shown = page.locator("#findings li").count()
    assert shown > 0 and page.locator("#text mark").count() > 0
    _shot(page, tmp_path, "3-docx.png")
    with page.expect_download() as download:
        page.click("#annotate")
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.name == "draft.govlint.docx"
    from playwright.sync_api import expect

    expect(page.locator("#status")).to_have_text(re.compile(r"^已生成带批注的副本"), timeout=60_000)
    _shot(page, tmp_path, "4-docx-downloaded.png", full_page=False)
    # python-docx: one comment per finding the page lists, as many as the page says it added
    docx.Document(str(saved))
    comments = _comments(saved)
    assert len(comments) == shown
    assert f"{shown} 条批注" in page.inner_text("#status")
    assert all(author == "govlint" for author, _, _ in comments)
    messages = [m.strip() for m in page.locator("#findings li .message").all_inner_texts()]
    assert all(any(m in text for _, text, _ in comments) for m in messages)  # each finding's message is a comment's
    if not SOFFICE:
        pytest.skip("LibreOffice not installed: the annotated copy was opened with python-docx only")
    # LibreOffice: the same comments, by govlint, with the same text
    annotations = _lo_annotations(saved, tmp_path)
    assert len(annotations) == len(comments)
    assert [a for a, _ in annotations] == ["govlint"] * len(comments)
    assert sorted(t for _, t in annotations) == sorted(t for _, t, _ in comments)


@needs_chromium
def test_in_a_browser_drop_a_zip_of_reports_and_sort_the_table_by_errors(browser_page, tmp_path):
    page = browser_page
    reports = [BROKEN, ROOT / "examples" / "clean-gov-2021.md", ROOT / "examples" / "clean-twelve-section.md",
               FIXTURES / "mini.txt", FIXTURES / "mini-2021.md", *sorted(SEEDS.glob("*.txt")),
               *sorted((FIXTURES / "pages").glob("*.txt"))]
    entries = {f"省/{k:02d}-{p.name}": p.read_bytes() for k, p in enumerate(reports)}
    archive = tmp_path / "省.zip"
    archive.write_bytes(_zip(entries))
    want = _cli_json(*reports)["files"]  # the errors of each report, as govlint check counts them
    errors_of = {f"省.zip/{name}": sum(d["severity"] == "error" for d in f["diagnostics"])
                 for name, f in zip(entries, want)}
    assert len(set(errors_of.values())) >= 3  # the order is worth checking

    _drop(page, str(archive))
    page.wait_for_selector(f"#batch:not([hidden]) #summary tbody tr >> nth={len(entries) - 1}")
    assert page.locator("#summary tbody tr").count() == len(entries)
    _shot(page, tmp_path, "5-zip.png")

    def rows():
        names = page.locator("#summary tbody tr td:nth-child(1)").all_inner_texts()
        errors = [int(t) for t in page.locator("#summary tbody tr td:nth-child(5)").all_inner_texts()]
        return list(zip(names, errors))

    assert rows() == list(errors_of.items())  # as in the zip, each row with its report's errors
    page.click("#summary th[data-key='errors']")
    # most errors first; reports with as many errors keep the zip's order
    assert rows() == sorted(errors_of.items(), key=lambda kv: -kv[1])
    assert page.get_attribute("#summary th[data-key='errors']", "aria-sort") == "descending"
    _shot(page, tmp_path, "6-zip-sorted-by-errors.png")
    page.click("#summary th[data-key='errors']")
    assert rows() == sorted(errors_of.items(), key=lambda kv: kv[1])
    assert page.get_attribute("#summary th[data-key='errors']", "aria-sort") == "ascending"
    # a row opens its report
    first = rows()[-1][0]
    page.locator("#summary tbody tr").last.click()
    assert page.inner_text("#file-name") == first
