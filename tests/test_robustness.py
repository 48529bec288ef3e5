"""Mutated real reports never crash the linter, and every finding points inside the file."""

from __future__ import annotations

import random

import pytest

from conftest import SEEDS

JUNK = ["一、", "（一）", "20××", "**", "|", "\t", "\u3000", "\xa0", "。", "\u200b", "\ufeff", "第一篇:", "1.", "统计表", "年度报告", "\r"]


def mutations(text: str, rng: random.Random):
    lines = text.split("\n")
    for _ in range(12):
        ls = list(lines)
        op = rng.choice(["delete", "shuffle", "duplicate", "insert", "truncate", "join"])
        if op == "delete" and ls:
            a = rng.randrange(len(ls))
            del ls[a:a + rng.randint(1, 10)]
        elif op == "shuffle":
            rng.shuffle(ls)
        elif op == "duplicate" and ls:
            a = rng.randrange(len(ls))
            ls[a:a] = ls[a:a + rng.randint(1, 8)]
        elif op == "insert" and ls:
            for _ in range(20):
                i = rng.randrange(len(ls))
                j = rng.randint(0, len(ls[i]))
                ls[i] = ls[i][:j] + rng.choice(JUNK) + ls[i][j:]
        elif op == "truncate":
            ls = ls[: rng.randint(0, len(ls))]
        elif op == "join":
            ls = ["".join(ls)]
        yield "\n".join(ls)


@pytest.mark.parametrize("seed_file", sorted(SEEDS.glob("*.txt")), ids=lambda p: p.name[:3])
@pytest.mark.parametrize("fmt", ["txt", "md"])
def test_mutated_seeds_do_not_crash(linter, seed_file, fmt):
    text = seed_file.read_text(encoding="utf-8")
    rng = random.Random(seed_file.name + fmt)
    for mutated in mutations(text, rng):
        result = linter.lint_text(mutated, path=f"m.{fmt}", fmt=fmt)
        n = len(mutated.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
        for d in result.diagnostics:
            assert 1 <= d.line <= max(n, 1), (d.rule, d.line, n)
            assert d.column >= 1
