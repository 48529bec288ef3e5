from conftest import ROOT


def test_readme_rule_table_is_generated_from_metadata():
    """README's table is exactly `govlint rules --format markdown` (regenerate it with that)."""
    from govlint.cli import rules_markdown

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert rules_markdown() in readme


def test_readme_test_command_is_what_ci_runs():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "pip install '.[test]' && python -m pytest -q" in readme
    assert "pip install '.[test]' && python -m pytest -q" in ci
