"""A small AST mutation tester for govlint's checking core (not a test; not run by CI).

For each target module it lists the mutants (one AST change each), optionally samples N of them
with a fixed seed, and for each one runs the fast in-process tests against a mutated COPY of the
repository: the repository is copied once per job into a temporary directory, the mutated module
is written there (never into the working tree), and ``python -m pytest -x -q`` runs with the copy
first on PYTHONPATH and as the working directory. A mutant is *killed* when the tests fail (or
time out), and *survives* when they pass.

Operators (deliberately few):

- comparison  ``<``↔``<=``, ``>``↔``>=``, ``==``↔``!=``, ``in``↔``not in``, ``is``↔``is not``
- boolean     ``and``↔``or``
- arithmetic  ``+``↔``-`` (not where an operand is a string literal)
- constant    integer ``0``→``1``, ``1``→``0``, ``n``→``n+1``; ``True``↔``False``
- return      ``return x`` → ``return None``
- condition   ``if c:`` → ``if not (c):``

Usage (see benchmarks/README.md, "Mutation testing")::

    python benchmarks/mutate.py --sample 60 --jobs 2                 # the six core modules
    python benchmarks/mutate.py govlint/matcher.py --list            # list the mutants only
    python benchmarks/mutate.py --rerun /tmp/mutants.json --jobs 2   # only the survivors of a run

Only the standard library is used. Results: a summary table and the survivors on stdout, the survivors also in a file
(``--survivors``), everything as JSON (``--json``, also the input of ``--rerun``).
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import queue
import random
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORE = ["govlint/tables.py", "govlint/matcher.py", "govlint/checks/cells.py",
        "govlint/checks/structure.py", "govlint/checks/period.py", "govlint/checks/contact.py"]
# In-process test files, fastest first: together about 20 s on one core; the CLI tests, which
# start processes, are left out.
FAST_TESTS = ["tests/test_headings.py", "tests/test_patterns.py", "tests/test_document.py",
              "tests/test_seeds.py", "tests/test_examples.py", "tests/test_rules.py",
              "tests/test_tables.py", "tests/test_table_layouts.py", "tests/test_lastyear.py",
              "tests/test_mutation_kills.py"]
IGNORE = shutil.ignore_patterns(".git", ".ci-venv", ".hypothesis", ".pytest_cache", ".ruff_cache",
                                "__pycache__", "*.egg-info", "build", "dist")

_CMP = {ast.Lt: ast.LtE, ast.LtE: ast.Lt, ast.Gt: ast.GtE, ast.GtE: ast.Gt, ast.Eq: ast.NotEq,
        ast.NotEq: ast.Eq, ast.In: ast.NotIn, ast.NotIn: ast.In, ast.Is: ast.IsNot, ast.IsNot: ast.Is}


@dataclass
class Mutant:
    module: str        # path relative to the repository
    node: int          # index of the node in ast.walk order
    variant: int       # which change of that node
    line: int
    kind: str
    before: str
    after: str
    status: str = ""   # killed | survived | timeout
    seconds: float = 0.0

    @property
    def key(self) -> tuple[str, int, int]:
        return (self.module, self.node, self.variant)


def _skipped(tree: ast.Module) -> set[int]:
    """ids of nodes not to mutate: docstrings, annotations, TYPE_CHECKING blocks."""
    skip: set[int] = set()

    def mark(node):
        for sub in ast.walk(node):
            skip.add(id(sub))

    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr) \
                and isinstance(body[0].value, ast.Constant) and isinstance(body[0].value.value, str):
            mark(body[0])
        if isinstance(node, (ast.arg, ast.AnnAssign)) and node.annotation is not None:
            mark(node.annotation)
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.returns is not None:
            mark(node.returns)
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            mark(node)
    return skip


def _changes(node: ast.AST) -> list[tuple[str, callable]]:
    """The mutations of one node: (kind, function that changes the node in place)."""
    out: list[tuple[str, callable]] = []
    if isinstance(node, ast.Compare):
        for i, op in enumerate(node.ops):
            if type(op) in _CMP:
                def change(n, i=i):
                    n.ops[i] = _CMP[type(n.ops[i])]()
                out.append(("comparison", change))
    elif isinstance(node, ast.BoolOp):
        def change(n):
            n.op = ast.Or() if isinstance(n.op, ast.And) else ast.And()
        out.append(("boolean", change))
    elif isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Sub)):
        literal = any(isinstance(side, ast.JoinedStr) or (isinstance(side, ast.Constant) and isinstance(side.value, (str, bytes)))
                      for side in (node.left, node.right))
        if not literal:
            def change(n):
                n.op = ast.Sub() if isinstance(n.op, ast.Add) else ast.Add()
            out.append(("arithmetic", change))
    elif isinstance(node, ast.Constant) and isinstance(node.value, bool):
        def change(n):
            n.value = not n.value
        out.append(("constant", change))
    elif isinstance(node, ast.Constant) and type(node.value) is int:
        def change(n):
            n.value = {0: 1, 1: 0}.get(n.value, n.value + 1)
        out.append(("constant", change))
    elif isinstance(node, ast.Return) and node.value is not None \
            and not (isinstance(node.value, ast.Constant) and node.value.value is None):
        def change(n):
            n.value = ast.Constant(None)
        out.append(("return", change))
    elif isinstance(node, ast.If):
        def change(n):
            n.test = ast.UnaryOp(ast.Not(), n.test)
        out.append(("condition", change))
    return out


def _short(node: ast.AST) -> str:
    if isinstance(node, ast.If):
        text = "if " + ast.unparse(node.test)
    else:
        text = ast.unparse(node)
    text = " ".join(text.split())
    return text if len(text) <= 100 else text[:97] + "..."


def _walk(tree: ast.Module):
    skip = _skipped(tree)
    for index, node in enumerate(ast.walk(tree)):
        if id(node) not in skip:
            yield index, node


def enumerate_mutants(module: str) -> list[Mutant]:
    source = (ROOT / module).read_text(encoding="utf-8")
    found = []
    for index, node in _walk(ast.parse(source)):
        for variant, (kind, change) in enumerate(_changes(node)):
            before = _short(node)
            copy = ast.parse(source)
            target = next(n for i, n in enumerate(ast.walk(copy)) if i == index)
            change(target)
            found.append(Mutant(module, index, variant, getattr(node, "lineno", 0), kind, before, _short(target)))
    return found


def mutated_source(mutant: Mutant | None, module: str) -> str:
    """The module's source with the mutant applied (``None``: only unparsed, the control)."""
    tree = ast.parse((ROOT / module).read_text(encoding="utf-8"))
    if mutant is not None:
        target = next(n for i, n in enumerate(ast.walk(tree)) if i == mutant.node)
        _changes(target)[mutant.variant][1](target)
    return ast.unparse(tree) + "\n"


