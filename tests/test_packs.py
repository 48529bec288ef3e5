"""Rule packs: the shipped ones load, selection by year, ``extends``, strict validation."""

from __future__ import annotations

import textwrap

import pytest

from conftest import FIXTURES, SEEDS, run_cli
from govlint.errors import PackError
from govlint.linter import Linter
from govlint.packs.loader import available_packs, load_pack


def test_every_format_has_a_pack():
    assert set(available_packs()) >= {"gov-2008", "gov-2014", "twelve-section", "gov-2019", "gov-2021"}
    for name in available_packs():
        p = load_pack(name)
        assert p.years and p.sections and p.basis


@pytest.mark.parametrize("year,expected", [
    (2008, {"gov-2008"}), (2013, {"gov-2008"}), (2014, {"gov-2014"}), (2016, {"gov-2014", "twelve-section"}),
    (2018, {"gov-2014", "twelve-section"}), (2019, {"gov-2019"}), (2020, {"gov-2019"}), (2021, {"gov-2021"}),
    (2026, {"gov-2021"}),
])
def test_years_pick_the_candidates(year, expected):
    """The packs chosen by year (automatic) whose years cover ``year``."""
    from govlint.packs.loader import PackStore

    covering = {p.id for p in PackStore().automatic() if p.years[0] <= year <= p.years[1]}
    assert covering == expected


@pytest.fixture(scope="module")
def auto():
    return Linter()


@pytest.mark.parametrize("seed,pack", [
    ("000", "twelve-section"), ("001", "twelve-section"), ("003", "twelve-section"), ("004", "gov-2014"),
])
def test_seed_pack_selection(auto, seed, pack):
    r = auto.lint_path(str(next(SEEDS.glob(f"{seed}_*.txt"))))
    assert r.pack.id == pack
    assert not [d for d in r.diagnostics if d.rule == "format-version-mismatch"]


def test_tie_between_2014_and_twelve_section_is_explained(auto):
    r = auto.lint_path(str(next(SEEDS.glob("001_*.txt"))))
    reason = r.documents[0].pack_reason
    assert "gov-2014" in reason and "twelve-section" in reason and "更吻合" in reason


def test_seed_004_six_parts_and_table(auto):
    r = auto.lint_path(str(next(SEEDS.glob("004_*.txt"))))
    rules = {d.rule for d in r.diagnostics}
    assert "missing-statistics-table" not in rules and "missing-section" not in rules


def test_seed_002_parts(auto):
    r = auto.lint_path(str(next(SEEDS.glob("002_*.txt"))))
    docs = r.documents
    assert docs[0].pack.id == "gov-2008" and docs[0].report_year == 2011
    first = [d for d in r.diagnostics if d.line <= 33]
    assert not [d for d in first if d.rule == "missing-section"]
    second = [d for d in r.diagnostics if 34 <= d.line <= 49]
    assert "unfilled-placeholder" in {d.rule for d in second}
    assert [(d.rule, d.line) for d in r.diagnostics if d.line >= 50] == [
        ("not-an-annual-report", 50), ("not-an-annual-report", 102), ("not-an-annual-report", 126)]


def test_2021_fixture_is_clean(auto):
    r = auto.lint_path(str(FIXTURES / "mini-2021.md"))
    assert r.pack.id == "gov-2021"
    assert r.diagnostics == []


def test_pinned_pack_wins(tmp_path):
    r = run_cli("check", "-f", "json", "--pack", "gov-2021", str(FIXTURES / "mini.txt"))
    import json

    f = json.loads(r.stdout)["files"][0]
    assert f["pack"] == "gov-2021"
    assert "--pack" in f["documents"][0]["pack_reason"] if "documents" in f else True


def test_text_output_says_which_pack_and_why():
    r = run_cli("check", str(SEEDS / "004_cfccfa7d233b51e6.txt"))
    assert "规则包 gov-2014" in r.stdout.decode() and "报告年度 2017 适用" in r.stdout.decode()


# ---------------------------------------------------------------- extends

def _write(tmp_path, name, text):
    p = tmp_path / name
    p.write_text(textwrap.dedent(text), encoding="utf-8")
    return p


def test_extends_renames_a_heading(tmp_path):
    user = _write(tmp_path, "province.yaml", """\
        id: province-2021
        name: 某省年度报告格式
        extends: gov-2021
        sections:
          - number: 1
            title: 政府信息公开总体情况
            add_aliases: [总体情况]
        """)
    text = (FIXTURES / "mini-2021.md").read_text(encoding="utf-8").replace("## 一、总体情况", "## 一、政府信息公开总体情况")
    pack = load_pack(str(user))
    assert pack.id == "province-2021" and pack.extends == "gov-2021"
    assert pack.section(1).title == "政府信息公开总体情况" and "总体情况" in pack.section(1).aliases
    assert [s.number for s in pack.sections] == [1, 2, 3, 4, 5, 6]
    assert len(pack.tables) == len(load_pack("gov-2021").tables)
    pinned = Linter(pack).lint_text(text, path="r.md", fmt="md")
    assert not [d for d in pinned.diagnostics if d.rule == "nonstandard-heading"]
    builtin = Linter(load_pack("gov-2021")).lint_text(text, path="r.md", fmt="md")
    assert [d.line for d in builtin.diagnostics if d.rule == "nonstandard-heading"] == [5]


