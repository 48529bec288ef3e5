"""action.yml: the repository as a GitHub Action (``uses: govlint/govlint@<tag>``).

The metadata is read as GitHub reads it, and the steps are run as a runner runs a composite
action: each ``run:`` script by ``bash --noprofile --norc -eo pipefail``, its ``env:`` with the
``${{ inputs.* }}`` and ``${{ github.action_path }}`` expressions filled in, ``GITHUB_ACTIONS``,
``GITHUB_OUTPUT`` and ``GITHUB_STEP_SUMMARY`` set, in a working directory of its own, stopping at
the first step that fails. The install step really runs pip: into a new virtual environment that
sees this test environment's packages (govlint's dependencies, pip, hatchling) through a ``.pth``
file, offline (``pip-args`` ``--no-index --no-deps --no-build-isolation``; ``--ignore-installed``
so that pip never touches the govlint of this environment), and the check step runs the govlint
so installed, not this checkout.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from conftest import ROOT
from govlint import __version__

ACTION = ROOT / "action.yml"
EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")
OFFLINE = "--no-index --no-deps --no-build-isolation --ignore-installed"


def _action() -> dict:
    return YAML(typ="safe").load(ACTION.read_text(encoding="utf-8"))


def test_action_metadata():
    action = _action()
    assert action["name"] == "govlint" and action["description"] and action["author"]
    assert action["runs"]["using"] == "composite"
    inputs = action["inputs"]
    assert {k: v.get("default") for k, v in inputs.items()} == {
        "paths": ".", "format": "github", "fail-level": "error", "args": "", "python": "python3", "pip-args": ""}
    assert all(v["description"] and v["required"] is False for v in inputs.values())
    assert action["outputs"] == {"exit-code": {"description": action["outputs"]["exit-code"]["description"],
                                               "value": "${{ steps.check.outputs.exit-code }}"}}
    steps = action["runs"]["steps"]
    assert [s.get("id") for s in steps] == [None, "check"]
    for step in steps:
        assert step["shell"] == "bash" and step["name"]
        # inputs reach a script only through env: an expression inside it would be script injection
        assert "${{" not in step["run"], step["name"]
        for value in step["env"].values():
            assert EXPRESSION.fullmatch(value), value
    assert "$GOVLINT_ACTION_PATH" in steps[0]["run"] and "-m pip install" in steps[0]["run"]
    assert "-m govlint check" in steps[1]["run"]


def _fill(text: str, context: dict[str, str]) -> str:
    return EXPRESSION.sub(lambda m: context[m.group(1)], text)


def run_action(inputs: dict[str, str], workdir: Path, summary: Path, tmp: Path) -> tuple[int, str, str, dict]:
    """Run the action's steps as a runner does; (exit code of the last step run, the steps'
    stdout and stderr one after another as in a job's log, the outputs the steps wrote)."""
    action = _action()
    context = {f"inputs.{k}": inputs.get(k, v.get("default", "")) for k, v in action["inputs"].items()}
    context["github.action_path"] = str(ROOT)
    output = tmp / "github_output"
    output.write_text("", encoding="utf-8")
    base = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "PRE_COMMIT", "GOVLINT_"))}
    base.update(GITHUB_ACTIONS="true", GITHUB_OUTPUT=str(output), GITHUB_STEP_SUMMARY=str(summary),
                GITHUB_ACTION_PATH=str(ROOT), NO_COLOR="1", CI="true")
    code, stdout, stderr = 0, "", ""
    for i, step in enumerate(action["runs"]["steps"]):
        script = tmp / f"step{i}.sh"
        script.write_text(step["run"], encoding="utf-8")
        env = dict(base, **{k: _fill(str(v), context) for k, v in step.get("env", {}).items()})
        proc = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)], cwd=workdir, env=env,
                              capture_output=True, timeout=120)
        code = proc.returncode
        stdout += proc.stdout.decode("utf-8")
        stderr += proc.stderr.decode("utf-8", "replace")
        if code:
            break
    outputs = dict(line.split("=", 1) for line in output.read_text(encoding="utf-8").splitlines() if "=" in line)
    return code, stdout, stderr, outputs


