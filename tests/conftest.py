from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

# The pack cache of this test run lives in a folder of its own, not in the user's ~/.cache.
os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="govlint-test-cache-")

TESTS = Path(__file__).resolve().parent
FIXTURES = TESTS / "fixtures"
SEEDS = FIXTURES / "seeds"
ROOT = TESTS.parent


@pytest.fixture(scope="session")
def store():
    """The packs of this test session, loaded once (a run's PackStore)."""
    from govlint.packs.loader import PackStore

    return PackStore()


@pytest.fixture(scope="session")
def pack(store):
    return store.load("twelve-section")


@pytest.fixture(scope="session")
def linter(pack, store):
    from govlint.linter import Linter

    return Linter(pack, automatic=store.automatic())


def contexts(linter, path=None, *, data: bytes | None = None, name: str | None = None, text: str | None = None,
             fmt: str | None = None):
    """The facts of each document of a file (``path``), of bytes named ``name``, or of ``text``
    (``fmt``: its format), under the pack the linter chooses for it."""
    if text is not None:
        from govlint.readers import read_text

        source = read_text(name or f"x.{fmt or 'txt'}", text, "utf-8", fmt or "txt")
    else:
        data = Path(path).read_bytes() if data is None else data
        source = linter.source_of(data, name or str(path), fmt)
    return linter.contexts(source)


def findings(result, rule: str | None = None) -> list[tuple[str, int]]:
    return [(d.rule, d.line) for d in result.diagnostics if rule is None or d.rule == rule]


def run_cli(*args: str, input: bytes | None = None, cwd: Path | None = None, env: dict | None = None):
    """Run govlint as a user does: a new process, ``python -m govlint``."""
    full_env = dict(os.environ, NO_COLOR="1", COLUMNS="200")
    full_env.pop("GITHUB_ACTIONS", None)
    full_env.pop("GITHUB_STEP_SUMMARY", None)  # a test run inside GitHub Actions leaves the job's summary alone
    if env:
        full_env.update(env)
    return subprocess.run([sys.executable, "-m", "govlint", *args], input=input, capture_output=True,
                          cwd=cwd, env=full_env, timeout=120)