def test_extends_drops_adds_and_overrides(tmp_path):
    user = _write(tmp_path, "p.yaml", """\
        id: p
        name: 变体
        extends: gov-2021
        sections:
          - {number: 6, drop: true}
          - {number: 7, id: key-points, title: 政务公开工作要点落实情况, severity: warning}
        rules:
          missing-contact: {severity: warning, message: 请写明联系方式（本省要求）}
        """)
    pack = load_pack(str(user))
    assert [s.number for s in pack.sections] == [1, 2, 3, 4, 5, 7]
    text = (FIXTURES / "mini-2021.md").read_text(encoding="utf-8")
    text = text.replace("如对本报告有疑问，请与青禾县交通运输局办公室联系（地址：青禾县迎宾路18号；电话：0739-5210088；电子邮箱：qhjtj@163.com）。", "")
    r = Linter(pack).lint_text(text, path="r.md", fmt="md")
    contact = [d for d in r.diagnostics if d.rule == "missing-contact"]
    assert [(d.severity.label, d.message) for d in contact] == [("warning", "请写明联系方式（本省要求）")]
    missing = [d for d in r.diagnostics if d.rule == "missing-section"]
    assert [(d.data["section"], d.severity.label) for d in missing] == [(7, "warning")]


def test_extends_from_a_relative_path(tmp_path):
    _write(tmp_path, "base.yaml", (FIXTURES.parent.parent / "rules" / "gov-2021.yaml").read_text(encoding="utf-8"))
    user = _write(tmp_path, "child.yaml", "id: c\nname: 子\nextends: base.yaml\n")
    assert len(load_pack(str(user)).sections) == 6


@pytest.mark.parametrize("body,line,message", [
    ("id: x\nname: y\nextends: gov-2021\nsections:\n  - number: 1\n    titel: 总体\n", 6, "未知的键“titel”"),
    ("id: x\nname: y\nextends: gov-2021\nsections:\n  - number: 9\n    id: new\n", None, "缺少必需的键“title”"),
    ("id: x\nname: y\nextends: gov-2021\nrules:\n  no-such-rule: {severity: info}\n", 5, "没有名为“no-such-rule”的规则"),
    ("id: x\nname: y\nextends: gov-2021\ndeadline: {government: '3月31日', department: '01-31'}\n", 4, "月-日"),
    ("id: x\nname: y\nextends: gov-2021\nsections:\n  - {number: 9, drop: true}\n", None, "不存在"),
    ("id: x\nname: y\nextends: gov-1999\n", None, "找不到规则包“gov-1999”"),
    ("id: x\nname: y\nextends: [gov-2021\n", 4, "YAML 语法错误"),
])
def test_broken_user_pack_names_file_and_line(tmp_path, body, line, message):
    p = _write(tmp_path, "bad.yaml", body)
    with pytest.raises(PackError) as exc:
        load_pack(str(p))
    text = str(exc.value)
    assert message in text
    if line is not None:
        assert text.startswith(f"{p}:{line}:")


def test_extends_cycle(tmp_path):
    _write(tmp_path, "a.yaml", "id: a\nname: a\nextends: b.yaml\n")
    _write(tmp_path, "b.yaml", "id: b\nname: b\nextends: a.yaml\n")
    with pytest.raises(PackError) as exc:
        load_pack(str(tmp_path / "a.yaml"))
    assert "循环" in str(exc.value)


def test_broken_user_pack_on_the_command_line(tmp_path):
    p = _write(tmp_path, "bad.yaml", "id: x\nname: y\nextends: gov-2021\nsections:\n  - number: 1\n    titel: 总体\n")
    r = run_cli("check", "--pack", str(p), str(FIXTURES / "mini-2021.md"))
    assert r.returncode == 2
    assert r.stderr.decode().strip().startswith(f"govlint: 错误：{p}:6: 未知的键“titel”")


def test_packs_command_lists_years_and_basis():
    out = run_cli("packs").stdout.decode()
    for name in ("gov-2008", "gov-2014", "twelve-section", "gov-2019", "gov-2021"):
        assert name in out
    assert "国办公开办函〔2021〕30号" in out and "2021" in out


# ---------------------------------------------------------------- the parsed-pack cache

