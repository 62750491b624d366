"""The project's packages import one way: jixiao (the command) over everything; ingest, warehouse,
evaluation, generate and dashboards each keep to their own job (see CONTRIBUTING.md)."""
from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("jixiao", "ingest", "warehouse", "evaluation", "generate", "dashboards")


def _runtime_imports(path: Path) -> set[str]:
    """Project modules a file imports when it runs (imports under `if TYPE_CHECKING:` are left out)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = {id(n) for node in ast.walk(tree) if isinstance(node, ast.If)
               and getattr(node.test, "id", getattr(node.test, "attr", None)) == "TYPE_CHECKING"
               for n in ast.walk(node)}
    found = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found |= {f"{node.module}.{a.name}" for a in node.names}
    return {m for m in found if m.split(".")[0] in PACKAGES}


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph() -> dict[str, set[str]]:
    files = [p for pkg in PACKAGES for p in (ROOT / pkg).rglob("*.py")]
    modules = {_module_name(p): p for p in files}
    return {name: {m for m in _runtime_imports(p) if m in modules} for name, p in modules.items()}


def _imports_of(package: str) -> set[str]:
    return {m for name, deps in import_graph().items() if name.split(".")[0] == package for m in deps}


def test_ingest_imports_neither_dashboards_nor_generate_nor_the_builder():
    deps = _imports_of("ingest")
    assert not {m for m in deps if m.split(".")[0] in ("dashboards", "generate", "jixiao", "evaluation")}, deps
    assert not {m for m in deps if m.startswith(("warehouse.build", "warehouse.export"))}, deps


def test_dashboards_import_nothing_from_ingest_or_the_builder():
    deps = _imports_of("dashboards")
    assert not {m for m in deps if m.split(".")[0] in ("ingest", "generate", "jixiao", "evaluation")}, deps
    assert not {m for m in deps if m.startswith(("warehouse.build", "warehouse.export"))}, deps


def test_generate_never_imports_the_extractor():
    assert not {m for m in _imports_of("generate") if m.split(".")[0] in ("ingest", "dashboards", "jixiao")}


def test_no_import_cycles():
    graph = import_graph()
    state: dict[str, int] = {}

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for dep in graph.get(node, ()):
            if state.get(dep) == 1:
                raise AssertionError("import cycle: " + " -> ".join(path[path.index(dep):] + [dep]) if dep in path
                                     else f"import cycle through {dep}")
            if dep not in state:
                visit(dep, path + [dep])
        state[node] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])


def test_the_graph_sees_real_imports():
    """Guard for the checks above: the command package does import the others."""
    deps = _imports_of("jixiao")
    assert {"ingest", "warehouse", "evaluation"} <= {m.split(".")[0] for m in deps}


def test_benchmarks_do_not_import_tests():
    for path in (ROOT / "benchmarks").glob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert '"tests"' not in text and "from tests" not in text, path


def test_ingest_module_loads_without_dashboards_or_dbt():
    code = ("import sys, ingest.pipeline, ingest.load; "
            "bad = [m for m in sys.modules if m.split('.')[0] in ('dashboards', 'generate', 'dbt', 'streamlit')]; "
            "print(bad); sys.exit(1 if bad else 0)")
    r = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
