"""--lang en: every word govlint itself writes is English. Chinese appears only inside quotation
marks (“…” or 《…》): the document's own words, a pack's official wording, a legal basis, the
text a suggestion asks the writer to put in. File paths and the source lines quoted under a
finding are the user's, and are left out of the check."""

from __future__ import annotations

import json
import re

import pytest

from conftest import FIXTURES, ROOT, contexts, run_cli
from test_rules import _cases, build_text

CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]")
QUOTED = re.compile(r"“[^”]*”|《[^》]*》")
INPUTS = [str(FIXTURES), str(ROOT / "examples")]


def unquoted_chinese(text: str) -> list[str]:
    """The Chinese left in ``text`` once quotations are taken out."""
    return CJK.findall(QUOTED.sub("", text))


def _run(fmt: str, *extra: str) -> str:
    proc = run_cli("check", "--no-config", "--no-cache", "--lang", "en", "-f", fmt, *extra, *INPUTS)
    assert proc.returncode in (0, 1), proc.stderr.decode()
    return proc.stdout.decode()


def _paths() -> list[str]:
    out = json.loads(_run("json"))
    return sorted({f["path"] for f in out["files"]}, key=len, reverse=True)


def _without_paths(text: str, paths: list[str]) -> str:
    for p in paths:
        text = text.replace(p, "<path>")
    return text


@pytest.mark.parametrize("fmt", ["text", "concise", "github", "junit", "html"])
def test_english_output_has_no_unquoted_chinese(fmt):
    text = _without_paths(_run(fmt), _paths())
    if fmt == "text":  # the source line framed under a finding is the document's
        text = "\n".join(l for l in text.splitlines() if not re.match(r"^\s*\d+ │ ", l))
    if fmt == "html":
        text = re.sub(r'<pre class="src">.*?</pre>', "", text, flags=re.S)
    bad = [l for l in text.splitlines() if unquoted_chinese(l)]
    assert not bad, "\n".join(bad[:20])


def test_english_json_and_sarif_messages():
    """JSON and SARIF carry the document's title, agency and headings as data; what govlint
    says about them (messages, suggestions, notes, why a pack was chosen, where) is English."""
    out = json.loads(_run("json", "-v"))
    said = []
    for f in out["files"]:
        for d in f["diagnostics"]:
            said += [d["message"], d.get("suggestion") or "", *d.get("notes", [])]
        for doc in f.get("documents", []):
            said.append(doc["pack_reason"])
            said += [row["decision"] for row in doc.get("alignment", [])]
    sarif = json.loads(_run("sarif"))
    run = sarif["runs"][0]
    for rule in run["tool"]["driver"]["rules"]:
        said += [rule["shortDescription"]["text"], rule["fullDescription"]["text"], rule["help"]["text"]]
    for result in run["results"]:
        props = result["properties"]
        said += [result["message"]["text"], props.get("suggestion", ""), props.get("location", ""),
                 *props.get("notes", [])]
    assert len(said) > 100
    bad = [s for s in said if unquoted_chinese(s)]
    assert not bad, "\n".join(bad[:20])


def test_chinese_output_is_chinese():
    """The default language still says it all in Chinese (the check above can fail)."""
    proc = run_cli("check", "--no-config", "--no-cache", "-f", "concise", str(ROOT / "examples"))
    lines = [l for l in proc.stdout.decode().splitlines() if l]
    assert lines and all(unquoted_chinese(l.split(": ", 1)[1]) for l in lines)


def test_every_rule_speaks_english():
    """Every rule has an English summary, rationale and fix, and English templates for its
    messages and fragments: Chinese in them only quoted."""
    from govlint.checks import SHARED_TEXTS, all_rules

    for rule in all_rules():
        texts = [rule.summary_en, rule.rationale_en, rule.fix_en, rule.message["en"]]
        texts += [rule.suggestion["en"]] if rule.suggestion else []
        texts += [t["en"] for t in rule.texts.values()]
        for t in texts:
            assert t and not unquoted_chinese(re.sub(r"\{[^}]*\}", "", t)), (rule.id, t)
    for name, t in SHARED_TEXTS.items():
        assert not unquoted_chinese(re.sub(r"\{[^}]*\}", "", t["en"])), name


@pytest.mark.parametrize("rule,case", [c for c in _cases() if c.values[1]["expect"]])
def test_every_failing_rule_case_in_english(linter, store, rule, case):
    """The failing case of every rule, linted in English: the same findings, at the same lines,
    and nothing but quotations in Chinese."""
    from govlint.linter import Linter

    text, fmt = build_text(case)
    pack = case.get("pack", "twelve-section")
    en = Linter(None if pack == "auto" else store.load(pack), lang="en", agency_kind=case.get("agency_kind"),
                automatic=store.automatic())
    zh = Linter(None if pack == "auto" else store.load(pack), lang="zh", agency_kind=case.get("agency_kind"),
                automatic=store.automatic())
    if "previous" in case:
        prev_text, prev_fmt = build_text(case["previous"])
        for lin in (en, zh):
            found = contexts(lin, text=prev_text, name=f"previous.{prev_fmt}", fmt=prev_fmt)
            lin.previous = next((c for c in found if c.is_report), None)
    if "file" in case:
        path = FIXTURES / case["file"]
        got_en, got_zh = (lin.lint_bytes(path.read_bytes(), str(path)) for lin in (en, zh))
    else:
        got_en, got_zh = (lin.lint_text(text, path=f"case.{fmt}", fmt=fmt) for lin in (en, zh))
    assert [(d.rule, d.line, d.column) for d in got_en.diagnostics] == \
        [(d.rule, d.line, d.column) for d in got_zh.diagnostics]
    for d in got_en.diagnostics:
        for said in [d.message, d.suggestion or "", *d.notes]:
            assert not unquoted_chinese(said), (d.rule, said)
