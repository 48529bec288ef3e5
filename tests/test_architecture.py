"""The house as layers (docs/architecture.md): every module on one layer, imports only downward,
no circle, function-local imports only for lazy heavy back-ends."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from conftest import ROOT

PACKAGE = ROOT / "govlint"
DOC = ROOT / "docs" / "architecture.md"

# third-party and standard modules a function may import lazily (heavy, or needed by few runs)
LAZY_BACKENDS = ("docx", "lxml", "olefile", "xlsxwriter", "pyarrow", "pypdf", "charset_normalizer", "opencc", "ruamel", "rich", "concurrent",
                 "tomllib", "tomli", "importlib", "zipfile", "logging", "shutil",
                 "rapidocr_onnxruntime", "pypdfium2", "cv2", "numpy", "ctypes")
# modules that import the engine inside their functions, so that --help and --version stay fast
LAZY_ENGINE = {"govlint", "govlint.cli"}


def _layers() -> dict[str, int]:
    """{module: layer} from the doc; "govlint.pkg.*" puts each module of the package that is not
    named on its own on that layer."""
    layers: dict[str, int] = {}
    packages: dict[str, int] = {}
    current = None
    for line in DOC.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^(\d+)\.\s", line)
        if m:
            current = int(m.group(1))
        elif not line.startswith("   "):
            current = None
        if current is not None:
            for name, star in re.findall(r"`(govlint(?:\.[a-z_]+)*)(\.\*)?`", line):
                target = packages if star else layers
                assert target.get(name, current) == current, f"{name} is on two layers"
                target[name] = current
    for name in _modules():
        parent = name.rpartition(".")[0]
        if name not in layers and parent in packages:
            layers[name] = packages[parent]
    return layers


def _modules() -> dict[str, Path]:
    out = {}
    for p in PACKAGE.rglob("*.py"):
        parts = p.relative_to(ROOT).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        out[name] = p
    return out


def _imports(modules: dict[str, Path]) -> list[tuple[str, str, bool, int]]:
    """(importer, imported module, inside a function, line) for every static import; an
    imported name is resolved to the longest module it names."""
    def resolve(name: str) -> str | None:
        parts = name.split(".")
        while parts:
            if ".".join(parts) in modules:
                return ".".join(parts)
            parts.pop()
        return None

    out = []
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        local = {id(n) for fn in ast.walk(tree) if isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef))
                 for n in ast.walk(fn) if isinstance(n, (ast.Import, ast.ImportFrom))}
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                targets = [f"{node.module}.{a.name}" for a in node.names]
            else:
                continue
            for target in targets:
                found = resolve(target) if target.startswith("govlint") else None
                out.append((name, found or target, id(node) in local, node.lineno))
    return out


def test_every_module_is_on_exactly_one_layer():
    layers, modules = _layers(), _modules()
    assert not set(modules) - set(layers), f"on no layer in {DOC.name}: {sorted(set(modules) - set(layers))}"
    assert not set(layers) - set(modules), f"no such module: {sorted(set(layers) - set(modules))}"


def test_imports_go_only_downward():
    layers, modules = _layers(), _modules()
    wrong = [f"{a}:{line} imports {b} (layer {layers[a]} → {layers[b]})"
             for a, b, _, line in _imports(modules) if b in modules and b != a and layers[b] >= layers[a]]
    assert not wrong, "\n".join(wrong)


def test_the_import_graph_has_no_circle():
    modules = _modules()
    graph: dict[str, set[str]] = {m: set() for m in modules}
    for a, b, _, _ in _imports(modules):
        if b in modules and b != a:
            graph[a].add(b)
    state: dict[str, int] = {}  # 1 on the path, 2 done

    def visit(m: str, path: list[str]) -> None:
        state[m] = 1
        for n in sorted(graph[m]):
            if state.get(n) == 1:
                raise AssertionError("import circle: " + " → ".join(path[path.index(n):] + [n]))
            if n not in state:
                visit(n, path + [n])
        state[m] = 2

    for m in sorted(graph):
        if m not in state:
            visit(m, [m])


def test_function_local_imports_are_only_lazy_back_ends():
    modules = _modules()
    wrong = []
    for a, b, local, line in _imports(modules):
        if not local:
            continue
        if b in modules:
            if a not in LAZY_ENGINE:
                wrong.append(f"{a}:{line} imports {b} inside a function")
        elif b.split(".")[0] not in LAZY_BACKENDS:
            wrong.append(f"{a}:{line} imports {b} inside a function (not a heavy back-end)")
    assert not wrong, "\n".join(wrong)


def test_no_module_level_memo_keyed_by_object_identity():
    """State that outlives a call lives in the run's Session or on the object it belongs to, never
    in a module-level dict keyed by id() (a freed object's id is reused by the next one)."""
    wrong = []
    for name, path in _modules().items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        module_names = {t.id for node in tree.body if isinstance(node, (ast.Assign, ast.AnnAssign))
                        for t in (node.targets if isinstance(node, ast.Assign) else [node.target])
                        if isinstance(t, ast.Name)}

        def keyed_by_id(node) -> bool:
            return any(isinstance(c, ast.Call) and isinstance(c.func, ast.Name) and c.func.id == "id"
                       for c in ast.walk(node))

        for node in ast.walk(tree):
            if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name) \
                    and node.value.id in module_names and keyed_by_id(node.slice):
                wrong.append(f"{name}:{node.lineno}")
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                    and isinstance(node.func.value, ast.Name) and node.func.value.id in module_names \
                    and node.func.attr in ("get", "setdefault", "pop") and node.args and keyed_by_id(node.args[0]):
                wrong.append(f"{name}:{node.lineno}")
    assert not wrong, wrong


def test_patterns_are_compiled_through_rx():
    """Every ``re.compile`` of govlint goes through ``govlint.rx`` (whose compiled programs are
    kept between runs): one left behind costs each run its parse and compile again."""
    wrong = []
    for name, path in _modules().items():
        if name == "govlint.rx":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "compile" \
                    and isinstance(node.func.value, ast.Name) and node.func.value.id == "re":
                wrong.append(f"{name}:{node.lineno}")
    assert not wrong, wrong
