"""The results cache: a hit gives what linting gives, and any change to the file or its settings
is a miss. Each test has a cache directory of its own (GOVLINT_CACHE_DIR)."""

from __future__ import annotations

import json
import os
import shutil

import pytest

from conftest import FIXTURES, ROOT, run_cli


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    d = tmp_path / "cache"
    monkeypatch.setenv("GOVLINT_CACHE_DIR", str(d))
    monkeypatch.delenv("GOVLINT_NO_CACHE", raising=False)
    return d


@pytest.fixture
def draft(tmp_path):
    p = tmp_path / "docs" / "draft.txt"
    p.parent.mkdir()
    shutil.copy(FIXTURES.parent.parent / "examples" / "broken-twelve-section.txt", p)
    return p


def _entries(cache_dir) -> list:
    return sorted((cache_dir / "results").rglob("*.pickle"))


def _json(*args, env):
    proc = run_cli("check", "-f", "json", "--no-config", *args, env=env)
    assert proc.returncode in (0, 1), proc.stderr
    return json.loads(proc.stdout)


def test_second_run_is_served_from_the_cache_with_the_same_output(cache_dir, draft):
    env = {"GOVLINT_CACHE_DIR": str(cache_dir)}
    first = _json(str(draft), env=env)
    assert len(_entries(cache_dir)) == 1
    assert (cache_dir / "CACHEDIR.TAG").read_text().startswith("Signature: 8a477f597d28d172789f06886806bc55")
    second = _json(str(draft), env=env)
    assert second == first
    assert len(_entries(cache_dir)) == 1


def test_a_hit_does_not_lint_again(cache_dir, draft, monkeypatch):
    from govlint import runner
    from govlint.linter import Linter

    options = runner.Options(no_config=True)
    first = runner.Session(options).lint_cached(str(draft))
    assert first.diagnostics  # the broken example has findings

    def fail(*a, **k):
        raise AssertionError("linted although cached")

    monkeypatch.setattr(Linter, "lint_bytes", fail)
    monkeypatch.setattr(Linter, "lint_path", fail)
    again = runner.Session(options).lint_cached(str(draft))
    assert [(d.rule, d.line, d.message) for d in again.diagnostics] == \
        [(d.rule, d.line, d.message) for d in first.diagnostics]


def test_changed_bytes_are_linted_again(cache_dir, draft):
    env = {"GOVLINT_CACHE_DIR": str(cache_dir)}
    before = _json(str(draft), env=env)
    text = draft.read_text(encoding="utf-8")
    draft.write_text(text.rstrip("\n") + "\n某某局办公室\n", encoding="utf-8")
    after = _json(str(draft), env=env)
    last = len(text.rstrip("\n").split("\n")) + 1

    def placeholders(out):
        return [d["line"] for f in out["files"] for d in f["diagnostics"] if d["rule"] == "unfilled-placeholder"]

    assert placeholders(after) == placeholders(before) + [last]
    assert len(_entries(cache_dir)) == 2


def test_settings_are_part_of_the_key(cache_dir, draft):
    env = {"GOVLINT_CACHE_DIR": str(cache_dir)}
    full = _json(str(draft), env=env)
    rules = sorted({d["rule"] for f in full["files"] for d in f["diagnostics"]})
    assert rules
    ignored = _json("--ignore", rules[0], str(draft), env=env)
    assert rules[0] not in {d["rule"] for f in ignored["files"] for d in f["diagnostics"]}
    english = _json("--lang", "en", str(draft), env=env)
    assert english["files"][0]["diagnostics"][0]["message"] != full["files"][0]["diagnostics"][0]["message"]
    assert len(_entries(cache_dir)) == 3
    # and back: the first settings hit their own entry
    assert _json(str(draft), env=env) == full


def test_same_bytes_at_another_path_name_that_path(cache_dir, draft, tmp_path):
    env = {"GOVLINT_CACHE_DIR": str(cache_dir)}
    _json(str(draft), env=env)
    other = tmp_path / "copy.txt"
    shutil.copy(draft, other)
    out = _json(str(other), env=env)
    assert out["files"][0]["path"] == str(other)
    assert len(_entries(cache_dir)) == 1  # the same key: one entry serves both


