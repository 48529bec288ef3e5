"""--lang en: every word govlint itself writes is English. Chinese appears only inside quotation
marks (“…” or 《…》): the document's own words, a pack's official wording, a legal basis, the
text a suggestion asks the writer to put in. File paths and the source lines quoted under a
finding are the user's, and are left out of the check.

The other way round, the default Chinese has no English words outside quotations but file names,
options, rule ids and codes, and a few product names. In both languages no message nests a
bracket or quotation mark in one of its own kind (“（…（…）…）”)."""

from __future__ import annotations

import functools
import json
import os
import re

import pytest

from conftest import FIXTURES, ROOT, contexts, run_cli
from test_rules import _cases, build_text

CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]")
QUOTED = re.compile(r"“[^”]*”|《[^》]*》")
# every fixture but the scans, which OCR would read again in each run (tests/test_ocr*.py cover them)
INPUTS = [str(p) for p in sorted(FIXTURES.iterdir())
          if p.name != "scans" and (p.is_dir() or p.suffix in (".txt", ".md", ".pdf"))] + [str(ROOT / "examples")]


def unquoted_chinese(text: str) -> list[str]:
    """The Chinese left in ``text`` once quotations are taken out."""
    return CJK.findall(QUOTED.sub("", text))


# a word in ASCII letters, with what makes it a name: an option's dashes, a file's dot, a rule id's hyphen
ASCII_WORD = re.compile(r"[-.~/]*[A-Za-z][A-Za-z0-9]*(?:[-_./+'|][A-Za-z0-9]+)*")
# the only English words Chinese messages say as they are: product and format names, the “XX” of a placeholder
ACRONYMS = {"govlint", "Word", "WPS", "Excel", "LibreOffice", "PDF", "HTML", "CSV", "XX"}


def english_words(text: str, allowed=ACRONYMS) -> list[str]:
    """The English words in Chinese ``text`` outside quotations, file names and extensions, options,
    rule ids and codes (anything with a dash, dot, slash, underscore or digit), and ``allowed``."""
    return [w for w in ASCII_WORD.findall(QUOTED.sub("", text))
            if w not in allowed and not re.search(r"[-./_\d]", w)]


BRACKETS = {"（": "）", "“": "”", "【": "】", "《": "》", "「": "」", "(": ")"}


def nested_brackets(text: str) -> str | None:
    """Where ``text`` opens a bracket or quotation mark inside one of its own kind, e.g.
    “（模板提示语（如…））”, quoted document text included; None when it never does."""
    closing = {v: k for k, v in BRACKETS.items()}
    opened: list[str] = []
    for i, ch in enumerate(text):
        if ch in BRACKETS:
            if ch in opened:
                return text[max(0, i - 30):i + 30]
            opened.append(ch)
        elif ch in closing and closing[ch] in opened:
            del opened[len(opened) - 1 - opened[::-1].index(closing[ch]):]
    return None


@functools.lru_cache(maxsize=None)
def _run(fmt: str, *extra: str, lang: str = "en") -> str:
    proc = run_cli("check", "--no-config", "--no-cache", "--lang", lang, "-f", fmt, *extra, *INPUTS)
    assert proc.returncode in (0, 1), proc.stderr.decode()
    return proc.stdout.decode()


def _said(out: dict) -> list[str]:
    """What govlint says in a JSON report: messages, suggestions, notes, why a pack was chosen."""
    said = []
    for f in out["files"]:
        for d in f["diagnostics"]:
            said += [d["message"], d.get("suggestion") or "", *d.get("notes", [])]
        said += [doc["pack_reason"] for doc in f.get("documents", [])]
    return said


def _paths() -> list[str]:
    out = json.loads(_run("json"))
    paths = {f["path"] for f in out["files"]}
    paths |= {os.path.relpath(p) for p in paths}  # as CI formats write them: relative to the working directory
    return sorted(paths, key=len, reverse=True)


def _without_paths(text: str, paths: list[str]) -> str:
    for p in paths:
        text = text.replace(p, "<path>")
    return text


@pytest.mark.parametrize("fmt", ["text", "concise", "github", "gitlab", "junit", "html"])
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
    said = _said(out) + [row["decision"] for f in out["files"] for doc in f.get("documents", [])
                         for row in doc.get("alignment", [])]
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


def test_chinese_messages_have_no_english_words():
    """Under the default language, every fixture's messages, suggestions and notes are Chinese."""
    said = _said(json.loads(_run("json", "-v", lang="zh")))
    assert len(said) > 100
    bad = [(english_words(s), s) for s in said if english_words(s)]
    assert not bad, "\n".join(map(str, bad[:20]))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_messages_nest_no_brackets(lang):
    """No message, suggestion or note of a fixture nests a bracket in its own kind: a quotation
    that holds brackets (a row's label “（七）总计”) is never put in brackets of that kind."""
    said = _said(json.loads(_run("json", "-v", lang=lang)))
    bad = [(nested_brackets(s), s) for s in said if nested_brackets(s)]
    assert not bad, "\n".join(map(str, bad[:20]))


def test_the_bracket_scanner():
    assert nested_brackets("未填写的占位内容“【请填写】”（模板提示语（如“【请填写】”））")
    assert nested_brackets("表中为 5（“（七）总计”一行）")
    assert nested_brackets("“关于“放管服”改革”")
    assert nested_brackets("(a year (as in “20××年”))")
    assert nested_brackets("勾稽关系在“（七）总计”一行不成立（总计列）：（一）（二）") is None
    assert english_words("统计表请使用 Word 表格；用 --previous 指定 gov-2021 的 报告.docx（GL501）") == []
    assert english_words("不是 annual report") == ["annual", "report"]


@pytest.mark.parametrize("rule,case", [c for c in _cases() if c.values[1]["expect"]])
def test_every_failing_rule_case_in_both_languages(linter, store, rule, case):
    """The failing case of every rule, linted in English and in Chinese: the same findings, at the
    same lines; nothing but quotations in Chinese under English, no English words under Chinese,
    and no bracket nested in its own kind in either."""
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
            assert not nested_brackets(said), (d.rule, said)
    for d in got_zh.diagnostics:
        for said in [d.message, d.suggestion or "", *d.notes]:
            assert not english_words(said), (d.rule, said)
            assert not nested_brackets(said), (d.rule, said)
