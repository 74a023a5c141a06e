"""The apps depend on each other in one direction only.

Every import in the project's source is read (those inside functions too, since a late import is still a
dependency), and every relation between models is asked of Django's app registry.
"""

import ast
from pathlib import Path

from django.apps import apps

ROOT = Path(__file__).resolve().parents[2]
APPS = ("jindu", "education", "events", "campaigns", "media")
# (depends on, must not be depended on by): each pair may be joined in the first direction only.
ONE_WAY = [("media", "jindu"), ("campaigns", "events")]


def module_name(path):
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def project_modules():
    """{module name: path} for the apps' source, migrations left out (they record history, not design)."""
    modules = {}
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" not in path.parts:
                modules[module_name(path)] = path
    return modules


def imported_modules(name, path, modules):
    """The project modules `name` imports anywhere in its body."""
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module
            found.add(target)
            found.update(f"{target}.{alias.name}" for alias in node.names if f"{target}.{alias.name}" in modules)
    return {module for module in found if module.split(".")[0] in APPS}


def import_graph():
    modules = project_modules()
    return {name: imported_modules(name, path, modules) for name, path in modules.items()}


def reachable(graph, start):
    seen, todo = set(), [start]
    while todo:
        for target in graph.get(todo.pop(), ()):
            if target not in seen:
                seen.add(target)
                todo.append(target)
    return seen


def is_views(module):
    return any(part in ("views", "admin_views") for part in module.split("."))


def app_imports(graph):
    """{(app, other app): [(module, imported module)]}."""
    pairs = {}
    for module, targets in graph.items():
        for target in targets:
            source_app, target_app = module.split(".")[0], target.split(".")[0]
            if source_app != target_app:
                pairs.setdefault((source_app, target_app), []).append((module, target))
    return pairs


def test_the_graph_sees_imports_inside_functions():
    graph = import_graph()

    assert "jindu.models.pages" in graph["media.models.pages"]
    assert "education.quiz_landing" in graph["education.models.quizzes"]  # imported inside get_context


def test_no_models_module_reaches_a_views_module():
    graph = import_graph()

    reached = {
        module: sorted(target for target in reachable(graph, module) if is_views(target))
        for module in graph
        if ".models" in module
    }

    assert {module: views for module, views in reached.items() if views} == {}


def test_app_pairs_import_each_other_one_way_only():
    pairs = app_imports(import_graph())

    for user, used in ONE_WAY:
        assert (user, used) in pairs, f"{user} no longer imports {used}: update ONE_WAY"
        assert pairs.get((used, user), []) == [], f"{used} imports {user}"


def test_app_pairs_relate_their_models_one_way_only():
    related = set()
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if field.is_relation and not field.auto_created and field.related_model is not None:
                related.add((model._meta.app_label, field.related_model._meta.app_label))

    for user, used in ONE_WAY:
        assert (used, user) not in related, f"a model of {used} points at a model of {user}"
    assert ("events", "campaigns") not in related
    assert ("campaigns", "events") in related  # an activity report records a showing
