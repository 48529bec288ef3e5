"""No hidden process state: what a call returns depends on its inputs as they are at that call
(the files, the configuration, the packs), never on what an earlier call in the same process or
an earlier run's cache saw."""

from __future__ import annotations

import json
import shutil

import pytest

from conftest import FIXTURES, ROOT, run_cli


@pytest.fixture
def draft(tmp_path):
    p = tmp_path / "docs" / "draft.txt"
    p.parent.mkdir()
    shutil.copy(ROOT / "examples" / "broken-twelve-section.txt", p)
    return p


def _rules(diagnostics) -> list[str]:
    return [d.rule for d in diagnostics]


def test_api_honours_a_configuration_written_between_two_calls(draft):
    import govlint

    before = _rules(govlint.lint_file(str(draft)))
    assert "nonstandard-heading" in before
    (draft.parent / ".govlint.yaml").write_text("ignore: [nonstandard-heading]\n", encoding="utf-8")
    after = _rules(govlint.lint_file(str(draft)))
    assert "nonstandard-heading" not in after
    assert after == [r for r in before if r != "nonstandard-heading"]


def test_api_honours_a_configuration_changed_between_two_calls(draft):
    import govlint

    config = draft.parent / ".govlint.yaml"
    config.write_text("severity: {nonstandard-heading: error}\n", encoding="utf-8")
    first = {d.rule: d.severity.label for d in govlint.lint_file(str(draft))}
    assert first["nonstandard-heading"] == "error"
    config.write_text("severity: {nonstandard-heading: info}\n", encoding="utf-8")
    second = {d.rule: d.severity.label for d in govlint.lint_file(str(draft))}
    assert second["nonstandard-heading"] == "info"
    config.unlink()
    third = {d.rule: d.severity.label for d in govlint.lint_file(str(draft))}
    assert third["nonstandard-heading"] == "warning"


def test_api_honours_a_pack_edited_between_two_calls(tmp_path):
    import govlint

    pack = tmp_path / "custom.yaml"
    text = (FIXTURES / "mini.txt").read_text(encoding="utf-8")

    def write(word: str) -> None:
        pack.write_text("id: custom\nname: 自定义\nextends: twelve-section\n"
                        f"placeholders:\n  - pattern: '{word}'\n    description: 自定义占位\n", encoding="utf-8")

    write("不会出现的词")
    assert "unfilled-placeholder" not in _rules(govlint.lint_text(text, pack=str(pack)))
    write("概述")
    assert "unfilled-placeholder" in _rules(govlint.lint_text(text, pack=str(pack)))


# A pattern longer than 200 characters: a compiled regex's repr() is cut there, so a cache keyed
# by repr() cannot tell two such packs apart.
_PADDING = "|".join(f"填写项目{i:03d}" for i in range(32))


def _long_pattern_pack(path, tail: str) -> None:
    pattern = f"(?:{_PADDING}|{tail})"
    assert len(pattern) > 250
    path.write_text("id: custom\nname: 自定义\nextends: twelve-section\n"
                    f"placeholders:\n  - pattern: '{pattern}'\n    description: 自定义占位\n", encoding="utf-8")


def test_editing_the_end_of_a_long_pattern_changes_the_cached_result(tmp_path):
    pack = tmp_path / "custom.yaml"
    draft = tmp_path / "draft.txt"
    shutil.copy(FIXTURES / "mini.txt", draft)
    env = {"GOVLINT_CACHE_DIR": str(tmp_path / "cache")}

    def placeholders(*extra) -> list[int]:
        proc = run_cli("check", "-f", "json", "--no-config", "--pack", str(pack), *extra, str(draft), env=env)
        assert proc.returncode in (0, 1), proc.stderr
        out = json.loads(proc.stdout)
        return [d["line"] for d in out["files"][0]["diagnostics"] if d["rule"] == "unfilled-placeholder"]

    _long_pattern_pack(pack, "不会出现的词")
    assert placeholders() == []
    _long_pattern_pack(pack, "政府信息")
    fresh = placeholders("--no-cache")
    assert fresh, "the edited pattern matches the draft"
    assert placeholders() == fresh  # through the cache, as without it


def test_editing_a_base_pack_changes_the_cached_result_of_a_pack_extending_it(tmp_path):
    base = tmp_path / "base.yaml"
    child = tmp_path / "child.yaml"
    draft = tmp_path / "draft.txt"
    shutil.copy(FIXTURES / "mini.txt", draft)
    child.write_text("id: child\nname: 子规则包\nextends: base.yaml\n", encoding="utf-8")
    env = {"GOVLINT_CACHE_DIR": str(tmp_path / "cache")}

    def placeholders() -> list[int]:
        proc = run_cli("check", "-f", "json", "--no-config", "--pack", str(child), str(draft), env=env)
        assert proc.returncode in (0, 1), proc.stderr
        return [d["line"] for d in json.loads(proc.stdout)["files"][0]["diagnostics"]
                if d["rule"] == "unfilled-placeholder"]

    _long_pattern_pack(base, "不会出现的词")
    assert placeholders() == []
    _long_pattern_pack(base, "政府信息")
    assert placeholders(), "the base pack's edited pattern reaches the child through the cache"