def test_pack_cache_is_used_and_a_bad_cache_ignored(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    src = (FIXTURES.parent.parent / "rules" / "gov-2021.yaml").read_bytes()
    user = tmp_path / "p.yaml"
    user.write_bytes(src)
    first = load_pack(str(user))
    files = list((tmp_path / "cache" / "govlint" / "packs").glob("*.json"))
    assert len(files) == 1
    assert load_pack(str(user)).sections == first.sections  # built again from the JSON
    files[0].write_text("{not json", encoding="utf-8")
    assert load_pack(str(user)).sections == first.sections  # a broken cache is ignored


def test_pack_cache_can_be_turned_off_and_survives_a_read_only_home(tmp_path, monkeypatch):
    monkeypatch.setenv("GOVLINT_NO_CACHE", "1")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "c"))
    user = tmp_path / "p.yaml"
    user.write_bytes((FIXTURES.parent.parent / "rules" / "gov-2019.yaml").read_bytes())
    load_pack(str(user))
    assert not (tmp_path / "c").exists()
    monkeypatch.delenv("GOVLINT_NO_CACHE")
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o500)
    monkeypatch.setenv("XDG_CACHE_HOME", str(ro))
    assert load_pack(str(user)).id == "gov-2019"
    ro.chmod(0o700)


def test_an_invalid_pack_is_never_cached(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    p = _write(tmp_path, "bad.yaml", "id: x\nname: y\nextends: gov-2021\nsections:\n  - number: 1\n    titel: 总体\n")
    for _ in range(2):  # the second time too the error names the line
        with pytest.raises(PackError) as exc:
            load_pack(str(p))
        assert str(exc.value).startswith(f"{p}:6:")


# ---------------------------------------------------------------- packs used only when named

PROVINCE = """id: province-2021
name: 某省政府信息公开工作年度报告格式
extends: gov-2021
sections:
  - number: 1
    add_mentions:
      - id: key-points
        pattern: 政务公开工作要点
        description: 政务公开工作要点落实情况
        description_en: how the year's key points of open government were carried out
"""


@pytest.fixture
def shipped(tmp_path):
    """govlint's packs with a province pack added, as a contributor would ship it."""
    import shutil

    d = tmp_path / "rules"
    shutil.copytree(FIXTURES.parent.parent / "rules", d)
    (d / "province-2021.yaml").write_text(PROVINCE, encoding="utf-8")
    return d


def _findings(linter):
    r = linter.lint_path(str(FIXTURES / "mini-2021.md"))
    return r.documents[0].pack.id, [(d.rule, d.line, d.message) for d in r.diagnostics]


def test_a_shipped_province_pack_does_not_change_the_automatic_choice(shipped):
    from govlint.packs.loader import PackStore

    store, default = PackStore(directory=shipped), PackStore()
    province = store.load("province-2021")
    assert province.automatic is False and province.extends == "gov-2021"
    # its mention is added to the national ones, which stay
    assert [m.id for m in province.section(1).mentions] == ["assessment-results", "key-points"]
    assert [p.id for p in store.automatic()] == [p.id for p in default.automatic()]
    assert "province-2021" in [p.id for p in store.builtin()]
    auto = _findings(Linter(automatic=store.automatic()))
    assert auto == _findings(Linter(automatic=default.automatic()))
    assert auto[0] == "gov-2021"
    # named, it applies: its own requirement is checked
    pack_id, found = _findings(Linter(province, automatic=store.automatic()))
    assert pack_id == "province-2021"
    assert [f for f in found if f not in auto[1]] == [
        ("missing-required-content", 5, "第一部分“一、总体情况”没有写明政务公开工作要点落实情况")]


def test_a_pack_can_ask_to_be_chosen_by_year(shipped):
    from govlint.packs.loader import PackStore

    (shipped / "province-2021.yaml").write_text(PROVINCE.replace("extends: gov-2021\n",
                                                                 "extends: gov-2021\nautomatic: true\n"), encoding="utf-8")
    store = PackStore(directory=shipped)
    assert "province-2021" in [p.id for p in store.automatic()]
    assert store.load("gov-2021").automatic  # the base keeps its own setting


def test_a_standalone_pack_is_chosen_by_year_unless_it_says_otherwise(tmp_path):
    from govlint.packs.loader import PackStore

    text = (FIXTURES.parent.parent / "rules" / "gov-2021.yaml").read_text(encoding="utf-8")
    d = tmp_path / "rules"
    d.mkdir()
    (d / "a.yaml").write_text(text.replace("id: gov-2021", "id: a", 1), encoding="utf-8")
    (d / "b.yaml").write_text(text.replace("id: gov-2021", "id: b\nautomatic: false", 1), encoding="utf-8")
    assert [p.id for p in PackStore(directory=d).automatic()] == ["a"]
