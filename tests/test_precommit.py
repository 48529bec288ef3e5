"""The pre-commit hook (.pre-commit-hooks.yaml) as a user runs it: ``pre-commit try-repo`` installs
govlint from this repository (its committed HEAD) into a fresh environment, which needs PyPI, and
runs it on the files given.

Skipped when pre-commit is not installed (``pip install pre-commit``).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.network

ROOT = Path(__file__).resolve().parent.parent
CLEAN = ROOT / "examples" / "clean-gov-2021.md"


def _pre_commit() -> list[str] | None:
    exe = shutil.which("pre-commit")
    if exe:
        return [exe]
    try:
        import pre_commit  # noqa: F401
    except ImportError:
        return None
    return [sys.executable, "-m", "pre_commit"]


def _env(tmp_path: Path) -> dict:
    """HOME and every cache in tmp_path: the user's pre-commit store, pip cache, git config are
    left alone. Pip's own settings (an index mirror in ~/.config/pip) still apply."""
    env = dict(os.environ)
    real_config = env.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    home = tmp_path / "home"
    home.mkdir()
    env.update({
        "HOME": str(home),
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "XDG_CONFIG_HOME": real_config,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "govlint test", "GIT_AUTHOR_EMAIL": "test@example.invalid",
        "GIT_COMMITTER_NAME": "govlint test", "GIT_COMMITTER_EMAIL": "test@example.invalid",
        "NO_COLOR": "1",
    })
    legacy_pip = Path.home() / ".pip" / "pip.conf"
    if legacy_pip.is_file() and "PIP_CONFIG_FILE" not in env:
        env["PIP_CONFIG_FILE"] = str(legacy_pip)
    for var in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "PRE_COMMIT", "GITHUB_ACTIONS"):
        env.pop(var, None)  # a test run from inside a git hook must not act on the outer repository
    return env


def _git(repo: Path, env: dict, *args: str) -> None:
    subprocess.run(["git", "-c", "commit.gpgsign=false", *args], cwd=repo, env=env, check=True,
                   capture_output=True, timeout=60)


def _head() -> str:
    return subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, check=True, capture_output=True,
                          text=True, timeout=60).stdout.strip()


def _try_repo(cmd: list[str], repo: Path, env: dict, name: str, ref: str) -> subprocess.CompletedProcess:
    # --ref: the committed HEAD, as a user's ``rev:`` gets it. Without it try-repo adds the tracked
    # files' uncommitted changes but not new files, a mix that need not even import.
    return subprocess.run([*cmd, "try-repo", str(ROOT), "govlint", "--ref", ref, "--files", name], cwd=repo,
                          env=env, capture_output=True, text=True, timeout=900)


def test_try_repo_passes_a_clean_draft_and_fails_a_broken_one(tmp_path):
    cmd = _pre_commit()
    if cmd is None:
        pytest.skip("pre-commit is not installed (pip install pre-commit)")
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    if not (ROOT / ".git").exists() or not (ROOT / ".pre-commit-hooks.yaml").is_file():
        pytest.skip("not a git checkout of govlint")
    env = _env(tmp_path)
    repo = tmp_path / "reports"
    repo.mkdir()
    _git(repo, env, "init", "-q")
    _git(repo, env, "config", "user.name", "govlint test")
    _git(repo, env, "config", "user.email", "test@example.invalid")

    clean = CLEAN.read_text(encoding="utf-8")
    (repo / "2025年度报告.md").write_text(clean, encoding="utf-8")
    _git(repo, env, "add", "2025年度报告.md")
    _git(repo, env, "commit", "-q", "-m", "clean draft")

    ref = _head()
    ok = _try_repo(cmd, repo, env, "2025年度报告.md", ref)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "govlint" in ok.stdout

    assert "2025年1月1日" in clean
    (repo / "2025年度报告-修改稿.md").write_text(clean.replace("2025年1月1日", "20××年"), encoding="utf-8")
    _git(repo, env, "add", "2025年度报告-修改稿.md")
    bad = _try_repo(cmd, repo, env, "2025年度报告-修改稿.md", ref)
    assert bad.returncode != 0, bad.stdout + bad.stderr
    assert "unfilled-placeholder" in bad.stdout + bad.stderr


def test_the_hook_lints_only_the_reports_of_a_documents_repository(tmp_path):
    """A repository with a README, a docs folder, an annual report as .md and one as .pdf, and a
    guide named like a report: the hook lints the reports only (the PDF too: pypdf comes with
    govlint), skips the guide quietly, and passes or fails as the reports' findings say."""
    cmd = _pre_commit()
    if cmd is None:
        pytest.skip("pre-commit is not installed (pip install pre-commit)")
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("git or a git checkout of govlint is missing")
    env = _env(tmp_path)
    repo = tmp_path / "docs-repo"
    (repo / "docs").mkdir(parents=True)
    _git(repo, env, "init", "-q")
    (repo / "README.md").write_text("# 政务公开文档库\n\n本库存放各单位的年度报告。\n", encoding="utf-8")
    (repo / "docs" / "填报说明.md").write_text("# 填报说明\n\n请于1月31日前提交。20××年\n", encoding="utf-8")
    (repo / "2025年度报告.md").write_text(CLEAN.read_text(encoding="utf-8"), encoding="utf-8")
    (repo / "政府信息公开指南.md").write_text("# 梧桐县农业农村局政府信息公开指南\n\n一、公开的主体\n本局办公室负责。\n",
                                           encoding="utf-8")
    (repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {ROOT}\n    rev: {_head()}\n    hooks:\n      - id: govlint\n", encoding="utf-8")
    _git(repo, env, "add", ".")
    ok = subprocess.run([*cmd, "run", "--all-files", "--verbose"], cwd=repo, env=env, capture_output=True, text=True,
                        timeout=900)
    out = ok.stdout + ok.stderr
    assert ok.returncode == 0, out
    # one file: the report; README and docs are not given to the hook, the guide is read and skipped quietly
    assert "检查了 1 个文件，没有发现问题。" in out
    assert "README.md" not in out and "填报说明" not in out and "信息公开指南" not in out

    shutil.copy(ROOT / "tests" / "fixtures" / "word" / "draft.pdf", repo / "2023年报.pdf")
    _git(repo, env, "add", "2023年报.pdf")
    bad = subprocess.run([*cmd, "run", "--all-files"], cwd=repo, env=env, capture_output=True, text=True, timeout=900)
    out = bad.stdout + bad.stderr
    assert bad.returncode != 0, out
    assert "2023年报.pdf:第3页" in out and "unfilled-placeholder" in out  # read from the PDF's pages
    assert "README.md" not in out