class Workspace:
    """One copy of the repository per job, handed out to one run at a time."""

    def __init__(self, jobs: int, base: Path):
        self.copies: queue.Queue[Path] = queue.Queue()
        for j in range(jobs):
            dest = base / f"copy{j}"
            shutil.copytree(ROOT, dest, ignore=IGNORE)
            (dest / "tmp").mkdir()
            self.copies.put(dest)

    def run(self, module: str, source: str, tests: list[str], timeout: float) -> tuple[str, float]:
        copy = self.copies.get()
        target = copy / module
        original = target.read_text(encoding="utf-8")
        try:
            target.write_text(source, encoding="utf-8")
            env = dict(os.environ, PYTHONPATH=str(copy), PYTHONDONTWRITEBYTECODE="1",
                       TMPDIR=str(copy / "tmp"), GOVLINT_CACHE_DIR=str(copy / "tmp" / "cache"))
            start = time.perf_counter()
            try:
                proc = subprocess.run([sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider",
                                       *tests], cwd=copy, env=env, stdout=subprocess.DEVNULL,
                                      stderr=subprocess.DEVNULL, timeout=timeout, check=False)
                status = "survived" if proc.returncode == 0 else "killed"
            except subprocess.TimeoutExpired:
                status = "timeout"
            return status, time.perf_counter() - start
        finally:
            target.write_text(original, encoding="utf-8")
            shutil.rmtree(copy / "tmp", ignore_errors=True)
            (copy / "tmp").mkdir()
            self.copies.put(copy)

    def check_import(self) -> str:
        copy = self.copies.get()
        try:
            return subprocess.run([sys.executable, "-c", "import govlint; print(govlint.__file__)"], cwd=copy,
                                  env=dict(os.environ, PYTHONPATH=str(copy)), capture_output=True,
                                  text=True, check=False).stdout.strip()
        finally:
            self.copies.put(copy)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("modules", nargs="*", help="modules to mutate (default: the six core modules)")
    ap.add_argument("--sample", type=int, default=0, help="mutants per module, drawn with --seed (0: all)")
    ap.add_argument("--seed", type=int, default=18)
    ap.add_argument("--jobs", "-j", type=int, default=1, help="copies of the repository run in parallel")
    ap.add_argument("--timeout", type=float, default=180, help="seconds per mutant (a timeout counts as killed)")
    ap.add_argument("--tests", nargs="+", default=None, help="test files (default: the fast in-process ones)")
    ap.add_argument("--list", action="store_true", help="only list the mutants")
    ap.add_argument("--rerun", type=Path, help="run again only the survivors in this --json file")
    ap.add_argument("--survivors", type=Path, default=None, help="also write the survivors to this file")
    ap.add_argument("--json", type=Path, default=None)
    ap.add_argument("--no-control", action="store_true", help="skip the unmutated (unparsed) control run")
    args = ap.parse_args(argv)

    tests = args.tests or [t for t in FAST_TESTS if (ROOT / t).exists()]
    modules = args.modules or CORE
    previous: dict | None = None
    if args.rerun:
        previous = json.loads(args.rerun.read_text(encoding="utf-8"))
        modules = list(previous["modules"])
    todo: list[Mutant] = []
    totals: dict[str, int] = {}
    for module in modules:
        module = str(Path(module).resolve().relative_to(ROOT)) if Path(module).is_absolute() else module
        every = enumerate_mutants(module)
        if previous:
            wanted = {tuple(m[:3]) for m in previous["modules"][module]["survivors"]}
            chosen = [m for m in every if m.key in wanted]
            totals[module] = previous["modules"][module]["total"]
        else:
            chosen = sorted(random.Random(args.seed).sample(every, min(args.sample, len(every))),
                            key=lambda m: (m.line, m.node, m.variant)) if args.sample else every
            totals[module] = len(chosen)
        print(f"{module}: {len(every)} mutants, {len(chosen)} to run", file=sys.stderr)
        todo += chosen
    if args.list:
        for m in todo:
            print(f"{m.module}:{m.line}: [{m.kind}] {m.before}  →  {m.after}")
        return 0

    base = Path(tempfile.mkdtemp(prefix="govlint-mutate-"))
    try:
        work = Workspace(args.jobs, base)
        print(f"govlint imported from {work.check_import()}", file=sys.stderr)
        if not args.no_control:  # the unparsed module must pass, or every mutant would look killed
            with ThreadPoolExecutor(args.jobs) as pool:
                controls = list(pool.map(lambda mod: work.run(mod, mutated_source(None, mod), tests, args.timeout),
                                         modules))
            for module, (status, secs) in zip(modules, controls):
                print(f"control {module}: {status} ({secs:.1f} s)", file=sys.stderr)
            if any(status != "survived" for status, _ in controls):
                print("the tests fail without a mutation; fix that first", file=sys.stderr)
                return 2
        done = 0

        def one(m: Mutant) -> Mutant:
            nonlocal done
            m.status, m.seconds = work.run(m.module, mutated_source(m, m.module), tests, args.timeout)
            done += 1
            print(f"[{done}/{len(todo)}] {m.status:8} {m.module}:{m.line} {m.before} → {m.after}",
                  file=sys.stderr, flush=True)
            return m

        with ThreadPoolExecutor(args.jobs) as pool:
            results = list(pool.map(one, todo))
    finally:
        shutil.rmtree(base, ignore_errors=True)

    report: dict = {"tests": tests, "seed": args.seed, "sample": args.sample, "modules": {}}
    print("| module | mutants run | killed | survived | score |")
    print("| --- | ---: | ---: | ---: | ---: |")
    lines = []
    for module in modules:
        mine = [m for m in results if m.module == module]
        survivors = [m for m in mine if m.status == "survived"]
        total = totals[module]
        killed = total - len(survivors)
        print(f"| {module} | {total} | {killed} | {len(survivors)} | {100 * killed / max(total, 1):.0f} % |")
        report["modules"][module] = {"total": total, "killed": killed,
                                     "survivors": [[m.module, m.node, m.variant, m.line, m.kind, m.before, m.after]
                                                   for m in survivors]}
        lines += [f"{m.module}:{m.line}: [{m.kind}] {m.before}  →  {m.after}" for m in survivors]
    print("\nSurvivors:" if lines else "\nNo survivors.")
    for line in lines:
        print(line)
    if args.survivors:
        args.survivors.write_text("\n".join(lines) + ("\n" if lines else ""), encoding="utf-8")
    if args.json:
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