def test_no_cache_writes_nothing_and_clean_empties_it(cache_dir, draft):
    env = {"GOVLINT_CACHE_DIR": str(cache_dir)}
    _json("--no-cache", str(draft), env=env)
    assert not _entries(cache_dir)
    _json(str(draft), env=dict(env, GOVLINT_NO_CACHE="1"))
    assert not _entries(cache_dir)
    _json(str(draft), env=env)
    assert len(_entries(cache_dir)) == 1
    proc = run_cli("clean", env=env)
    assert proc.returncode == 0
    assert str(cache_dir) in proc.stdout.decode()
    assert not _entries(cache_dir)


def test_jobs_with_a_warm_cache_give_the_same_output(cache_dir, tmp_path):
    env = {"GOVLINT_CACHE_DIR": str(cache_dir)}
    folder = tmp_path / "many"
    folder.mkdir()
    for name in ("mini.txt", "mini-2021.md", "clean.md"):
        shutil.copy(FIXTURES / name, folder / name)
    cold = _json("--jobs", "2", str(folder), env=env)
    assert len(_entries(cache_dir)) == 3
    warm = _json("--jobs", "2", str(folder), env=env)
    uncached = _json("--no-cache", str(folder), env=env)
    assert cold == warm == uncached


def test_unusable_cache_directory_is_not_an_error(tmp_path, draft):
    blocker = tmp_path / "a-file"  # the cache "directory" is a file: nothing can be written there
    blocker.write_text("x")
    proc = run_cli("check", "-f", "concise", "--no-config", str(draft), env={"GOVLINT_CACHE_DIR": str(blocker)})
    assert proc.returncode == 1 and proc.stderr == b""
    assert b"unfilled-placeholder" in proc.stdout
    assert blocker.read_text() == "x"


def test_cache_file_that_is_garbage_is_a_miss(cache_dir, draft):
    env = {"GOVLINT_CACHE_DIR": str(cache_dir)}
    first = _json(str(draft), env=env)
    (entry,) = _entries(cache_dir)
    entry.write_bytes(b"not a pickle")
    assert _json(str(draft), env=env) == first


def test_a_planted_cache_file_is_refused_not_run(cache_dir, draft, tmp_path):
    """A cache shared between CI runs must not be a way to run code: only govlint's own result
    classes are unpickled; anything else is a miss."""
    import pickle

    env = {"GOVLINT_CACHE_DIR": str(cache_dir)}
    first = _json(str(draft), env=env)
    (entry,) = _entries(cache_dir)
    marker = tmp_path / "pwned"

    class Evil:
        def __reduce__(self):
            return (os.system, (f"touch {marker}",))

    entry.write_bytes(pickle.dumps(Evil()))
    assert _json(str(draft), env=env) == first
    assert not marker.exists()


def test_the_cache_is_bounded_and_keeps_what_was_used_last(cache_dir, tmp_path):
    """Past GOVLINT_CACHE_MAX_MB the entries used longest ago go, down to 80 % of the bound; one
    used again (a hit) is kept."""
    reports = tmp_path / "reports"
    reports.mkdir()
    text = (ROOT / "examples" / "broken-twelve-section.txt").read_text(encoding="utf-8")
    for i in range(12):
        (reports / f"r{i:02d}.txt").write_text(text + f"\n第{i}份\n", encoding="utf-8")
    env = {"GOVLINT_CACHE_DIR": str(cache_dir)}
    _json(str(reports), env=env)
    entries = _entries(cache_dir)
    assert len(entries) == 12
    size = max(e.stat().st_size for e in entries)
    _json(str(reports / "r05.txt"), env=env)  # a hit: r05's entry is now the one used last
    used = max(_entries(cache_dir), key=lambda e: e.stat().st_mtime_ns)
    mb = f"{size * 10.5 / 1048576:.6f}"  # room for ten entries and a half: 80 % of it holds 8.4
    bound = float(mb) * 1048576  # as govlint reads it (rounded to six places, it can hold less than 10 × size)
    (reports / "new.txt").write_text(text + "\n新的一份\n", encoding="utf-8")
    _json(str(reports / "new.txt"), env={**env, "GOVLINT_CACHE_MAX_MB": mb})
    left = _entries(cache_dir)
    assert sum(e.stat().st_size for e in left) <= bound * 0.8
    assert used in left and 8 <= len(left) <= 9  # the oldest went; r05 and new.txt stayed
