"""govlint.rx: patterns whose compiled programs are kept on disk behave exactly as re.compile's,
are read back by the next process without parsing, and any damaged, foreign or unwritable store
falls back to re.compile. Each test has a cache directory of its own (a new process per run, as a
user's runs are)."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from conftest import ROOT, run_cli

# the kinds of construct govlint's patterns use: CJK classes and ranges, named groups, lookbehind,
# alternation of words, flags, back-references, a verbose pattern
PATTERNS = [
    (r"^(?P<num>[一二三四五六七八九十]{1,3})\s*(?P<sep>[、.,，])\s*(?=\S)", 0),
    (r"(?<![0-9A-Za-z\u4e00-\u9fff])1[3-9]\d{9}(?!\d)", 0),
    (r"(?:(?<=[^\W\d_A-Za-z])|(?<=[）)”」》]))\d+(\.\d+)?(?![\d年月日])", 0),
    (r"(发布日期|公开日期|发布时间)[:：|]{0,3}(\d{4})[-年./](\d{1,2})[-月./](\d{1,2})日?", 0),
    (r"(?P<w>政务)(公开)?(?P=w)", 0),
    (r"^page\s+\d+$", re.I | re.M),
    (r"""(?x) (?P<a>\d+) \s* 件  # a count
              | (?P<b>[a-z]+)""", 0),
]
SAMPLES = ["一、总体情况", "（二）主动公开", "手机13912345678", "x13912345678", "共受理12件", "）15条",
           "发布时间：2024-01-30", "政务公开政务", "PAGE 3\npage 4", "17 件", "abc", ""]

SCRIPT = r"""
import json, re, sys
from govlint import rx
if "--no-parse" in sys.argv:  # the store must serve every pattern: parsing would fail the test
    def refuse(*a, **k):
        raise AssertionError("parsed although stored")
    rx._sre_parser.parse = refuse
patterns = json.loads(sys.stdin.read())
out = []
for p, flags in patterns:
    c = rx.compile(p, flags)
    out.append([c.pattern, c.flags, c.groups, dict(c.groupindex),
                [[m.span(), m.groups()] for s in SAMPLES for m in c.finditer(s)]])
print(json.dumps(out))
""".replace("SAMPLES", repr(SAMPLES))


def _run(cache, *args, env_extra=None):
    env = {"GOVLINT_CACHE_DIR": str(cache), "PYTHONPATH": str(ROOT)}
    env.update(env_extra or {})
    import os

    full = {k: v for k, v in os.environ.items() if k not in ("GOVLINT_NO_CACHE",)}
    full.update(env)
    proc = subprocess.run([sys.executable, "-c", SCRIPT, *args], input=json.dumps(PATTERNS).encode(),
                          capture_output=True, env=full)
    assert proc.returncode == 0, proc.stderr.decode()
    return json.loads(proc.stdout)


def _expected():
    out = []
    for p, flags in PATTERNS:
        c = re.compile(p, flags)
        out.append([c.pattern, c.flags, c.groups, dict(c.groupindex),
                    [[list(m.span()), list(m.groups())] for s in SAMPLES for m in c.finditer(s)]])
    return json.loads(json.dumps(out))


def _store(cache):
    return sorted((cache / "regex").glob("*.marshal"))


def test_stored_programs_match_as_re_compile_does(tmp_path):
    cache = tmp_path / "cache"
    first = _run(cache)
    assert first == _expected()
    assert len(_store(cache)) == 1  # written at exit
    second = _run(cache, "--no-parse")  # every pattern from the store, none parsed again
    assert second == _expected()


@pytest.mark.parametrize("damage", [b"", b"\x00garbage\xff" * 10, "truncate"])
def test_a_damaged_store_is_rebuilt_not_trusted(tmp_path, damage):
    cache = tmp_path / "cache"
    _run(cache)
    (path,) = _store(cache)
    path.write_bytes(path.read_bytes()[:200] if damage == "truncate" else damage)
    assert _run(cache) == _expected()
    assert _run(cache, "--no-parse") == _expected()  # rewritten whole by the run that rebuilt it


@pytest.mark.parametrize("build_suffix", ["|another python", ""])
def test_programs_of_another_build_or_refused_by_the_engine_are_not_used(tmp_path, build_suffix):
    """A store written by another Python is ignored; a program the engine refuses (all zeros) is
    made afresh."""
    import marshal

    cache = tmp_path / "cache"
    _run(cache)
    (path,) = _store(cache)
    build, programs = marshal.loads(path.read_bytes())
    wrong = {key: (flags, [0] * len(code), groups, gi, ig) for key, (flags, code, groups, gi, ig) in programs.items()}
    path.write_bytes(marshal.dumps((build + build_suffix, wrong)))
    assert _run(cache) == _expected()


def test_no_cache_writes_no_store_and_clean_removes_it(tmp_path):
    cache = tmp_path / "cache"
    assert _run(cache, env_extra={"GOVLINT_NO_CACHE": "1"}) == _expected()
    assert not _store(cache)
    _run(cache)
    assert _store(cache)
    proc = run_cli("clean", env={"GOVLINT_CACHE_DIR": str(cache)})
    assert proc.returncode == 0
    assert not _store(cache)


def test_an_unwritable_cache_directory_only_costs_time(tmp_path):
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the directory should be")
    assert _run(blocker) == _expected()


def test_an_invalid_pattern_raises_as_re_does():
    from govlint import rx

    with pytest.raises(re.error):
        rx.compile(r"(unclosed")
    assert rx.compile(re.compile("x")).pattern == "x"  # a compiled pattern is returned as it is
