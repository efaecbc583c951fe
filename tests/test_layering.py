"""The folders show the pipeline, and imports only point down it: loading imports nothing from
check or render; renderers import only the model, the question types, the seed readers, text
helpers and templating; there is no import cycle (imports under TYPE_CHECKING and inside functions count)."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "citequiz"

LOADING = {"load", "load_bank", "reader", "yamlsrc", "seeds", "config", "model", "errors", "fields",
           "cloze", "suggest", "normalize", "types", "readers", "lines", "controls", "files"}
# What a renderer may import besides other render modules.
# The seed readers are to seeds what the types are to questions: the source reader shows a
# Markdown seed as its reader renders it. `markup` is the text helper that turns a bank's
# Markdown into each output's idiom (it imports nothing from check or render). The answer
# matcher is what every format lists or runs for a typed answer.
FOR_RENDERERS = {"model", "errors", "types", "readers", "cloze", "suggest", "normalize", "lines", "templating",
                 "lock", "coverage", "controls", "markup", "answers"}


def test_markup_imports_nothing_from_check_render_or_build():
    bad = {m: sorted(i for i in deps if top(i) in ("check", "render", "build", "load"))
           for m, deps in GRAPH.items() if top(m) == "markup"}
    assert {m: d for m, d in bad.items() if d} == {}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports(path: Path) -> set[str]:
    """Every citequiz module `path` imports, as dotted names relative to the package."""
    name = module_name(path)
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1] if node.level > 1 else list(package)
                target = ".".join([*base, *(node.module.split(".") if node.module else [])])
            elif node.module and node.module.startswith("citequiz"):
                target = node.module.removeprefix("citequiz").lstrip(".")
            else:
                continue
            for alias in node.names:  # `from . import types` imports the module citequiz.types
                sub = f"{target}.{alias.name}" if target else alias.name
                found.add(sub if (PACKAGE / (sub.replace(".", "/") + ".py")).is_file()
                          or (PACKAGE / sub.replace(".", "/")).is_dir() else target)
        elif isinstance(node, ast.Import):
            found.update(a.name.removeprefix("citequiz.") for a in node.names if a.name.startswith("citequiz."))
    found.discard("")
    return found


GRAPH = {module_name(p): imports(p) for p in PACKAGE.rglob("*.py")}


def top(name: str) -> str:
    return name.split(".")[0]


def test_the_graph_is_read():
    assert "render.registry" in GRAPH["check"] and "types" in GRAPH["load_bank"]


def test_loading_imports_nothing_from_check_or_render():
    bad = {m: sorted(i for i in deps if top(i) in ("check", "render", "build"))
           for m, deps in GRAPH.items() if top(m) in LOADING}
    assert {m: d for m, d in bad.items() if d} == {}


def test_renderers_import_only_the_model_types_text_helpers_and_templating():
    bad = {m: sorted(i for i in deps if top(i) != "render" and top(i) not in FOR_RENDERERS)
           for m, deps in GRAPH.items() if top(m) == "render"}
    assert {m: d for m, d in bad.items() if d} == {}


def find_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    state: dict[str, int] = {}
    cycles = []

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for dep in sorted(graph.get(node, ())):
            if dep == node or dep not in graph:
                continue
            if state.get(dep) == 1:
                cycles.append(path[path.index(dep):] + [dep])
            elif dep not in state:
                visit(dep, [*path, dep])
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    return cycles


def test_the_cycle_finder_finds_a_cycle():
    assert find_cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c", "a"]]


def test_no_import_cycles():
    assert find_cycles(GRAPH) == []