@pytest.fixture(scope="module")
def python(tmp_path_factory) -> str:
    """A new virtual environment's Python, without govlint, that sees this environment's packages."""
    pytest.importorskip("hatchling")  # the build backend, for an offline build (the test extra has it)
    venv = tmp_path_factory.mktemp("action") / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=60)
    exe = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    purelib = subprocess.run([str(exe), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             check=True, capture_output=True, text=True).stdout.strip()
    # this environment's packages, govlint's own left out (installed for real in CI, editable here)
    shared = venv.parent / "shared-site"
    shared.mkdir()
    for site in {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}:
        for entry in Path(site).iterdir():
            if "govlint" in entry.name.lower() or entry.suffix == ".pth" or (shared / entry.name).exists():
                continue
            (shared / entry.name).symlink_to(entry)
    Path(purelib, "govlint-test-shared.pth").write_text(f"{shared}\n", encoding="utf-8")
    probe = subprocess.run([str(exe), "-c", "import govlint.cli"], capture_output=True, cwd=venv)
    assert probe.returncode != 0, "the new environment must not have govlint before the action installs it"
    return str(exe)


@pytest.fixture
def workdir(tmp_path) -> Path:
    """A repository of two reports: one with findings (errors, warnings, a notice), one clean."""
    repo = tmp_path / "repo"
    (repo / "年报").mkdir(parents=True)
    shutil.copy(ROOT / "examples" / "broken-twelve-section.txt", repo / "年报" / "broken.txt")
    shutil.copy(ROOT / "examples" / "clean-gov-2021.md", repo / "年报" / "clean.md")
    return repo


def test_action_steps_install_govlint_and_annotate(python, workdir, tmp_path):
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    code, stdout, stderr, outputs = run_action({"python": python, "pip-args": OFFLINE}, workdir, summary, tmp_path)
    assert code == 1, stderr
    assert outputs == {"exit-code": "1"}
    lines = stdout.splitlines()
    assert lines[0] == f"govlint {__version__}"  # the install step's check of what it installed
    where = subprocess.run([python, "-c", "import govlint; print(govlint.__file__)"], capture_output=True, text=True,
                           cwd=tmp_path).stdout
    assert Path(where).is_relative_to(Path(python).parent.parent)  # the installed copy, not this checkout
    annotations = lines[1:]
    assert annotations and all(line.startswith(("::error ", "::warning ", "::notice ")) for line in annotations)
    assert all("file=年报/broken.txt," in line for line in annotations)  # relative; the clean report has none
    assert ("::error file=年报/broken.txt,line=9,col=42,endLine=9,endColumn=45,title=GL501 unfilled-placeholder::"
            "未填写的占位内容“××局”") in stdout
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("earlier step\n### govlint：年度报告检查结果\n")  # appended, not truncated
    assert "检查了 2 个文件：3 个错误，5 个警告，1 个提示。" in text
    assert "| 年报/broken.txt | 3 | 5 | 1 |" in text and "clean.md" not in text


def test_action_fail_level_and_inputs(python, workdir, tmp_path):
    """fail-level decides the step's outcome; format and args are passed on; paths narrow the run."""
    summary = tmp_path / "summary.md"
    clean = {"python": python, "pip-args": OFFLINE, "paths": "年报/clean.md"}
    assert run_action(clean, workdir, summary, tmp_path)[0] == 0
    only_notices = {**clean, "paths": "年报/broken.txt", "args": "--select missing-contact --no-cache"}
    code, stdout, _, outputs = run_action(only_notices, workdir, summary, tmp_path)
    assert (code, outputs) == (0, {"exit-code": "0"})
    assert "::notice file=年报/broken.txt,line=4," in stdout
    code, stdout, _, outputs = run_action({**only_notices, "format": "gitlab", "fail-level": "info"}, workdir,
                                          summary, tmp_path)
    assert (code, outputs) == (1, {"exit-code": "1"})
    assert '"check_name": "missing-contact"' in stdout and "::notice" not in stdout
    assert summary.read_text(encoding="utf-8").count("### govlint") == 3  # each run appended its own


def test_install_step_fails_the_action_when_pip_fails(workdir, tmp_path):
    code, _, stderr, outputs = run_action({"python": sys.executable, "pip-args": "--no-index --no-such-option"},
                                          workdir, tmp_path / "summary.md", tmp_path)
    assert code != 0 and "no-such-option" in stderr
    assert outputs == {}  # the check step did not run
