from conftest import ROOT


def test_readme_lists_every_rule():
    from govlint.checks import all_rules

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for r in all_rules():
        assert f"| `{r.id}` | {r.code} |" in readme, r.id


def test_readme_test_command_is_what_ci_runs():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "pip install '.[test]' && python -m pytest -q" in readme
    assert "pip install '.[test]' && python -m pytest -q" in ci
